"""YAML loading that remembers where every value came from (line and column).

Authors get errors such as ``quizzes/x.yml:12:7: ...``; to do that we keep a map
from each value's path (tuple of keys and indexes) to its position in the file.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import _INVISIBLE, ContentError, rel
from .text import first_non_nfc_line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader (libyaml when available) that keeps dates as strings (the schema checks their format)."""


_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {ch: tuple(rs) + _WILDCARD for ch, rs in _Loader.yaml_implicit_resolvers.items() if ch is not None}


def _resolve(self, kind, value, implicit):
    """PyYAML's ``BaseResolver.resolve`` for a loader without path resolvers (this one):
    the same tags, without rebuilding the candidate list on each of a bank's 250,000 nodes."""
    if self.yaml_path_resolvers:
        return yaml.SafeLoader.resolve(self, kind, value, implicit)
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[0] if value else "", _WILDCARD):
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG
    return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG


_Loader.resolve = _resolve
if not _Loader.yaml_path_resolvers:  # what BaseResolver's versions do then, without a lookup
    _Loader.descend_resolver = lambda self, current_node, current_index: None
    _Loader.ascend_resolver = lambda self: None


@dataclass
class Document:
    path: Path
    name: str  # as shown to authors, e.g. "quizzes/demo.yml"
    data: Any
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    # Paths of the text values that may be blank or a date (``repository.check_values``
    # looks at these only), found while loading; None: look at every value.
    texts: list[tuple] | None = field(default=None, repr=False, compare=False)

    def where(self, path: tuple | list = ()) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path`` or its nearest parent."""
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


# ---------------------------------------------------------------- limits
MAX_BYTES = 4 * 1024 * 1024  # a bank of 10,000 questions is about 3 MB
MAX_DEPTH = 64  # real content nests about 8 levels
MAX_ALIASES = 50  # anchors/aliases are allowed, but only a few
MAX_ALIAS_NODES = 10_000  # nodes that aliases may add when expanded

# Invisible characters (format characters, line/paragraph separators): nobody can see
# or type them, so an answer or id that contains one can never match.
# An anchor or alias: & or * at a line start or after a space, [, { or comma. Written
# "[&*], then look behind it" so the search jumps from one & or * to the next.
_ALIAS_HINT = re.compile(r"[&*](?<![^\s\[{,][&*])[\w-]+(?=[\s,\]}]|$)", re.M)
_BLOCK_PREFIX = re.compile(r"^ *(?:[-?:](?: +|$))*", re.M)
_BRACKETS_ONLY = re.compile(r"[^\[\]{}]+")
_INNER_PAIR = re.compile(r"\[\]|\{\}")
_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|#.*$', re.M)

# YAML 1.1 number and boolean forms that YAML 1.2 reads differently (or not at all).
_INT_12 = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$|^0x[0-9a-fA-F]+$|^0o[0-7]+$")
_FLOAT_SPECIAL = re.compile(r"^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$")
_BOOL_12 = {"true", "True", "TRUE", "false", "False", "FALSE"}
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"


@contextmanager
def gc_paused():
    """Python's cycle collector waits until the block ends.

    Loading content makes hundreds of thousands of objects (YAML nodes, then the data)
    that hold no reference cycles; every automatic collection meanwhile walks every
    object alive, so on a 10,000-question bank collections took half the load time.
    Nothing is lost: the collector runs as usual after the block.
    """
    collect = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect:
            gc.enable()


def show(text: str, limit: int = 60) -> str:
    """A value for a message: invisible characters spelled out as ``\\u200b``, cut to ``limit``."""
    text = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _depth_bound(text: str) -> int:
    """A cheap upper bound on nesting depth (block indentation + indicators + flow brackets).

    Block nesting needs a column of indentation or an indicator per level, so the longest
    line prefix of spaces and indicators bounds it. Flow nesting needs a bracket per level:
    innermost bracket pairs are removed pass by pass (quoted strings and comments first);
    whatever is left after MAX_DEPTH passes counts as too deep (then libyaml's events
    give the exact depth).
    """
    block = max(map(len, _BLOCK_PREFIX.findall(text)), default=0)
    if "[" not in text and "{" not in text:
        return block + 2
    rest = _BRACKETS_ONLY.sub("", _QUOTED.sub("", text))
    for depth in range(MAX_DEPTH + 1):
        if "[" not in rest and "{" not in rest:
            return block + depth + 2
        rest, n = _INNER_PAIR.subn("", rest)
        if not n:
            break
    return block + MAX_DEPTH + 3


def _scan_events(loader, name: str) -> int:
    """Exact nesting depth and alias count from libyaml's event stream; returns aliases."""
    depth = aliases = 0
    while True:
        event = loader.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            return aliases
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                raise ContentError(name, m.line + 1, m.column + 1,
                                   f"dữ liệu lồng nhau quá sâu (nesting deeper than {MAX_DEPTH} levels)")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                m = event.start_mark
                raise ContentError(name, m.line + 1, m.column + 1,
                                   f"quá nhiều alias (more than {MAX_ALIASES} YAML aliases; write the values out)")


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Stop recursive aliases and alias "bombs" before anything walks the data."""
    sizes: dict[int, int] = {}
    extra = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    active: set[int] = set()
    # Iterative post-order size computation with cycle detection.
    while stack:
        node, state = stack.pop()
        key = id(node)
        if state == 0:
            if key in sizes:
                extra += sizes[key]
                if extra > MAX_ALIAS_NODES:
                    m = node.start_mark
                    raise ContentError(name, m.line + 1, m.column + 1,
                                       f"alias mở rộng quá lớn (YAML aliases expand to more than {MAX_ALIAS_NODES} values)")
                continue
            if key in active:
                m = node.start_mark
                raise ContentError(name, m.line + 1, m.column + 1, "alias đệ quy: một giá trị chứa chính nó (recursive YAML alias)")
            active.add(key)
            stack.append((node, 1))
            children = []
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    children += [k, v]
            elif isinstance(node, yaml.SequenceNode):
                children = list(node.value)
            for child in reversed(children):
                if id(child) in active:
                    m = child.start_mark
                    raise ContentError(name, m.line + 1, m.column + 1, "alias đệ quy: một giá trị chứa chính nó (recursive YAML alias)")
                stack.append((child, 0))
        else:
            active.discard(key)
            size = 1
            if isinstance(node, yaml.MappingNode):
                size += sum(sizes.get(id(k), 1) + sizes.get(id(v), 1) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                size += sum(sizes.get(id(c), 1) for c in node.value)
            sizes[key] = size


def _scalar_problem(node: yaml.ScalarNode) -> str | None:
    """YAML 1.1 readings that YAML 1.2 (and authors) would not expect."""
    if node.style:  # quoted or block scalar: always a string (plain is None or "")
        return None
    value, tag = node.value, node.tag
    if tag == _INT_TAG and not _INT_12.match(value):
        if ":" in value:
            return (f"'{value}' bị YAML 1.1 đọc thành số hệ 60; nếu là chữ hãy đặt trong nháy \"{value}\" "
                    "(sexagesimal number; quote it)")
        if re.match(r"^[-+]?0[0-9_]+$", value):
            return (f"số '{value}' có chữ số 0 ở đầu, YAML 1.1 đọc thành số bát phân; viết {value.lstrip('+-0') or '0'} "
                    f"hoặc đặt trong nháy \"{value}\" (leading zero: octal number)")
        return f"cách viết số '{value}' không rõ nghĩa; viết số thập phân hoặc đặt trong nháy (ambiguous YAML 1.1 number)"
    if tag == _FLOAT_TAG:
        if _FLOAT_SPECIAL.match(value):
            return f"giá trị '{value}' (NaN hoặc vô cực) không được phép (NaN and infinity are not allowed)"
        if ":" in value or "_" in value:
            return f"cách viết số '{value}' không rõ nghĩa; viết số thập phân hoặc đặt trong nháy (ambiguous YAML 1.1 number)"
    if tag == _BOOL_TAG and value not in _BOOL_12:
        return (f"'{value}' bị YAML 1.1 đọc thành đúng/sai (boolean); viết true hoặc false, nếu là chữ hãy đặt "
                f"trong nháy \"{value}\" (quote yes/no/on/off)")
    return None


def _walk(node: yaml.Node, path: tuple, out: dict, errors: list, name: str, seen_nodes: set) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if id(node) in seen_nodes:  # an alias: positions of the first occurrence are enough
        return
    if isinstance(node, yaml.ScalarNode):
        problem = _scalar_problem(node)
        if problem:
            errors.append(ContentError(name, node.start_mark.line + 1, node.start_mark.column + 1, problem))
        return
    seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "[…]" if isinstance(key_node, yaml.SequenceNode) else "{…}"
                errors.append(ContentError(name, kline, kcol, f"tên trường phải là chữ, không phải '{show(shown)}' (mapping key must be a string)"))
                continue
            key = key_node.value
            if key in seen:
                errors.append(ContentError(name, kline, kcol, f"khóa '{show(key)}' bị lặp (duplicate key; first at line {seen[key]})"))
            seen[key] = kline
            _walk(value_node, path + (key,), out, errors, name, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), out, errors, name, seen_nodes)


_NULL_TAG = "tag:yaml.org,2002:null"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_PLAIN_SCALARS = frozenset({_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG})
# Text values check_values must see: blank ones, and dates (``$`` also matches before a
# final newline, so 10 or 11 characters) - the same pattern as repository._ISO_DATE.
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Build:
    """``_walk`` and PyYAML's ``construct_document`` in one pass over the nodes.

    Records the same positions and errors as ``_walk`` and builds the same values as
    SafeConstructor for the tags content uses (text, numbers, booleans, null, mappings
    with text keys, lists; aliases share one object, as in PyYAML). A node with any other
    tag, or a scalar its constructor refuses, marks the document ``exotic``: the caller
    then lets PyYAML construct the whole document, so its answer (or error) is unchanged.
    Also lists ``texts``, the paths of text values that are blank or shaped like a date.
    Plain text values (most nodes) are handled in their parent's loop, without a call.
    """

    __slots__ = ("loader", "name", "positions", "errors", "memo", "texts", "exotic", "aliased")

    def __init__(self, loader, name: str):
        self.loader, self.name = loader, name
        self.positions: dict = {}
        self.errors: list[ContentError] = []
        self.memo: dict[int, Any] = {}  # id(collection node) -> its value
        self.texts: list[tuple] = []
        self.exotic = self.aliased = False

    def _text(self, node: yaml.ScalarNode, path: tuple) -> str:
        """A plain text value (tag str) at ``path``."""
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        value = node.value
        if value.isspace() or (len(value) in (10, 11) and _DATE_LIKE.match(value)):
            self.texts.append(path)
        return value

    def build(self, node: yaml.Node, path: tuple) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if id(node) in self.memo:  # an alias: positions of the first occurrence are enough
            self.aliased = True
            return self.memo[id(node)]
        tag = node.tag
        if isinstance(node, yaml.ScalarNode):
            if tag == _STR_TAG:
                return self._text(node, path)
            problem = _scalar_problem(node)
            if problem:
                self.errors.append(ContentError(self.name, mark.line + 1, mark.column + 1, problem))
            if tag in _PLAIN_SCALARS:
                try:
                    return self.loader.yaml_constructors[tag](self.loader, node)
                except Exception:  # PyYAML will say what is wrong, at its turn
                    pass
            self.exotic = True
            return None
        scalar, text, build = yaml.ScalarNode, self._text, self.build
        if isinstance(node, yaml.MappingNode):
            if tag != _MAP_TAG:
                self.exotic = True
            data: dict = {}
            self.memo[id(node)] = data
            seen: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.__class__ is not scalar or key_node.tag != _STR_TAG:
                    if not isinstance(key_node, scalar) or key_node.tag != _STR_TAG:
                        kmark = key_node.start_mark
                        shown = key_node.value if isinstance(key_node, scalar) else "[…]" if isinstance(key_node, yaml.SequenceNode) else "{…}"
                        self.errors.append(ContentError(self.name, kmark.line + 1, kmark.column + 1, f"tên trường phải là chữ, không phải '{show(shown)}' (mapping key must be a string)"))
                        continue
                key = key_node.value
                if key in seen:
                    kmark = key_node.start_mark
                    self.errors.append(ContentError(self.name, kmark.line + 1, kmark.column + 1, f"khóa '{show(key)}' bị lặp (duplicate key; first at line {seen[key].start_mark.line + 1})"))
                seen[key] = key_node
                if value_node.__class__ is scalar and value_node.tag == _STR_TAG:
                    data[key] = text(value_node, path + (key,))
                else:
                    data[key] = build(value_node, path + (key,))
            return data
        if isinstance(node, yaml.SequenceNode):
            if tag != _SEQ_TAG:
                self.exotic = True
            items: list = []
            self.memo[id(node)] = items
            items.extend([text(item, path + (i,)) if item.__class__ is scalar and item.tag == _STR_TAG else build(item, path + (i,))
                          for i, item in enumerate(node.value)])
            return items
        self.exotic = True
        return None


def _quote_spanning_to(text: str, mark) -> Any:
    """Start mark of a quoted string that runs over several lines up to the error line.

    A forgotten closing quote makes libyaml read on until the next quote character and
    fail there; the useful place to show is where the runaway string opened.
    """
    loader = _Loader(text)
    found = None
    try:
        while True:
            token = loader.get_token()
            if token is None:
                break
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line and token.end_mark.line == mark.line):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return found


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text without a leading BOM; a bad byte is reported with its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[start:exc.start].decode("utf-8", "replace")) + 1
        raise ContentError(name, line, col, f"không phải UTF-8: byte 0x{raw[exc.start]:02x} không hợp lệ; hãy lưu lại tệp với mã UTF-8 (not UTF-8)") from None
    return text[1:] if text.startswith("\ufeff") else text


def check_invisible(text: str, name: str) -> None:
    m = _INVISIBLE.search(text)
    if m:
        line, col = _line_col(text, m.start())
        ch = m.group()
        label = unicodedata.name(ch, f"U+{ord(ch):04X}")
        around = text[max(0, m.start() - 20): m.end() + 20].splitlines()
        context = next((part for part in around if ch in part), "")
        raise ContentError(name, line, col, f"ký tự vô hình \\u{ord(ch):04x} ({label}) trong '{show(context.strip())}'; hãy xóa ký tự này (invisible character)")


def load_yaml(path: Path, root: Path | None = None) -> Document:
    """Load one YAML file safely; raise ContentError on any syntax, encoding or YAML-1.1 trap.

    libyaml parses; aliases, nesting, file size, keys and ambiguous scalars are
    checked before any value is constructed, so no input can hang or crash the build.
    """
    name = rel(path, root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(name, None, None, f"không đọc được tệp (cannot read): {exc.strerror}")
    if len(raw) > MAX_BYTES:
        raise ContentError(name, None, None, f"tệp quá lớn: {len(raw) // 1024} KB (file larger than {MAX_BYTES // 1024 // 1024} MB; split it)")
    return load_text(decode(raw, name), name, path)


def load_text(text: str, name: str, path: Path | None = None, *, line_offset: int = 0, allow_empty: bool = False) -> Document:
    """Parse YAML ``text`` (already decoded) as :func:`load_yaml` does.

    ``line_offset`` is added to every reported line (front matter inside a page).
    """
    with gc_paused():
        try:
            return _load_text(text, name, path, allow_empty)
        except ContentError as exc:
            if line_offset and exc.line is not None:
                raise replace(exc, line=exc.line + line_offset) from None
            raise


def _load_text(text: str, name: str, path: Path | None, allow_empty: bool) -> Document:
    if text != unicodedata.normalize("NFC", text):
        line = first_non_nfc_line(text)
        raise ContentError(
            name, line, None,
            "văn bản chưa chuẩn hóa NFC (text is not NFC-normalised; re-save as NFC)",
        )
    check_invisible(text, name)
    loader = None
    try:
        aliases = 0
        if _depth_bound(text) > MAX_DEPTH or _ALIAS_HINT.search(text):
            scanner = _Loader(text)
            try:
                aliases = _scan_events(scanner, name)
            finally:
                scanner.dispose()
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"):
            if allow_empty:
                return Document(path=path, name=name, data=None, positions={})
            last = len(text.splitlines()) or 1
            raise ContentError(name, last, None, "tệp rỗng hoặc chỉ có chú thích (empty file: no data)")
        if aliases:
            _check_expansion(node, name)
        built = _Build(loader, name)
        data = built.build(node, ())
        if built.errors:
            raise built.errors[0]
        positions = built.positions
        texts = None if built.aliased else built.texts
        if built.exotic:  # a tag the one pass leaves to PyYAML
            data, texts = loader.construct_document(node), None
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        opened = _quote_spanning_to(text, mark) if mark else None
        if exc.context and "quoted scalar" in exc.context and exc.context_mark:
            mark = exc.context_mark  # where the quote opens, not where the file ends
            problem = "dấu nháy mở ở đây chưa được đóng (unclosed quote)"
        elif opened is not None:
            mark = opened
            problem = "dấu nháy mở ở đây kéo dài sang dòng sau, có lẽ chưa được đóng (unclosed quote)"
        elif exc.context and "flow" in exc.context and exc.context_mark:
            mark = exc.context_mark  # the bracket that was never closed
            problem = f"dấu ngoặc mở ở đây chưa được đóng đúng cách (unclosed bracket: {problem})"
        raise ContentError(
            name,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            f"lỗi cú pháp YAML (YAML syntax): {problem}",
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(name, None, None, f"lỗi YAML (YAML error): {exc}") from None
    except RecursionError:
        raise ContentError(name, None, None, f"dữ liệu lồng nhau quá sâu (nesting deeper than {MAX_DEPTH} levels)") from None
    finally:
        if loader is not None:
            loader.dispose()
    return Document(path=path, name=name, data=data, positions=positions, texts=texts)
