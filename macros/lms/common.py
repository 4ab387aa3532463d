"""Shared helpers for the LMS exports: loading banks, rendering author text, notes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import ContentErrors
from ..html import md
from ..schema import validate
from ..text import fold
from ..yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "quizzes" / "quiz.schema.json"
COURSE_TITLE = "Sổ tay nghiệp vụ công tác Đảng"
# Moodle question-bank category that holds every exported bank.
CATEGORY_ROOT = "$course$/top/" + COURSE_TITLE


# --------------------------------------------------------------------- notes
@dataclass(frozen=True, order=True)
class Note:
    """One thing the export could not carry exactly (or had to convert)."""

    bank: str
    question: str  # question id, or "" for the whole bank
    fmt: str  # "gift", "xml", "scorm"
    kind: str  # "converted" | "approximated" | "dropped" | "skipped"
    message: str

    def __str__(self) -> str:
        where = f"{self.bank}/{self.question}" if self.question else self.bank
        return f"[{self.fmt}] {where}: {self.kind}: {self.message}"


def add_note(notes: list | None, bank: dict, question: dict | None, fmt: str, kind: str, message: str) -> None:
    if notes is not None:
        notes.append(Note(str(bank.get("id", "")), str(question["id"]) if question else "", fmt, kind, message))


# --------------------------------------------------------------------- banks
def load_bank_file(path: Path | str) -> dict:
    """Load one quiz bank YAML and validate it against quizzes/quiz.schema.json.

    Used for fixture banks outside ``quizzes/``; project banks go through
    ``load_project_banks`` so they get the same semantic checks as the build.
    """
    doc = load_yaml(Path(path), ROOT)
    errors = validate(doc, SCHEMA)
    if errors:
        raise ContentErrors(errors)
    return doc.data


def load_project_banks(root: Path | str = ROOT) -> list[dict]:
    """Every bank under ``quizzes/``, fully validated (schema + semantic checks), by module then id."""
    from ..repository import Repository

    repo = Repository(Path(root)).load()
    banks = [doc.data for doc in repo.documents.get("quiz", [])]
    return sorted(banks, key=lambda b: (int(b["module"]), str(b["id"])))


def bank_category(bank: dict) -> str:
    """Moodle category path for a bank: one sub-category per module ("/" is doubled, as Moodle wants)."""
    title = str(bank["title"]).strip()
    title = re.sub(r"^Tự kiểm tra\s*:\s*", "", title)
    module = int(bank["module"])
    label = f"Học phần {module}. {title}" if module else f"Minh họa. {title}"
    # A category line is not unescaped by Moodle: keep it free of backslashes and newlines.
    label = " ".join(label.replace("\\", " ").split())
    return CATEGORY_ROOT + "/" + html.escape(label, quote=False).replace("/", "//")


def shuffle_options(bank: dict) -> bool:
    return bool((bank.get("shuffle") or {}).get("options", True))


# --------------------------------------------------------------------- text
def block_html(text: str) -> str:
    """Author Markdown -> the same sanitised HTML the site shows (block level)."""
    return md(str(text)).strip()


def inline_html(text: str) -> str:
    """Author Markdown for short items (options, steps) -> inline HTML, no <p> wrapper."""
    return md(str(text), inline=True).strip()


_TAG = re.compile(r"<[^>]+>")


def plain_text(text: str) -> str:
    """Author Markdown -> text for places Moodle stores without markup (matching right
    sides, distractors, short answers), still HTML-escaped: Moodle shows these through
    its HTML filters, so ``<img onerror=…>`` typed by an author must arrive as text."""
    rendered = _TAG.sub("", md(str(text), inline=True))
    return html.escape(" ".join(html.unescape(rendered).split()), quote=False)


def unit_html(unit: str) -> str:
    return f"<p><em>Đơn vị tính: {html.escape(unit.strip(), quote=False)}</em></p>"


ORDERING_HINT = "<p><em>Ghép mỗi bước với vị trí đúng của nó trong trình tự.</em></p>"


def ordering_position(i: int) -> str:
    """Right-hand label for step ``i`` (1-based) when ordering is exported as matching."""
    return f"Vị trí {i}"


def format_number(value) -> str:
    """A number as plain decimal text (no exponent), as GIFT and Moodle expect."""
    if isinstance(value, bool):
        raise ValueError("boolean is not a number")
    if isinstance(value, int):
        return str(value)
    d = Decimal(repr(float(value)))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def short_answers(question: dict, notes: list | None, bank: dict, fmt: str) -> list[str]:
    """Accepted answers as plain text; with ignore_diacritics, the unaccented forms are added."""
    answers: list[str] = []
    for a in question["answers"]:
        p = plain_text(a)
        if p and p not in answers:
            answers.append(p)
    if question.get("ignore_diacritics"):
        added = [fold(a) for a in answers if fold(a) not in answers]
        for a in added:
            if a not in answers:
                answers.append(a)
        add_note(notes, bank, question, fmt, "approximated",
                 "ignore_diacritics: Moodle không bỏ qua dấu; đã thêm dạng không dấu của mỗi đáp án "
                 f"({len(added)} đáp án thêm); dạng dấu thiếu một phần sẽ không được chấp nhận")
    return answers


def moodle_wildcard_escape(answer: str) -> str:
    """Moodle short-answer treats '*' as a wildcard; a literal star is written '\\*'."""
    return answer.replace("*", "\\*")


# --------------------------------------------------------------------- round trip
# What Moodle has no field for but the site needs to import a bank again (review link,
# sources, the bank's module and pass mark) travels in comments Moodle ignores:
# "[review:page.md#anchor] [sources:a,b]" on a question, "[bank:id] [module:1] ..." on a bank.
def meta_tags(**values) -> str:
    return " ".join(f"[{k}:{v}]" for k, v in values.items() if v not in (None, ""))


def bank_tags(bank: dict) -> str:
    sh = bank.get("shuffle") or {}
    off = ",".join(k for k in ("questions", "options") if sh.get(k) is False)
    return meta_tags(bank=bank["id"], module=bank["module"], pass_mark=bank["pass_mark"],
                     draw=bank.get("draw"), no_shuffle=off)


META_TAG = re.compile(r"\[([a-z_]+):([^\]]*)\]")


def read_tags(comment: str) -> dict[str, str]:
    return {k: v for k, v in META_TAG.findall(comment)}
