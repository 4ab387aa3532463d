"""All authored YAML content, loaded, validated and cross-checked in one place.

The build, ``python -m macros check`` and the tests all go through ``Repository``,
so an author sees the same error wherever the content is used.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .errors import ContentError, ContentErrors, rel
from .pages import blank_comments, check_pages
from .schema import validate
from .text import slugify
from .yamlio import Document, gc_paused, load_yaml


@dataclass(frozen=True)
class Kind:
    name: str  # "quiz", "checklist", ...
    pattern: str  # glob under the project root
    schema: str  # JSON Schema path under the project root
    check: str | None = None  # "module:function" for semantic checks, or None
    keyed: bool = True  # one item per file, identified by its top-level ``id``


KINDS: tuple[Kind, ...] = (
    Kind("sources", "data/sources.yml", "data/schemas/sources.schema.json",
         "macros.sources:check", keyed=False),
    Kind("glossary", "data/glossary.yml", "data/schemas/glossary.schema.json",
         "macros.glossary:check", keyed=False),
    Kind("quiz", "quizzes/*.yml", "quizzes/quiz.schema.json", "macros.quiz:check"),
    Kind("checklist", "data/checklists/*.yml", "data/schemas/checklist.schema.json",
         "macros.checklist:check"),
    Kind("timeline", "data/timelines/*.yml", "data/schemas/timeline.schema.json",
         "macros.timeline:check"),
    Kind("procedure", "data/procedures/*.yml", "data/schemas/procedure.schema.json",
         "macros.procedure:check"),
    Kind("non-working-days", "data/non-working-days.yml", "data/schemas/non-working-days.schema.json",
         "macros.workdays:check", keyed=False),
    Kind("template", "data/templates/*.yml", "data/schemas/template.schema.json",
         "macros.templates:check"),
)

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_HTML_ID = re.compile(r"""\bid=["']([^"']+)["']""")


_PROCEDURE_CALL = re.compile(r"""\{\{-?\s*procedure\(\s*["']([^"']+)["']\s*\)\s*-?\}\}""")


def markdown_headings(text: str) -> list[tuple[int, str, str]]:
    """(level, anchor, heading text) of each ATX heading, as the build will anchor it.

    Explicit ``{#id}`` wins; otherwise the anchor is ``slugify`` of the text, with
    ``_1``, ``_2``... for repeats, as Python-Markdown's toc does. Fenced code and
    commented-out text are skipped; headings that ``procedure()`` generates are included.
    """
    found: list[tuple[int, str, str]] = []
    counts: dict[str, int] = {}
    in_fence = False
    for line in blank_comments(text).splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            call = _PROCEDURE_CALL.search(line)
            if call:
                from .procedure import generated_headings

                found.extend(generated_headings(call.group(1)))
        m = None if in_fence else _HEADING.match(line)
        if not m:
            continue
        title = m.group(2)
        explicit = _ATTR_ID.search(title)
        if explicit:
            anchor = explicit.group(1)
        else:
            base = slugify(title)
            n = counts.get(base, 0)
            counts[base] = n + 1
            anchor = base if n == 0 else f"{base}_{n}"
        found.append((len(m.group(1)), anchor, _ATTR_ID.sub("", title).strip()))
    return found


def markdown_anchors(text: str) -> set[str]:
    """Heading anchors a Markdown page will have, plus ids written in HTML or attr lists."""
    anchors = {anchor for _level, anchor, _title in markdown_headings(text)}
    in_fence = False
    for line in blank_comments(text).splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        anchors.update(_HTML_ID.findall(line))
        anchors.update(m.group(1) for m in re.finditer(r"\{[^}]*#([\w-]+)[^}]*\}", line))
    return anchors


class Repository:
    """Loads every kind of content under ``root``; raises ContentErrors on any mistake."""

    def __init__(self, root: Path | str, docs_dir: str = "docs"):
        self.root = Path(root).resolve()
        self.docs_dir = self.root / docs_dir
        self.documents: dict[str, list[Document]] = {}
        self.items: dict[str, dict[str, tuple[Document, Any]]] = {}
        self._anchors: dict[str, set[str]] | None = None
        self._pages: dict[str, str] = {}

    # -- loading -----------------------------------------------------------
    def load(self) -> "Repository":
        with gc_paused():  # no reference cycles here either (see yamlio.gc_paused)
            return self._load()

    def _load(self) -> "Repository":
        self._pages, errors = check_pages(self.root, self.docs_dir)
        for kind in KINDS:
            self.documents[kind.name] = []
            self.items[kind.name] = {}
            for path in sorted(self.root.glob(kind.pattern)):
                try:
                    doc = load_yaml(path, self.root)
                except ContentError as exc:
                    errors.append(exc)
                    continue
                schema_errors = validate(doc, self.root / kind.schema)
                if schema_errors:
                    errors.extend(schema_errors)
                    continue
                self.documents[kind.name].append(doc)
                if kind.keyed:
                    item_id = str(doc.data["id"])
                    if item_id in self.items[kind.name]:
                        other = self.items[kind.name][item_id][0].name
                        errors.append(doc.error(("id",), f"mã '{item_id}' bị trùng với {other} (duplicate id)", item_id))
                        continue
                    if path.stem != item_id:
                        errors.append(doc.error(("id",), f"tên tệp phải trùng với id: đổi tên thành {item_id}.yml (file name must equal id)", item_id))
                    self.items[kind.name][item_id] = (doc, doc.data)
        for kind in KINDS:
            for doc in self.documents[kind.name]:
                # sources and non-working-days check their own dates (with their own wording)
                errors.extend(check_values(doc, dates=kind.name not in ("sources", "non-working-days")))
        if not errors:
            errors.extend(self._check_source_keys())
            for kind in KINDS:
                if kind.check:
                    check = _resolve(kind.check)
                    for doc in self.documents[kind.name]:
                        errors.extend(check(self, doc))
        if errors:
            raise ContentErrors(errors)
        return self

    # -- lookups -------------------------------------------------------------
    @property
    def sources(self) -> dict[str, dict]:
        docs = self.documents.get("sources") or []
        return {s["key"]: s for d in docs for s in d.data["sources"]}

    @property
    def glossary(self) -> list[dict]:
        docs = self.documents.get("glossary") or []
        return [t for d in docs for t in d.data["terms"]]

    def get(self, kind: str, item_id: str) -> tuple[Document, Any]:
        try:
            return self.items[kind][item_id]
        except KeyError:
            known = ", ".join(sorted(self.items.get(kind, {}))) or "(none)"
            raise KeyError(f"không có {kind} '{item_id}' (unknown {kind}; known: {known})") from None

    def anchors(self) -> dict[str, set[str]]:
        """Page path (relative to docs/, posix) -> set of heading anchors."""
        if self._anchors is None:
            self._anchors = {
                page: markdown_anchors(text) for page, text in sorted(self._pages.items())
            }
        return self._anchors

    def check_link(self, doc: Document, path: tuple, target: str, item_id: str | None) -> list[ContentError]:
        """Check a ``page.md#anchor`` reference against the Markdown sources."""
        page, _, anchor = target.partition("#")
        anchors = self.anchors()
        if page not in anchors:
            return [doc.error(path, f"trang không tồn tại (unknown page): {page}", item_id)]
        if anchor and anchor not in anchors[page]:
            return [doc.error(path, f"không có đề mục #{anchor} trong {page} (unknown heading anchor)", item_id)]
        return []

    # -- cross-checks --------------------------------------------------------
    def _check_source_keys(self) -> list[ContentError]:
        known = set(self.sources)
        errors: list[ContentError] = []
        for kind in KINDS:
            if kind.name == "sources":
                continue
            for doc in self.documents[kind.name]:
                for path, keys in _find_key(doc.data, "sources"):
                    for i, key in enumerate(keys if isinstance(keys, list) else []):
                        if key not in known:
                            from .schema import _item_id
                            errors.append(doc.error(path + (i,), f"nguồn '{key}' không có trong data/sources.yml (unknown source key)", _item_id(doc, path)))
        return errors


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def check_values(doc: Document, dates: bool = True) -> list[ContentError]:
    """Checks on every text value that no schema can express.

    - text of only spaces (an option or answer nobody can see);
    - a ``YYYY-MM-DD`` value that names no real day (2025-02-30, 2025-13-01).
    """
    from datetime import date
    from .schema import _item_id

    errors: list[ContentError] = []
    stack: list[tuple[tuple, Any]] = [((), doc.data)]
    if doc.texts is not None:  # the loader listed the only values that can fail below
        stack = [(path, _value_at(doc.data, path)) for path in doc.texts]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            if value and not value.strip():
                errors.append(doc.error(path, "nội dung chỉ có khoảng trắng (blank text)", _item_id(doc, path)))
            m = _ISO_DATE.match(value) if dates else None
            if m:
                try:
                    date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    errors.append(doc.error(path, f"ngày không có thật (impossible date): {value}", _item_id(doc, path)))
    return errors


def _value_at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def _find_key(data: Any, name: str, path: tuple = ()):
    """(path, value) of every ``name`` key, not looking below one found (any order)."""
    stack: list[tuple[tuple, Any]] = [(path, data)]
    while stack:
        path, data = stack.pop()
        if isinstance(data, dict):
            for k, v in data.items():
                if k == name:
                    yield path + (k,), v
                elif isinstance(v, (dict, list)):
                    stack.append((path + (k,), v))
        elif isinstance(data, list):
            stack.extend((path + (i,), v) for i, v in enumerate(data) if isinstance(v, (dict, list)))


def _resolve(spec: str) -> Callable:
    module, _, func = spec.partition(":")
    return getattr(importlib.import_module(module), func)


def load_repository(root: Path | str) -> Repository:
    return Repository(root).load()


__all__ = ["Repository", "Kind", "KINDS", "load_repository", "markdown_anchors", "markdown_headings", "rel"]
