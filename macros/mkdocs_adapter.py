"""Thin adapter between mkdocs-macros-plugin and the plain functions of this package."""

from __future__ import annotations

import importlib
import re
from functools import wraps
from pathlib import Path

from . import MACRO_MODULES
from .context import Context
from .errors import ContentError, ContentErrors
from .repository import Repository
from .text import front_matter_lines


class BuildStop(Exception):
    """Raised to stop the build with a clean, one-line author message."""


def _plugin_error(message: str) -> Exception:
    from mkdocs.exceptions import PluginError

    return PluginError(message)


def _front_matter_lines(abs_path: str | None) -> int:
    """Front-matter offset of a page's source file (0 for generated pages)."""
    return front_matter_lines(Path(abs_path).read_text(encoding="utf-8")) if abs_path else 0


def _guard_render(env) -> None:
    """Stop on Jinja syntax errors and unknown names with a one-line message.

    mkdocs-macros would print a Python traceback for these; authors need the file,
    the line and what is wrong.
    """
    import jinja2
    from jinja2 import meta

    original = env.render

    def render(markdown: str, force_rendering: bool = False) -> str:
        page = env.page
        src = f"docs/{page.file.src_uri}"
        offset = _front_matter_lines(page.file.abs_src_path)
        if env.has_j2(markdown):
            try:
                ast = env.env.parse(markdown)
            except jinja2.TemplateSyntaxError as exc:
                raise _plugin_error(f"{src}:{(exc.lineno or 0) + offset}: lỗi cú pháp macro (macro syntax): {exc.message}") from None
            known = set(env.variables) | set(env.macros) | set(env.env.globals) | {"page", "config"}
            unknown = sorted(meta.find_undeclared_variables(ast) - known)
            if unknown:
                line = next((i for i, ln in enumerate(markdown.splitlines(), 1) if unknown[0] in ln), 0)
                raise _plugin_error(f"{src}:{line + offset}: macro hoặc biến không tồn tại (unknown macro or variable): {', '.join(unknown)}")
        return original(markdown, force_rendering)

    env.render = render


def _call_line(markdown: str, name: str, args: tuple) -> int | None:
    needle = re.compile(r"\{\{-?\s*" + re.escape(name) + r"\s*\(")
    first = repr(args[0]) if args else None
    candidates = [i for i, line in enumerate(markdown.splitlines(), 1) if needle.search(line)]
    for i in candidates:
        line = markdown.splitlines()[i - 1]
        if first is None or str(args[0]) in line:
            return i
    return candidates[0] if candidates else None


def register(env) -> None:
    root = Path(env.conf["config_file_path"]).resolve().parent
    try:
        repo = Repository(root, env.conf.get("docs_dir", "docs")).load()
    except ContentErrors as exc:
        raise _plugin_error(exc.render()) from None
    env.variables["repo"] = repo

    # Errors found while a page's macros run; raised after rendering, outside
    # mkdocs-macros' own error handler (which would print a traceback).
    pending: list[str] = []

    def raise_pending(_env) -> None:
        if pending:
            message = "\n".join(pending)
            pending.clear()
            raise _plugin_error(message)

    env.post_macro_functions.append(raise_pending)
    _guard_render(env)

    def wrap(name, func):
        @wraps(func)
        def macro(*args, **kwargs):
            page = env.page
            ctx = Context(
                repo=repo,
                page=page.file.src_uri,
                meta=dict(page.meta or {}),
                site={"site_name": env.conf.get("site_name"), "extra": dict(env.conf.get("extra") or {})},
            )
            try:
                return func(ctx, *args, **kwargs)
            except (KeyError, ContentError, ValueError) as exc:
                msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                line = _call_line(page.markdown or "", name, args)
                if line:
                    line += _front_matter_lines(page.file.abs_src_path)
                where = f"docs/{page.file.src_uri}" + (f":{line}" if line else "")
                pending.append(f"{where}: {name}(): {msg}")
                return ""

        return macro

    for mod_name in MACRO_MODULES:
        module = importlib.import_module(f"{__package__}.{mod_name}")
        for name, func in getattr(module, "MACROS", {}).items():
            env.macro(wrap(name, func), name)
