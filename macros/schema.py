"""JSON Schema (draft 2020-12) validation with author-friendly, positioned messages."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from .errors import ContentError
from .yamlio import Document


@lru_cache(maxsize=None)
def load_schema(path: str) -> Draft202012Validator:
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@lru_cache(maxsize=None)
def fast_validator(path: str):
    """The same schema compiled by jsonschema-rs: a quick yes/no for valid documents."""
    schema = json.loads(Path(path).read_text(encoding="utf-8"))
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def _short(value, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(error: ValidationError) -> str:
    """A one-line explanation, Vietnamese first, with the English term in brackets."""
    v = error.validator
    val = error.validator_value
    if "propertyNames" in error.schema_path and isinstance(error.instance, str):
        return f"trường '{error.instance}' không dùng được ở đây (field not allowed here)"
    if v == "required":
        missing = [k for k in val if isinstance(error.instance, dict) and k not in error.instance]
        return f"thiếu trường bắt buộc (missing required field): {', '.join(missing) or val}"
    if v == "additionalProperties":
        extra = sorted(
            set(error.instance) - set(error.schema.get("properties", {}))
        ) if isinstance(error.instance, dict) else []
        return f"trường không được phép (unknown field): {', '.join(map(str, extra))}"
    if v == "type":
        return f"sai kiểu dữ liệu (wrong type): cần {val}, nhận được {_short(error.instance)}"
    if v == "enum":
        return f"giá trị không hợp lệ (not allowed): {_short(error.instance)}; chọn một trong {', '.join(map(str, val))}"
    if v == "const":
        return f"giá trị phải là {val!r} (must be {val!r})"
    if v == "pattern":
        return f"sai định dạng (does not match pattern {val}): {_short(error.instance)}"
    if v == "format":
        return f"sai định dạng {val} (invalid {val}): {_short(error.instance)}"
    if v in ("minItems", "maxItems"):
        word = "ít nhất" if v == "minItems" else "nhiều nhất"
        return f"danh sách cần {word} {val} phần tử ({v} {val}), hiện có {len(error.instance)}"
    if v in ("minProperties", "maxProperties") and isinstance(error.instance, dict):
        word = "ít nhất" if v == "minProperties" else "nhiều nhất"
        return (f"cần {word} {val} trường ({v} {val}), hiện có {len(error.instance)}: "
                f"{', '.join(map(str, error.instance))}")
    if v in ("minLength", "maxLength"):
        return f"độ dài chuỗi không hợp lệ ({v} {val})"
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"giá trị {error.instance} vượt giới hạn ({v} {val})"
    if v == "uniqueItems":
        return "danh sách có phần tử trùng (items must be unique)"
    if v in ("oneOf", "anyOf"):
        return f"không khớp dạng nào được phép (matches none of the allowed forms): {_short(error.instance)}"
    if v == "not":
        return f"giá trị không được phép (not allowed): {_short(error.instance)}"
    return error.message.splitlines()[0]


def _item_id(doc: Document, path: tuple) -> str | None:
    """The nearest enclosing object's ``id`` (question, step, item...)."""
    node = doc.data
    found = None
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), (str, int)):
            found = str(node["id"])
    return found


def validate(doc: Document, schema_path: Path) -> list[ContentError]:
    """Errors of ``doc`` against the schema; valid documents take the compiled fast path,
    the others get jsonschema's detailed, positioned messages."""
    validator = load_schema(str(schema_path))
    if fast_validator(str(schema_path)).is_valid(doc.data):
        return []
    errors = []
    for err in validator.iter_errors(doc.data):
        # Descend into oneOf/anyOf to the most specific reason.
        if err.context:
            err = best_match(err.context)
        path = tuple(err.absolute_path)
        if "propertyNames" in err.schema_path and isinstance(err.instance, str):
            path += (err.instance,)  # point at the offending key, not its object
        errors.append(doc.error(path, describe(err), _item_id(doc, path)))
    # One message per location is enough for an author.
    unique = {}
    for e in errors:
        unique.setdefault((e.line, e.column, e.message), e)
    return list(unique.values())
