"""Question banks from Excel (.xlsx), Moodle GIFT (.gift/.txt) or Moodle XML (.xml).

``python -m macros import FILE [--bank ID]`` converts the file, validates the bank the way
the build does, and writes ``quizzes/<id>.yml`` only when the whole file converts; every
problem is one line: where it is in the input file, and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from .common import ROOT, ImportFailed, Imported, validate_bank, write_bank

__all__ = ["ImportFailed", "Imported", "convert", "import_file"]


def read(path: Path, bank_id: str | None = None, defaults: dict | None = None):
    """Parse only (no project checks): returns (Imported, locate)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed([f"{path}: không có tệp này (file not found)"])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(path, bank_id)
    if suffix in (".gift", ".txt"):
        from .gift import parse_gift

        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed([f"{path.name}:1: tệp GIFT phải lưu dạng UTF-8 (not UTF-8 text)"]) from None
        return parse_gift(text, path.name, bank_id, defaults)
    if suffix == ".xml":
        from .moodle_xml import parse_xml

        return parse_xml(path.read_bytes(), path.name, bank_id, defaults)
    raise ImportFailed([f"{path.name}: không nhận dạng được tệp (unknown file type '{suffix}'); dùng .xlsx, .gift hoặc .xml"])


def convert(path: Path, bank_id: str | None = None, defaults: dict | None = None, root: Path = ROOT) -> Imported:
    """Parse and validate against the project; raises ImportFailed listing every problem."""
    imported, locate = read(path, bank_id, defaults)
    problems = validate_bank(imported.bank, locate, Path(root))
    if problems:
        raise ImportFailed(problems)
    return imported


def import_file(path: Path, bank_id: str | None = None, defaults: dict | None = None, root: Path = ROOT,
                dest: Path | None = None) -> tuple[Path, Imported]:
    imported = convert(path, bank_id, defaults, root)
    target = write_bank(imported.bank, Path(dest) if dest else Path(root) / "quizzes")
    return target, imported
