# Sổ tay nghiệp vụ công tác Đảng — build, serve and test.
# `make serve` and `make test` install whatever is missing first (Python venv,
# npm packages, and for tests Debian's Chromium, fonts, poppler-utils and LibreOffice).

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_WORKERS ?= 2

export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1
# EDITION=hoc-vien builds the trainee edition (hooks/site.py reads it).
export EDITION

# Every output goes through one pipeline (macros/pipeline.py): pages -> handouts -> export
# -> linkcheck. Each step adds to site/ and never deletes another step's work, so targets
# can run in any order. To add a step, add one Step(...) line to STEPS in macros/pipeline.py
# and, if it needs its own target, one line here: `$(PIPELINE) <target>`.
PIPELINE := $(PY) -m macros.pipeline

# Debian packages: build tools for a fresh machine, then what the tests drive.
BASE_PKGS := python3 python3-venv nodejs npm make
TEST_PKGS := chromium fonts-noto-core poppler-utils
# Templates (mẫu biểu): LibreOffice converts the Word files to PDF; Liberation Serif is the
# metric twin of Times New Roman it substitutes (only "recommended" by LibreOffice).
TEST_PKGS += libreoffice-writer-nogui fonts-liberation2
# fc-query (font coverage tests); Chromium usually brings it, named here so it is never missing.
TEST_PKGS += fontconfig

.PHONY: help serve build test check bench deps system-base system-test clean linkcheck import

help:
	@echo "make serve   - cài đặt những gì còn thiếu rồi chạy trang ở http://127.0.0.1:8000"
	@echo "make test    - cài đặt những gì còn thiếu (cả Chromium) rồi chạy toàn bộ kiểm thử"
	@echo "make build   - dựng toàn bộ vào site/: trang, bản in PDF, gói LMS, rồi kiểm tra liên kết"
	@echo "make check   - kiểm tra nội dung YAML mà không dựng trang"
	@echo "make handouts - chỉ dựng trang và in lại các bản PDF đã thay đổi vào site/ban-in/"
	@echo "make export  - dựng trang, bản in, rồi xuất GIFT, Moodle XML, SCORM 1.2 vào dist/lms/"
	@echo "make linkcheck - kiểm tra liên kết trên toàn bộ site/ (trang, PDF, DOCX, zip)"
	@echo "make import FILE=tep.xlsx [BANK=ma-bo] - nhập câu hỏi từ Excel, GIFT hoặc Moodle XML"
	@echo "make class-test BANK=<mã> [N=<số câu>] [MINUTES=<phút>] - tệp kiểm tra trên lớp vào dist/kiem-tra/"
	@echo "make build EDITION=hoc-vien - bản cho học viên (không có phần giảng viên, đáp án)"
	@echo "make bench   - in các số đo hiệu năng"
	@echo "make test-js - kiểm thử đơn vị phần chấm điểm và tính ngày làm việc (node --test)"
	@echo "make mutation - kiểm thử đột biến (StrykerJS, mutmut), in tỉ lệ đột biến bị phát hiện"

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

build: deps system-test
	$(PIPELINE) build

serve: deps
	$(PY) -m mkdocs serve -a 127.0.0.1:8000

check: deps
	$(PY) -m macros check

test: deps system-test test-js
	$(PY) -m macros check
	$(PIPELINE) build
	$(PY) -m pytest -n $(PYTEST_WORKERS) tests

# Printed handouts (A4 PDFs) into site/ban-in/: builds the pages, then prints with
# Chromium only the files whose content changed (a .sha256 beside each PDF).
.PHONY: handouts
handouts: deps system-test
	$(PIPELINE) handouts

# LMS exports into dist/lms/ (GIFT, Moodle XML, SCORM 1.2) and a copy in site/tai-ve/lms/
# for the "Dùng trong LMS" page: pages and handouts first, the packages carry the PDFs.
.PHONY: export
export: deps system-test
	$(PIPELINE) export

linkcheck: deps
	$(PIPELINE) linkcheck

# Question bank from Excel (.xlsx), Moodle GIFT or Moodle XML into quizzes/<id>.yml.
import: deps
	@test -n "$(FILE)" || { echo "Dùng: make import FILE=duong-dan/tep.xlsx [BANK=ma-bo-cau-hoi]"; exit 2; }
	$(PY) -m macros import "$(FILE)" $(if $(BANK),--bank "$(BANK)")

# The peer (mkdocs-quiz) for the side-by-side figures lives in its own bench-only venv.
BENCH_VENV := .bench-venv
$(BENCH_VENV)/.installed: tests/bench-requirements.txt | system-base
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --disable-pip-version-check -q -r tests/bench-requirements.txt
	@touch $@

bench: deps system-test $(BENCH_VENV)/.installed
	$(PIPELINE) pages
	$(PY) tests/bench.py

clean:
	rm -rf site dist test-output .pytest_cache mutants .stryker-tmp

# Unit tests of the pure JS modules (quiz-core.js, workdays-core.js) with Node's own runner.
.PHONY: test-js
test-js: node_modules/.installed
	node --test tests/js/

# Mutation testing (not part of `make test`; slow): StrykerJS over `node --test` for the
# pure JS modules, mutmut over the Python grading, calendar and export code, then the
# score per module (tools/mutation_report.py; equivalent mutants: tools/mutation-equivalent.txt).
.PHONY: mutation
mutation: deps
	node_modules/.bin/stryker run
	$(PY) -m mkdocs build --strict -d test-output/mutation-site
	rm -rf mutants && mkdir mutants && ln -s ../node_modules mutants/node_modules
	env -u PYTHONPATH SITE_DIR=$(CURDIR)/test-output/mutation-site SITE_PREBUILT=1 \
	  $(PY) -m mutmut run --max-children $(PYTEST_WORKERS)
	$(PY) tools/mutation_report.py

# One self-contained class-test file (no answers in it) into dist/kiem-tra/<bank>.html.
.PHONY: class-test
class-test: deps
	@if [ -z "$(BANK)" ]; then echo "Thiếu BANK: make class-test BANK=sinh-hoat-chi-bo [N=12] [MINUTES=15]" >&2; exit 2; fi
	$(PY) -m macros.classtest "$(BANK)" $(if $(N),--n "$(N)") $(if $(MINUTES),--minutes "$(MINUTES)")
