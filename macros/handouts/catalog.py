"""Which printed handouts exist: read from mkdocs.yml nav, page front matter and quiz banks.

Nothing here is hard-coded per module: a module is any page ``<slug>/index.md`` in the
nav whose front matter has ``module: N`` (N >= 1); a worksheet and an answer key exist
for every bank in ``quizzes/*.yml``. So new content gets its handouts without code changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

OUT_DIR = "ban-in"  # inside the built site
SOURCES_PAGE = "van-ban-tham-khao.md"
GLOSSARY_PAGE = "thuat-ngu.md"
HANDBOOK_STEM = "so-tay-nghiep-vu-cong-tac-dang"


def module_pdf(slug: str) -> str:
    return f"{slug}.pdf"


def worksheet_pdf(bank_id: str) -> str:
    return f"phieu-bai-tap-{bank_id}.pdf"


def answer_key_pdf(bank_id: str) -> str:
    return f"dap-an-{bank_id}.pdf"


class _NavLoader(yaml.SafeLoader):
    """mkdocs.yml has ``!!python/name:`` and ``!ENV`` tags; the nav needs none of them."""


_NavLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_NavLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def load_config(root: Path) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_NavLoader) or {}


def nav_pages(nav: Any) -> list[tuple[str, str | None]]:
    """Every page of the nav in order, as (source path, nav title or None)."""
    out: list[tuple[str, str | None]] = []

    def walk(node, title=None):
        if isinstance(node, str):
            if node.endswith(".md"):
                out.append((node, title))
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, key if isinstance(value, str) else None)

    walk(nav or [])
    return out


_FRONT = re.compile(r"\A---\s*\n(.*?)\n(?:---|\.\.\.)\s*\n", re.S)


def front_matter(path: Path) -> dict:
    m = _FRONT.match(path.read_text(encoding="utf-8"))
    if not m:
        return {}
    data = yaml.safe_load(m.group(1))
    return data if isinstance(data, dict) else {}


@dataclass
class Module:
    number: int
    slug: str
    src: str  # "sinh-hoat-chi-bo/index.md"
    title: str  # "2. Sinh hoạt chi bộ"
    meta: dict = field(default_factory=dict)


@dataclass
class Bank:
    id: str
    title: str
    module: int
    data: dict


@dataclass
class Job:
    """One PDF to produce."""

    kind: str  # "module" | "handbook" | "worksheet" | "answer_key"
    name: str  # file name inside ban-in/
    title: str  # document title (PDF metadata, cover)
    header: str  # running header text
    module: Module | None = None
    bank: Bank | None = None


@dataclass
class Appendix:
    """A nav group next to the modules that is not a module (e.g. the model procedures)."""

    title: str
    pages: list[str]


@dataclass
class Catalog:
    site_name: str
    site_description: str
    modules: list[Module]
    banks: list[Bank]
    extra_pages: list[str]  # pages appended to the handbook (sources register, glossary)
    appendices: list[Appendix] = field(default_factory=list)

    def module_by_number(self, number: int) -> Module | None:
        return next((m for m in self.modules if m.number == number), None)

    def jobs(self) -> list[Job]:
        jobs = [
            Job("module", module_pdf(m.slug), m.title, m.title, module=m) for m in self.modules
        ]
        jobs.append(Job("handbook", f"{HANDBOOK_STEM}.pdf", self.site_name, self.site_name))
        for b in self.banks:
            label = bank_label(b)
            jobs.append(Job("worksheet", worksheet_pdf(b.id), f"Phiếu bài tập: {label}",
                            f"Phiếu bài tập — {label}", bank=b, module=self.module_by_number(b.module)))
        for b in self.banks:
            label = bank_label(b)
            jobs.append(Job("answer_key", answer_key_pdf(b.id), f"Đáp án: {label}",
                            f"Đáp án — {label}", bank=b, module=self.module_by_number(b.module)))
        return jobs


def bank_label(bank: Bank) -> str:
    """"Tự kiểm tra: Sinh hoạt chi bộ" -> "Sinh hoạt chi bộ"."""
    title = bank.title.strip()
    for prefix in ("Tự kiểm tra:", "Tự kiểm tra -", "Tự kiểm tra –"):
        if title.startswith(prefix):
            return title[len(prefix):].strip() or title
    return title


def _first_heading(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return None


def load_catalog(root: Path | str, banks: list[dict] | None = None) -> Catalog:
    """Modules in nav order, quiz banks by module then id.

    ``banks`` may be passed (already validated bank data, e.g. from ``Repository``);
    otherwise ``quizzes/*.yml`` is read directly.
    """
    root = Path(root)
    config = load_config(root)
    docs = root / (config.get("docs_dir") or "docs")
    modules: list[Module] = []
    seen: set[str] = set()
    for src, _title in nav_pages(config.get("nav")):
        if src in seen or not src.endswith("/index.md") or not (docs / src).is_file():
            continue
        seen.add(src)
        meta = front_matter(docs / src)
        number = meta.get("module")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            continue
        title = str(meta.get("title") or _first_heading(docs / src) or src)
        modules.append(Module(number, src.rsplit("/", 1)[0], src, title, meta))
    if banks is None:
        banks = []
        for path in sorted((root / "quizzes").glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("questions"):
                banks.append(data)
    bank_list = sorted(
        (Bank(str(b["id"]), str(b.get("title") or b["id"]), int(b.get("module") or 0), b) for b in banks),
        key=lambda b: (b.module == 0, b.module, b.id),
    )
    nav_srcs = {src for src, _ in nav_pages(config.get("nav"))}
    extra = [p for p in (SOURCES_PAGE, GLOSSARY_PAGE) if p in nav_srcs and (docs / p).is_file()]
    site_name = str(config.get("site_name") or "")
    appendices = _appendices(config.get("nav"), docs, {m.src for m in modules})
    appendices += _marked_appendices(config.get("nav"), docs)
    return Catalog(site_name, str(config.get("site_description") or ""), modules, bank_list, extra, appendices)


def _appendices(nav, docs: Path, module_srcs: set[str]) -> list[Appendix]:
    """Groups of pages in the modules' nav section that hold no module or quiz page.

    With the current nav that is "Quy trình mẫu (ISO 9001)": the register of model
    procedures, QT-01..QT-09 (with their flowcharts) and the timelines page.
    """
    out: list[Appendix] = []
    for top in nav or []:
        if not isinstance(top, dict):
            continue
        for title, children in top.items():
            pages = [src for src, _ in nav_pages(children)]
            if not module_srcs & set(pages) or not isinstance(children, list):
                continue
            loose: list[str] = []
            for child in children:
                if isinstance(child, dict) and len(child) == 1 and isinstance(next(iter(child.values())), list):
                    group_title, group = next(iter(child.items()))
                    srcs = [s for s, _ in nav_pages(group)]
                    if srcs and not any(_is_course_page(docs, s, module_srcs) for s in srcs):
                        out.append(Appendix(str(group_title), [s for s in srcs if (docs / s).is_file()]))
                else:
                    srcs = [s for s, _ in nav_pages(child)]
                    loose += [s for s in srcs if not _is_course_page(docs, s, module_srcs) and (docs / s).is_file()]
            if loose:
                out.append(Appendix(str(title), loose))
    return out


def _marked_appendices(nav, docs: Path) -> list[Appendix]:
    """Top-level nav sections whose first page has ``handbook: appendix`` in its front matter.

    The section's other pages become one appendix of the handbook (today "Mẫu biểu": every
    template page, after the model procedures); the first page is the section's index.
    """
    out: list[Appendix] = []
    for top in nav or []:
        if not isinstance(top, dict):
            continue
        for title, children in top.items():
            if not isinstance(children, list):
                continue
            srcs = [s for s, _ in nav_pages(children) if (docs / s).is_file()]
            if len(srcs) > 1 and front_matter(docs / srcs[0]).get("handbook") == "appendix":
                out.append(Appendix(str(title), srcs[1:]))
    return out


def _is_course_page(docs: Path, src: str, module_srcs: set[str]) -> bool:
    """A module page or a page that belongs to a module (its quiz: front matter ``module``)."""
    if src in module_srcs:
        return True
    path = docs / src
    return path.is_file() and "module" in front_matter(path)

