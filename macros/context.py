"""What a macro needs to know about the page it renders into: no MkDocs objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .repository import Repository


@dataclass
class Context:
    repo: Repository
    page: str  # source path relative to docs/, e.g. "sinh-hoat-chi-bo/index.md"
    meta: dict[str, Any] = field(default_factory=dict)  # the page's front matter
    site: dict[str, Any] = field(default_factory=dict)  # site_name, extra, ...
