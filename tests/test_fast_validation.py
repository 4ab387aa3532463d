"""The fast validation path gives the same answers as the detailed one.

Valid documents are accepted by jsonschema-rs without running jsonschema's slower,
message-building validator (macros/schema.py). These tests pin that nothing is lost.

YAML positions are not lazy: the safe loader (macros/yamlio.py, issue 16) must walk every
node anyway to reject non-string keys and YAML 1.1 traps, and records positions in that
same walk, which also builds the data (no second walk by PyYAML's constructor); the tests
below pin that positions, data and errors equal a separate full walk then PyYAML's
constructor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.errors import ContentError
from macros.schema import fast_validator, load_schema, validate
from macros.yamlio import _walk, load_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "quizzes" / "quiz.schema.json"


def _content():
    return sorted((ROOT / "quizzes").glob("*.yml"))


@pytest.mark.parametrize("path", _content(), ids=lambda p: p.name)
def test_fast_and_detailed_validators_agree_on_real_banks(path):
    doc = load_yaml(path, ROOT)
    detailed = list(load_schema(str(SCHEMA)).iter_errors(doc.data))
    assert fast_validator(str(SCHEMA)).is_valid(doc.data) == (not detailed)


def test_an_invalid_bank_still_gets_positioned_messages(tmp_path):
    src = (ROOT / "quizzes" / "vi-du-cac-dang-cau-hoi.yml").read_text(encoding="utf-8")
    bad = src.replace("pass_mark: 70", "pass_mark: 170", 1)
    path = tmp_path / "vi-du-cac-dang-cau-hoi.yml"
    path.write_text(bad, encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    errors = validate(doc, SCHEMA)
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if text.startswith("pass_mark:"))
    assert [(e.line, e.column) for e in errors] == [(line, 12)], [str(e) for e in errors]


def test_positions_equal_a_full_walk():
    path = ROOT / "quizzes" / "vi-du-cac-dang-cau-hoi.yml"
    doc = load_yaml(path, ROOT)
    import yaml

    from macros.yamlio import _Loader

    full: dict = {}
    errors: list = []
    _walk(_Loader(path.read_text(encoding="utf-8")).get_single_node(), (), full, errors, "x", set())
    assert errors == []
    assert doc.positions == full and len(full) > 100
    assert doc.where(("questions", 0, "prompt")) == full[("questions", 0, "prompt")]
    assert doc.data == yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def test_duplicate_keys_anchors_and_merge_keys(tmp_path):
    dup = tmp_path / "dup.yml"
    dup.write_text("a: 1\nb:\n  c: x\n  c: y\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_yaml(dup, tmp_path)
    assert (exc.value.line, exc.value.column) == (4, 3) and "line 3" in str(exc.value)
    anchors = tmp_path / "anchors.yml"
    anchors.write_text("base: &b {x: 1, y: two}\nother:\n  ref: *b\n  y: 3\nlist: [*b, true, '1', 2.5, null]\n",
                       encoding="utf-8")
    doc = load_yaml(anchors, tmp_path)
    assert doc.data == {"base": {"x": 1, "y": "two"}, "other": {"ref": {"x": 1, "y": "two"}, "y": 3},
                        "list": [{"x": 1, "y": "two"}, True, "1", 2.5, None]}
    assert doc.where(("other", "y")) == (4, 6)
    assert json.dumps(doc.data)  # plain data, as the schema validators expect
    # Merge keys ('<<') are rejected by design since the safe loader (issue 16): keys must be text.
    merged = tmp_path / "merge.yml"
    merged.write_text("base: &b {x: 1, y: two}\nother:\n  <<: *b\n  y: 3\n", encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_yaml(merged, tmp_path)
    assert (exc.value.line, exc.value.column) == (3, 3) and "'<<'" in exc.value.message


# ----------------------------------------------------------------- one pass over the YAML
# The loader builds the data, the positions and the checks of ``_walk`` in one pass
# (``yamlio._Build``) instead of ``_walk`` then PyYAML's constructor. These tests hold it to
# that older path, on the real content and on every kind of node a file can hold.
def _reference(text: str):
    """The former path: compose, ``_walk`` (positions, first error), then PyYAML's constructor."""
    import yaml

    from macros.yamlio import _Loader

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        positions: dict = {}
        errors: list = []
        _walk(node, (), positions, errors, "x.yml", set())
        if errors:
            return str(errors[0])
        try:
            return loader.construct_document(node), positions
        except yaml.YAMLError as exc:
            return type(exc).__name__
    finally:
        loader.dispose()


def _loaded(text: str):
    from macros.yamlio import load_text

    try:
        doc = load_text(text, "x.yml")
    except ContentError as exc:
        return str(exc) if "YAML" not in exc.message or "cú pháp" not in exc.message else "ConstructorError"
    return doc.data, doc.positions


def _yaml_files():
    return sorted([*(ROOT / "quizzes").glob("*.yml"), *(ROOT / "data").rglob("*.yml")])


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_one_pass_equals_walk_then_construct_on_content(path):
    text = path.read_text(encoding="utf-8")
    expected = _reference(text)
    assert not isinstance(expected, str), expected
    data, positions = _loaded(text)
    assert data == expected[0]
    assert positions == expected[1] and len(positions) > 3


ODD_DOCUMENTS = [
    "a: 1\nb: 0x1F\nc: 1.5\nd: ~\ne: true\nf: null\ng: ''\nh: -3\ni: 1e3\n",
    "a: !!int '12'\nb: !!float '1.5'\nc: !!str 12\nd: !!bool 'true'\ne: !!null ''\n",
    "a: !!set {x, y}\nb: !!binary aGVsbG8=\nc: !!timestamp 2025-01-02\nd: !!omap [{x: 1}, {y: 2}]\n",
    "a: !!pairs [{x: 1}]\nb: !custom value\nc: !!map {x: 1}\nd: !!seq [1]\n",
    "a: !!python/object:os.system x\n",
    "a: !!python/name:os.system ''\n",
    "base: &b {x: 1, y: [two, three]}\nref: *b\nlist: [*b, &s text, *s]\n",
    "- a\n- [b, {c: d}]\n- {e: [f, g]}\n- |\n  2025-02-30\n- '   '\n",
    "a: yes\n",
    "a: 012\n",
    "a: 1:30\n",
    "a: .nan\n",
    "? [a]\n: b\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\n",
    "just text\n",
    "[1, 2, {a: b}]\n",
]


@pytest.mark.parametrize("text", ODD_DOCUMENTS)
def test_one_pass_equals_walk_then_construct_on_every_kind_of_node(text):
    assert _loaded(text) == _reference(text)


def test_tags_resolve_as_pyyaml_resolves_them():
    """The loader's own ``resolve`` gives every node of the content the tag PyYAML's does."""
    import yaml

    from macros.yamlio import _Loader

    class Pyyaml(_Loader):
        resolve = yaml.SafeLoader.resolve
        descend_resolver = yaml.SafeLoader.descend_resolver
        ascend_resolver = yaml.SafeLoader.ascend_resolver

    def tags(loader_class, text):
        out, stack = [], [loader_class(text).get_single_node()]
        while stack:
            node = stack.pop()
            out.append((node.tag, node.start_mark.line, node.start_mark.column))
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return out

    texts = [p.read_text(encoding="utf-8") for p in _yaml_files()] + [t for t in ODD_DOCUMENTS if "python" not in t]
    for text in texts:
        assert tags(_Loader, text) == tags(Pyyaml, text)
    assert sum(len(tags(_Loader, t)) for t in texts) > 10_000


def test_value_checks_look_at_the_listed_texts_only_and_find_the_same(tmp_path):
    """``check_values`` reads the blank and date-shaped texts the loader listed; a full
    walk of the same data finds exactly the same errors."""
    from dataclasses import replace

    from macros.repository import check_values

    text = ("id: x\nwhen: 2025-02-30\nok: 2025-02-28\nitems:\n  - {a: '  ', b: text, c: ' x '}\n"
            "  - [2025-13-01, '2024-02-29', \"\\t\"]\nblock: |\n  2025-04-31\nnested: {deep: {d: '2025-00-10'}}\n")
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    assert sorted(doc.texts) == sorted([("when",), ("ok",), ("items", 0, "a"), ("items", 1, 0), ("items", 1, 1),
                                        ("items", 1, 2), ("block",), ("nested", "deep", "d")])
    listed = check_values(doc)
    walked = check_values(replace(doc, texts=None))
    assert sorted(map(str, listed)) == sorted(map(str, walked))
    assert len(listed) == 6  # 2025-02-30, '  ', 2025-13-01, "\t", 2025-04-31, 2025-00-10
    # With aliases the data repeats values under other paths: every value is looked at.
    path.write_text("a: &b {x: '  '}\nc: *b\n", encoding="utf-8")
    doc = load_yaml(path, tmp_path)
    assert doc.texts is None and len(check_values(doc)) == 2


def test_content_takes_the_one_pass_path(monkeypatch):
    """No content file needs PyYAML's constructor (a second walk over the nodes)."""
    from macros.repository import Repository
    from macros.yamlio import _Loader

    calls = []
    original = _Loader.construct_document
    monkeypatch.setattr(_Loader, "construct_document", lambda self, node: calls.append(node) or original(self, node))
    repo = Repository(ROOT).load()
    assert sum(len(docs) for docs in repo.documents.values()) > 20
    assert calls == []
    _loaded("a: !!set {x}\n")
    assert len(calls) == 1  # the exotic tag went to PyYAML


def test_no_cycle_collection_while_loading_a_large_bank(tmp_path):
    """Loading makes hundreds of thousands of acyclic objects; the cycle collector waits
    until the load ends instead of walking them all again and again (half the load time
    on 10,000 questions). Counted with gc.callbacks, not timed."""
    import gc

    from bench_quiz import write_bank
    from macros.repository import Repository
    from test_quiz_schema import quiz_project

    banks = [write_bank(tmp_path, f"sinh-tu-dong-{b}", 500, f"g{b}") for b in range(2)]
    root = quiz_project(tmp_path / "project", banks)
    starts = []

    def count(phase, info):
        if phase == "start":
            starts.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        repo = Repository(root).load()
        during = list(starts)
        assert gc.isenabled()
    finally:
        gc.callbacks.remove(count)
    assert sum(len(d.data["questions"]) for d in repo.documents["quiz"]) == 1000
    # At most the one young-generation collection that runs as the pause ends (about
    # 190 collections, one of them full, without the pause).
    assert during in ([], [0]), during
