"""Shared parts of the question-bank importers: problems, validation, writing YAML.

Every importer turns its input into a bank ``dict`` plus a locator that maps a path in
that dict (``("questions", 3, "options")``) to where it came from in the input file
(sheet/row/column or line). The bank is then validated exactly as the build does
(JSON Schema + ``macros.quiz.check`` + known source keys), and only a bank without a
single problem is written to ``quizzes/<id>.yml``.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import ContentError
from ..yamlio import Document

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "quizzes" / "quiz.schema.json"
TYPES = ("single", "multiple", "true_false", "ordering", "matching", "numeric", "short_text")
# Key order in written YAML (schema order), so imported banks read like hand-written ones.
BANK_KEYS = ("id", "title", "module", "pass_mark", "draw", "shuffle", "description", "questions")
QUESTION_KEYS = ("id", "type", "prompt", "options", "scoring", "answer", "tolerance", "unit", "answers",
                 "ignore_diacritics", "items", "pairs", "distractors", "feedback", "explanation",
                 "review", "sources", "points")


class ImportFailed(Exception):
    """The file does not convert; ``problems`` are one-line messages (where: reason)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Imported:
    bank: dict
    notes: list[str] = field(default_factory=list)  # what the input format could not carry


class MappedDocument(Document):
    """A Document whose errors point into the imported file, not into YAML."""

    def __init__(self, data: Any, locate: Callable[[tuple], str]):
        super().__init__(path=Path("<import>"), name="<import>", data=data, positions={})
        self._locate = locate

    def where(self, path=()):
        return (None, None)

    def error(self, path, message: str, item_id: str | None = None) -> ContentError:
        return ContentError(self._locate(tuple(path)), None, None, message, item_id)


def nfc(value):
    """NFC-normalise every string in a nested structure (the site requires NFC)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def ordered(q: dict, keys: tuple) -> dict:
    out = {k: q[k] for k in keys if k in q}
    out.update({k: v for k, v in q.items() if k not in out})
    return out


def _stripped(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    return value


def bank_settings(bank: dict, meta: dict, defaults: dict, name: str, problems: list[str], *,
                  tag_hint: bool = False) -> bool:
    """Set the bank's module, pass mark and draw (integers) and its shuffle settings from
    the round-trip tags an export wrote (``meta``) or the command-line ``defaults``.

    Problems are appended as ``file:1: sentence``; ``tag_hint`` adds where the tags go in
    a GIFT file. Returns True when the tags turned shuffling off."""
    for key in ("module", "pass_mark", "draw"):
        value = meta.get(key, defaults.get(key))
        if value is None:
            if key != "draw":
                where = f"thêm '[{key}:…]' vào dòng chú thích thứ hai hoặc " if tag_hint else ""
                problems.append(f"{name}:1: thiếu {key} của bộ câu hỏi (missing bank {key}); "
                                f"{where}dùng --{key.replace('_', '-')}")
            continue
        try:
            bank[key] = int(value)
        except ValueError:
            problems.append(f"{name}:1: {key} phải là số nguyên (integer expected): {value!r}")
    off = [x for x in (meta.get("no_shuffle") or "").split(",") if x]
    if off:
        bank["shuffle"] = {k: False for k in off}
    return bool(off)


def locator(locs: dict[tuple, str], fallback: str) -> Callable[[tuple], str]:
    """Map a path in the bank to the place (``file:line``, ``sheet!cell``) of the nearest
    enclosing path recorded in ``locs``; ``fallback`` when none is."""
    def locate(p: tuple) -> str:
        while p not in locs and p:
            p = p[:-1]
        return locs.get(p, fallback)
    return locate


def canonical(bank: dict) -> dict:
    """The bank without default values or surrounding blanks, keys in schema order."""
    bank = _stripped(bank)
    b = ordered({k: v for k, v in bank.items()}, BANK_KEYS)
    if b.get("shuffle") is not None:
        sh = {k: v for k, v in b["shuffle"].items() if v is not True}
        if sh:
            b["shuffle"] = sh
        else:
            del b["shuffle"]
    qs = []
    for q in bank["questions"]:
        q = dict(q)
        if q.get("points") == 1:
            del q["points"]
        if q.get("tolerance") in (0, 0.0) and "tolerance" in q:
            del q["tolerance"]
        if q.get("ignore_diacritics") is False:
            del q["ignore_diacritics"]
        if "options" in q:
            opts = []
            for o in q["options"]:
                o = {k: v for k, v in o.items() if not (k == "correct" and v is False)}
                opts.append(ordered(o, ("text", "correct", "feedback")))
            q["options"] = opts
        if not q.get("distractors") and "distractors" in q:
            del q["distractors"]
        if "feedback" in q:
            fb = {k: q["feedback"][k] for k in ("correct", "incorrect") if q["feedback"].get(k)}
            if fb:
                q["feedback"] = fb
            else:
                del q["feedback"]
        qs.append(ordered(q, QUESTION_KEYS))
    b["questions"] = qs
    return b


def validate_bank(bank: dict, locate: Callable[[tuple], str], root: Path = ROOT) -> list[str]:
    """Schema, semantic and source-key checks of an imported bank against the project."""
    from ..errors import ContentErrors
    from ..quiz import check
    from ..repository import Repository
    from ..schema import validate

    doc = MappedDocument(bank, locate)
    errors = validate(doc, root / "quizzes" / "quiz.schema.json")
    if errors:
        return [str(e) for e in errors]
    try:
        repo = Repository(root).load()
    except ContentErrors as exc:
        return ["Nội dung hiện có của tài liệu đang có lỗi, hãy sửa trước khi nhập (project content has errors):"] + [
            f"  {e}" for e in exc.errors]
    # Re-importing a bank replaces it: leave the current file out of the duplicate-id check.
    repo.documents["quiz"] = [d for d in repo.documents.get("quiz", []) if d.data.get("id") != bank.get("id")]
    errors = list(check(repo, doc))
    known = set(repo.sources)
    for i, q in enumerate(bank["questions"]):
        for k, key in enumerate(q.get("sources") or []):
            if key not in known:
                errors.append(doc.error(("questions", i, "sources", k),
                                        f"nguồn '{key}' không có trong data/sources.yml (unknown source key)", q.get("id")))
    return [str(e) for e in errors]


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    if style:
        value = "\n".join(line.rstrip() for line in value.split("\n"))
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def bank_yaml(bank: dict) -> str:
    head = "# yaml-language-server: $schema=quiz.schema.json\n"
    body = yaml.dump(canonical(bank), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100000)
    return head + body


def write_bank(bank: dict, dest_dir: Path) -> Path:
    """Write atomically: a half-written bank would break the next build."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{bank['id']}.yml"
    tmp = target.with_suffix(".yml.part")
    tmp.write_text(bank_yaml(bank), encoding="utf-8")
    tmp.replace(target)
    return target


# ---------------------------------------------------------------- HTML -> Markdown
_SIMPLE = {"p", "strong", "em", "code", "br"}


def html_to_markdown(text: str, inline: bool = False) -> str:
    """HTML from an LMS file -> the Markdown an author would write, when that is exact.

    Handles paragraphs, **bold**, *italic* and `code`; anything richer stays HTML (which
    Markdown allows). The caller checks the result renders back to the same HTML.
    """
    s = text.strip()
    tags = {t.lower() for t in re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", s)}
    if not tags <= _SIMPLE or "<br" in s:
        return s
    if not inline:
        paras = re.findall(r"<p>(.*?)</p>", s, re.S)
        if "".join(f"<p>{p}</p>" for p in paras) != s and "\n".join(f"<p>{p}</p>" for p in paras) != s:
            return s
    else:
        paras = [s]
    out = []
    for p in paras:
        p = re.sub(r"<strong>(.*?)</strong>", r"**\1**", p, flags=re.S)
        p = re.sub(r"<em>(.*?)</em>", r"*\1*", p, flags=re.S)
        p = re.sub(r"<code>(.*?)</code>", r"`\1`", p, flags=re.S)
        out.append(html_lib.unescape(p))
    return "\n\n".join(out)


def from_html(text: str, inline: bool = False) -> str:
    """Markdown when it renders back to exactly ``text``; else ``text`` itself (HTML)."""
    from ..lms.common import block_html, inline_html

    render = inline_html if inline else block_html
    if not text.strip():
        return ""
    md_text = html_to_markdown(text, inline)
    if md_text != text.strip() and render(md_text) == text.strip():
        return md_text
    return text.strip()
