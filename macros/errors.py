"""Author-facing errors: one line each, with file, line, column and item id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


_INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


# Not frozen: Python assigns __traceback__ to exceptions that pass through a
# contextmanager (contextlib) and a frozen dataclass would refuse it. Hashable still.
@dataclass(unsafe_hash=True)
class ContentError(Exception):
    """A mistake in authored content (YAML or Markdown), reported without a traceback."""

    file: str
    line: int | None
    column: int | None
    message: str
    item_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        item = ""
        if self.item_id:
            shown = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", " ".join(str(self.item_id).split()))
            item = f" [{shown[:60]}]"
        # Always a single line: authors read these in a terminal.
        msg = " ".join(str(self.message).split())
        # Invisible characters would print invisibly: spell them out (\u200b).
        msg = _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", msg)
        return f"{where}:{item} {msg}"


class ContentErrors(Exception):
    """Several ContentError at once, so authors can fix them in one pass."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(
            errors, key=lambda e: (e.file, e.line or 0, e.column or 0, e.message)
        )
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.errors)
        head = f"{n} lỗi nội dung (content error{'s' if n != 1 else ''}):"
        return "\n".join([head] + [f"  {e}" for e in self.errors])


def rel(path: Path | str, root: Path | None = None) -> str:
    """A path as authors see it: relative to the project root when possible."""
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()
