# Sổ tay nghiệp vụ công tác Đảng — build, serve and test.
# `make serve` and `make test` install whatever is missing first (Python venv,
# npm packages, and for tests Debian's Chromium, fonts and poppler-utils).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_WORKERS ?= 2

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

# Debian packages: build tools for a fresh machine, then what the tests drive.
BASE_PKGS := python3 python3-venv nodejs npm make
TEST_PKGS := chromium fonts-noto-core poppler-utils

.PHONY: help serve build test check bench deps system-base system-test clean

help:
	@echo "make serve   - cài đặt những gì còn thiếu rồi chạy trang ở http://127.0.0.1:8000"
	@echo "make test    - cài đặt những gì còn thiếu (cả Chromium) rồi chạy toàn bộ kiểm thử"
	@echo "make build   - dựng trang tĩnh (strict) vào thư mục site/"
	@echo "make check   - kiểm tra nội dung YAML mà không dựng trang"
	@echo "make handouts - bản in PDF khổ A4 vào site/ban-in/"
	@echo "make export  - xuất GIFT, Moodle XML, SCORM 1.2 vào dist/lms/"
	@echo "make bench   - in các số đo hiệu năng"

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Cài gói Debian:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

system-base:
	@if ! command -v npm >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then \
	  $(MAKE) --no-print-directory apt-base; fi

.PHONY: apt-base
apt-base:
	$(call apt_install,$(BASE_PKGS))

system-test:
	$(call apt_install,$(TEST_PKGS))

$(VENV)/.installed: requirements.txt | system-base
	python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json | system-base
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.installed node_modules/.installed

build: deps
	$(PY) -m mkdocs build --strict

serve: deps
	$(PY) -m mkdocs serve -a 127.0.0.1:8000

check: deps
	$(PY) -m macros check

test: deps system-test
	$(PY) -m macros check
	$(PY) -m mkdocs build --strict
	$(PY) tools/handouts.py site
	$(PY) -m macros.lms export --site site --out dist
	$(PY) -m pytest -n $(PYTEST_WORKERS) tests

# Printed handouts (A4 PDFs) into site/ban-in/: builds the site, then prints every file
# with Chromium, showing progress and the total time.
.PHONY: handouts
handouts: deps system-test
	$(PY) -m mkdocs build --strict
	$(PY) tools/handouts.py site

# LMS exports into dist/lms/ (GIFT, Moodle XML, SCORM 1.2) and a copy in site/tai-ve/lms/
# for the "Dùng trong LMS" page: builds the site first, the packages are made from it.
.PHONY: export
export: deps
	$(PY) -m mkdocs build --strict
	$(PY) -m macros.lms export --site site --out dist

# The peer (mkdocs-quiz) for the side-by-side figures lives in its own bench-only venv.
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed: tests/bench-requirements.txt | system-base
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --disable-pip-version-check -q -r tests/bench-requirements.txt
	@touch $@

bench: deps system-test $(BENCH_VENV)/.installed
	$(PY) -m mkdocs build --strict
	$(PY) tests/bench.py

clean:
	rm -rf site dist test-output .pytest_cache
