"""Placeholder: the checklist kind (filled in by its issue)."""

from __future__ import annotations


def check(repo, doc) -> list:
    return []


MACROS: dict = {}
