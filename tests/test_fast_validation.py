"""The fast validation path gives the same answers as the detailed one.

Valid documents are accepted by jsonschema-rs without running jsonschema's slower,
message-building validator (macros/schema.py). These tests pin that nothing is lost.

YAML positions are not lazy: the safe loader (macros/yamlio.py, issue 16) must walk every
node anyway to reject non-string keys and YAML 1.1 traps, and records positions in that
same walk; the tests below pin that they equal a separate full walk.
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
