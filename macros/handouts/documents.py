"""One print document (HTML) per handout job: module handout, handbook, worksheet, answer key.

``DocumentBuilder.html(job, pages)`` returns the HTML and the ids its table of contents
points at; the PDF step renders once, reads the page of every id from the PDF's named
destinations, and calls ``html`` again with those page numbers (two-pass TOC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..course import NOTICE
from ..html import esc
from ..links import page_url
from . import compose, quizprint
from .catalog import Catalog, Job

CSS_FILE = Path(__file__).with_name("handout.css")
MONTH_YEAR = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")


def format_date(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


@dataclass
class Rendered:
    html: str
    toc_targets: list[str]  # element ids whose page numbers the TOC needs


class DocumentBuilder:
    def __init__(self, catalog: Catalog, site_dir: Path, sources: dict, printed: date, revision: str):
        self.catalog = catalog
        self.site_dir = Path(site_dir).resolve()
        self.sources = sources
        self.printed = printed
        self.revision = revision
        self.site = compose.read_site(self.site_dir)
        self.css = CSS_FILE.read_text(encoding="utf-8")
        self._pages: dict[str, tuple] = {}

    # ---------------------------------------------------------------- common
    @property
    def edition(self) -> str:
        return f"Bản in ngày {format_date(self.printed)} · phiên bản {self.revision}"

    def _page_css(self, header_left: str, header_right: str | None = None) -> str:
        right = header_right if header_right is not None else self.catalog.site_name
        return compose.footer_rules(self.edition) + compose.page_rules(None, header_left, right)

    def _masthead(self, series: str) -> str:
        return (
            '<header class="masthead">'
            f'<p class="masthead__site">{esc(self.catalog.site_name)}</p>'
            f'<p class="masthead__series">{esc(series)}</p></header>'
        )

    def _doc(self, job: Job, body: str, page_css: str, body_class: str) -> str:
        return compose.document(self.site, job.title, body, page_css, self.css, body_class)

    def review_label(self, target: str) -> str:
        """"sinh-hoat-chi-bo/index.md#thoi-luong" -> "2. Sinh hoạt chi bộ › Thời lượng"."""
        src, _, anchor = target.partition("#")
        if src not in self._pages:
            self._pages[src] = compose.page_headings(self.site_dir, src)
        title, headings = self._pages[src]
        module = next((m for m in self.catalog.modules if m.src == src), None)
        page_title = module.title if module else (title or src)
        heading = headings.get(anchor) if anchor else None
        label = f"{page_title} › {heading}" if heading and heading != page_title else page_title
        return f"{label} (trang web: {page_url(src)})"

    def content_date(self) -> str | None:
        """Latest "updated" month among the modules, e.g. "11/2026"."""
        best = None
        for m in self.catalog.modules:
            match = MONTH_YEAR.match(str(m.meta.get("updated") or ""))
            if match:
                key = (int(match.group(2)), int(match.group(1)))
                best = max(best, key) if best else key
        return f"{best[1]:02d}/{best[0]}" if best else None

    # ---------------------------------------------------------------- jobs
    def html(self, job: Job, pages: dict[str, int] | None = None) -> Rendered:
        return getattr(self, f"_{job.kind}")(job, pages)

    def _module(self, job: Job, pages):
        module = job.module
        part = compose.build_part(self.site_dir, module.src, "m", {page_url(module.src): "m"}, module.title)
        entries = [(1, h.id, h.text) for h in part.headings if h.level == 2]
        content = part.html
        if len(entries) >= 3:  # a short handout needs no contents list
            content = compose.insert_after_intro(
                content, compose.toc_html(entries, pages, "Nội dung học phần", "toc toc--module"))
        else:
            entries = []
        body = (
            self._masthead(f"Tài liệu học phần {module.number} · bản in phát tay")
            + f'<article class="md-typeset part" id="m-start">{content}</article>'
            + self._colophon(f"Bản in của trang {page_url(module.src)}.")
        )
        return Rendered(self._doc(job, body, self._page_css(module.title), "handout--module"),
                        [e[1] for e in entries])

    def _colophon(self, extra: str = "") -> str:
        return (
            f'<footer class="colophon"><p>{esc(self.edition)}. {esc(extra)}</p>'
            f"<p>{esc(NOTICE)}</p></footer>"
        )

    def _handbook(self, job: Job, pages):
        cat = self.catalog
        groups = [a for a in cat.appendices if a.pages]
        srcs = [m.src for m in cat.modules] + [s for g in groups for s in g.pages] + list(cat.extra_pages)
        keys = {page_url(src): f"p{i + 1}" for i, src in enumerate(srcs)}
        titles = {m.src: m.title for m in cat.modules}
        parts = {src: compose.build_part(self.site_dir, src, keys[page_url(src)], keys, titles.get(src))
                 for src in srcs}
        # Table of contents: modules with their sections, each appendix group with its
        # pages, then the register and the glossary.
        entries = []
        for m in cat.modules:
            part = parts[m.src]
            entries.append((1, part.anchor, part.title))
            entries.extend((2, h.id, h.text) for h in part.headings if h.level == 2)
        for group in groups:
            first = parts[group.pages[0]]
            entries.append((1, f"{first.key}-group", f"Phụ lục: {group.title}"))
            entries.extend((2, parts[src].anchor, parts[src].title) for src in group.pages)
        for src in cat.extra_pages:
            entries.append((1, parts[src].anchor, parts[src].title))

        page_css = [self._page_css(cat.site_name, "")]
        page_css.append("@page cover { @top-left { content: none; } @top-right { content: none; } "
                        "@bottom-left { content: none; } @bottom-right { content: none; } }\n")
        page_css.append(compose.page_rules("toc", "Mục lục", cat.site_name))
        group_start = {g.pages[0]: g for g in groups}
        sections = []
        for src in srcs:
            part = parts[src]
            name = f"part-{part.key}"
            page_css.append(compose.page_rules(name, part.title, cat.site_name))
            page_css.append(f".{name} {{ page: {name}; }}\n")
            kicker = ""
            if src in group_start:
                kicker = (f'<p class="part__group" id="{part.key}-group">'
                          f"Phụ lục: {esc(group_start[src].title)}</p>")
            sections.append(
                f'<section class="part md-typeset {name}" id="{part.anchor}">{kicker}{part.html}</section>'
            )
        updated = self.content_date()
        cover = (
            '<section class="cover">'
            f'<p class="cover__kicker">Tài liệu bồi dưỡng nghiệp vụ</p>'
            f'<h1 class="cover__title">{esc(cat.site_name)}</h1>'
            f'<p class="cover__subtitle">{esc(cat.site_description)}</p>'
            '<ol class="cover__modules">'
            + "".join(f"<li>{esc(m.title)}</li>" for m in cat.modules)
            + "</ol>"
            '<dl class="cover__meta">'
            + (f"<dt>Cập nhật theo văn bản đến</dt><dd>{esc(updated)}</dd>" if updated else "")
            + f"<dt>Ngày in</dt><dd>{esc(format_date(self.printed))}</dd>"
            f"<dt>Phiên bản</dt><dd>{esc(self.revision)}</dd></dl>"
            f'<p class="cover__notice">{esc(NOTICE)}</p></section>'
        )
        toc = compose.toc_html(entries, pages, "Mục lục", "toc toc--book")
        body = cover + f'<section class="toc-pages">{toc}</section>' + "".join(sections)
        return Rendered(self._doc(job, body, "".join(page_css), "handout--book"), [e[1] for e in entries])

    def _worksheet(self, job: Job, pages):
        bank = job.bank
        series = "Phiếu bài tập" + (f" · học phần {bank.module}" if bank.module else "")
        body = (
            self._masthead(series)
            + f'<h1 class="doc-title">{esc(job.title)}</h1>'
            + f'<div class="md-typeset worksheet">{quizprint.worksheet_html(bank.data)}</div>'
            + self._colophon(f"Bộ câu hỏi {bank.id}.")
        )
        header = job.header
        return Rendered(self._doc(job, body, self._page_css(header), "handout--worksheet"), [])

    def _answer_key(self, job: Job, pages):
        bank = job.bank
        body = (
            self._masthead("Dành cho giảng viên · không phát cho học viên")
            + f'<h1 class="doc-title">{esc(job.title)}</h1>'
            + '<div class="md-typeset answer-key">'
            + quizprint.answer_key_html(bank.data, self.sources, self.review_label)
            + "</div>"
            + self._colophon(f"Bộ câu hỏi {bank.id}.")
        )
        return Rendered(self._doc(job, body, self._page_css(job.header, "Dành cho giảng viên"),
                                  "handout--answer-key"), [])


