"""YAML loading that remembers where every value came from (line and column).

Authors get errors such as ``quizzes/x.yml:12:7: ...``; to do that we keep a map
from each value's path (tuple of keys and indexes) to its position in the file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, rel
from .text import first_non_nfc_line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml when available) that keeps dates as strings (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WILDCARD = _Loader.yaml_implicit_resolvers.get(None, [])
_IMPLICIT = {ch: rs + _WILDCARD for ch, rs in _Loader.yaml_implicit_resolvers.items() if ch is not None}


def _resolve(self, kind, value, implicit):
    """PyYAML's tag resolution without its path-resolver bookkeeping (unused here), which
    costs as much as the lookup itself on large banks."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[0] if value else "", _WILDCARD):
                if regexp.match(value):
                    return tag
        return "tag:yaml.org,2002:str"
    return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


_Loader.resolve = _resolve
_Loader.descend_resolver = lambda self, parent, index: None
_Loader.ascend_resolver = lambda self: None


@dataclass
class Document:
    path: Path
    name: str  # as shown to authors, e.g. "quizzes/demo.yml"
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # The YAML node tree, kept until a position is first asked for: valid documents
    # (the usual case) never pay for the position map.
    node: Any = field(default=None, repr=False, compare=False)

    def where(self, path: tuple | list = ()) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path`` or its nearest parent."""
        if self.node is not None:
            _walk(self.node, (), self.positions, [], self.name)
            self.node = None
        p = tuple(path)
        while True:
            if p in self.positions:
                return self.positions[p]
            if not p:
                return (None, None)
            p = p[:-1]

    def error(self, path, message: str, item_id: str | None = None) -> ContentError:
        line, col = self.where(path)
        return ContentError(self.name, line, col, message, item_id)

    def index_ids(self, key: str, vi: str, en: str) -> tuple[dict[str, int], list[ContentError]]:
        """Position of each item of ``data[key]`` by its ``id``; duplicates become errors.

        ``vi``/``en`` name the item in messages, e.g. "mã bước" / "step id".
        """
        index: dict[str, int] = {}
        errors: list[ContentError] = []
        for i, item in enumerate(self.data[key]):
            item_id = item["id"]
            if item_id in index:
                first = self.where((key, index[item_id], "id"))[0]
                errors.append(self.error((key, i, "id"), f"{vi} '{item_id}' bị lặp (duplicate {en}; first at line {first})", item_id))
            else:
                index[item_id] = i
        return index, errors


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


class _Slow(Exception):
    """A node the fast path leaves to PyYAML's constructor (merge keys, anchors, other tags)."""


def _build(node: yaml.Node, errors: list, name: str, loader, seen_nodes: set):
    """The value and duplicate-key errors in one pass (plain strings, maps and lists
    directly; other scalars through PyYAML's constructor); positions come later, from
    the same nodes, only if an error needs one."""
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR else loader.construct_object(node, deep=True)
    if id(node) in seen_nodes:  # an alias: let PyYAML share the object
        raise _Slow
    seen_nodes.add(id(node))
    scalar = yaml.ScalarNode
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _Slow
        data: dict = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or key_node.__class__ is not scalar:
                raise _Slow
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            if key in seen:
                kmark = key_node.start_mark
                errors.append(ContentError(
                    name, kmark.line + 1, kmark.column + 1,
                    f"khóa '{key}' bị lặp (duplicate key; first at line {seen[key].start_mark.line + 1})"))
            seen[key] = key_node
            if value_node.__class__ is scalar and value_node.tag == _STR:
                data[key] = value_node.value
            else:
                data[key] = _build(value_node, errors, name, loader, seen_nodes)
        return data
    if node.tag != _SEQ:
        raise _Slow
    return [item.value if item.__class__ is scalar and item.tag == _STR
            else _build(item, errors, name, loader, seen_nodes) for item in node.value]


def _walk(node: yaml.Node, path: tuple, out: dict, errors: list, name: str) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                errors.append(
                    ContentError(
                        name,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"khóa '{key}' bị lặp (duplicate key; first at line {seen[key]})",
                    )
                )
            seen[key] = key_node.start_mark.line + 1
            _walk(value_node, path + (key,), out, errors, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), out, errors, name)


def load_yaml(path: Path, root: Path | None = None) -> Document:
    """Load one YAML file; raise ContentError on syntax, encoding or NFC problems."""
    name = rel(path, root)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(name, None, None, f"không phải UTF-8 (not UTF-8): {exc.reason}")
    except OSError as exc:
        raise ContentError(name, None, None, f"không đọc được tệp (cannot read): {exc.strerror}")
    if text != unicodedata.normalize("NFC", text):
        line = first_non_nfc_line(text)
        raise ContentError(
            name, line, None,
            "văn bản chưa chuẩn hóa NFC (text is not NFC-normalised; re-save as NFC)",
        )
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions: dict = {}
        dup_errors: list[ContentError] = []
        data = None
        lazy = None
        if node is not None:
            try:  # fast path: data now, positions only when an error asks for one
                data = _build(node, dup_errors, name, loader, set())
                lazy = node
            except _Slow:
                positions, dup_errors = {}, []
                _walk(node, (), positions, dup_errors, name)
                if not dup_errors:
                    data = loader.construct_document(node)
        if dup_errors:
            raise dup_errors[0]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            name,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            f"lỗi cú pháp YAML (YAML syntax): {problem}",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(name, None, None, f"lỗi YAML (YAML error): {exc}") from None
    finally:
        loader.dispose()
    return Document(path=path, name=name, data=data, positions=positions, node=lazy)
