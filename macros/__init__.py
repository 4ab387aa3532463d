"""Content macros for the training site.

Everything here is plain Python: functions take data and return HTML or Markdown.
The only MkDocs-specific code is ``define_env`` below (mkdocs-macros-plugin calls it),
so the package can be driven by another generator later.
"""

from __future__ import annotations

MACRO_MODULES = ("sources", "glossary", "course", "quiz", "checklist", "timeline", "procedure", "training",
                 "authoring", "templates")


def define_env(env):  # pragma: no cover - thin adapter, exercised by the build tests
    from .mkdocs_adapter import register

    register(env)
