"""Vietnamese text helpers shared by the build, the search index and the quiz engine."""

from __future__ import annotations

import re
import unicodedata

_COMBINING = re.compile(r"[\u0300-\u036f]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: "Kết nạp Đảng viên" -> "Ket nap Dang vien".

    NFD splits tone and vowel marks into combining characters, which are dropped;
    đ/Đ have no decomposition and are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = _COMBINING.sub("", decomposed)
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def normalize_answer(text: str, *, ignore_diacritics: bool = False) -> str:
    """Normalise a short-text answer: Unicode form, case and runs of spaces."""
    t = " ".join(nfc(text).casefold().split())
    return fold(t) if ignore_diacritics else t


def slugify(value: str, separator: str = "-") -> str:
    """ASCII heading anchors for Vietnamese headings ("Các bước" -> "cac-buoc").

    Signature matches Python-Markdown's toc ``slugify`` option.
    """
    text = fold(re.sub(r"<[^>]+>", "", value)).lower()
    text = re.sub(r"[^\w\s-]", "", text, flags=re.ASCII)
    return re.sub(r"[\s_-]+", separator, text).strip(separator)


def first_non_nfc_line(text: str) -> int | None:
    """1-based number of the first line that is not NFC, or None when all are."""
    for i, line in enumerate(text.splitlines(), 1):
        if line != unicodedata.normalize("NFC", line):
            return i
    return None if text == unicodedata.normalize("NFC", text) else 1


def front_matter_lines(text: str) -> int:
    """Lines taken by a page's YAML front matter (and the blank lines after it).

    MkDocs strips front matter before plugins see the Markdown; adding this to a
    line number in that Markdown gives the line in the file authors edit.
    """
    lines = text.splitlines()
    if lines and lines[0].startswith("\ufeff"):  # a BOM does not move the front matter
        lines[0] = lines[0][1:]
    if not lines or lines[0].strip() != "---":
        return 0
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            n = i + 1
            while n < len(lines) and not lines[n].strip():
                n += 1
            return n
    return 0
