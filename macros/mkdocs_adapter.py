"""Thin adapter between mkdocs-macros-plugin and the plain functions of this package."""

from __future__ import annotations

import importlib
import inspect
import re
import traceback
from functools import wraps
from pathlib import Path

from . import MACRO_MODULES
from markupsafe import Markup

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


class _MacroStop(BaseException):
    """Carries a one-line author message through mkdocs-macros' ``except Exception``."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _template_line(exc: BaseException) -> int | None:
    """Line in the page of a Jinja error: from the exception or the template frames."""
    line = getattr(exc, "lineno", None)
    if line:
        return line
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def _describe_jinja(exc: BaseException) -> str:
    import jinja2

    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    m = re.match(r"No filter named '([^']+)'", text)
    if m:
        return f"bộ lọc không tồn tại (unknown filter): {m.group(1)}"
    m = re.match(r"No test named '([^']+)'", text)
    if m:
        return f"phép thử không tồn tại (unknown test): {m.group(1)}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"giá trị không tồn tại (undefined value): {text}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"lỗi cú pháp macro (macro syntax): {text}"
    if isinstance(exc, jinja2.TemplateError):
        return f"lỗi macro (macro error): {text}"
    return f"lỗi khi chạy macro (macro failed): {type(exc).__name__}: {text}"


_FENCE_OPEN = re.compile(r"^(\s*)(`{3,}|~{3,})")


def protect_fenced_code(markdown: str, j2_markers=("{{", "{%", "{#")) -> str:
    """Wrap fenced code blocks in ``{% raw %}`` so macros shown in code are not run.

    The markers go on the fence lines themselves, so line numbers do not move.
    """
    lines = markdown.split("\n")
    out = list(lines)
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        fence = m.group(2)
        j = i + 1
        while j < len(lines) and not re.match(r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", lines[j]):
            j += 1
        block = "\n".join(lines[i:j + 1])
        if any(mark in block for mark in j2_markers) and "raw %}" not in block:
            out[i] = "{% raw %}" + lines[i]
            if j < len(lines):
                out[j] = lines[j] + "{% endraw %}"
            else:
                out[-1] = out[-1] + "{% endraw %}"
        i = j + 1
    return "\n".join(out)


def _guard_render(env, pending: list[str]) -> None:
    """Every Jinja failure becomes ``docs/page.md:LINE: one sentence`` (no traceback).

    mkdocs-macros catches every Exception while rendering and prints a traceback; our
    errors travel as a BaseException past it and are raised here as a PluginError.
    Macros inside fenced code blocks are shown, not run.
    """
    import jinja2
    from jinja2 import meta

    def install(jenv) -> None:
        """Once the Jinja environment exists: escape by default, guard compile and render."""
        if getattr(jenv, "_sotay_guarded", False):
            return
        jenv._sotay_guarded = True
        # One safe path for text into pages: every {{ value }} is HTML-escaped unless it
        # is the (already sanitised) output of one of our macros (Markup).
        jenv.autoescape = True
        original_from_string = jenv.from_string

        def from_string(source, *args, **kwargs):
            try:
                template = original_from_string(source, *args, **kwargs)
            except jinja2.TemplateError as exc:
                raise _MacroStop(_template_line(exc), _describe_jinja(exc)) from None
            original_render = template.render

            def render_template(*a, **kw):
                try:
                    return original_render(*a, **kw)
                except _MacroStop:
                    raise
                except Exception as exc:  # noqa: BLE001 - every failure becomes one positioned line
                    raise _MacroStop(_template_line(exc), _describe_jinja(exc)) from None

            template.render = render_template
            return template

        jenv.from_string = from_string

    original = env.render

    def render(markdown: str, force_rendering: bool = False) -> str:
        page = env.page
        src = f"docs/{page.file.src_uri}"
        offset = _front_matter_lines(page.file.abs_src_path)
        jenv = env.env
        install(jenv)
        source = markdown
        if env.has_j2(markdown):
            markdown = protect_fenced_code(markdown)
            try:
                ast = jenv.parse(markdown)
            except jinja2.TemplateSyntaxError as exc:
                pending.append(f"{src}:{(exc.lineno or 0) + offset}: lỗi cú pháp macro (macro syntax): {exc.message}")
                return source
            known = set(env.variables) | set(env.macros) | set(jenv.globals) | {"page", "config"}
            try:
                unknown = sorted(meta.find_undeclared_variables(ast) - known)
            except jinja2.TemplateError as exc:  # e.g. an unknown filter, found while compiling
                line = _template_line(exc)
                pending.append(f"{src}" + (f":{line + offset}" if line else "") + f": {_describe_jinja(exc)}")
                return source
            if unknown:
                line = next((i for i, ln in enumerate(markdown.splitlines(), 1) if unknown[0] in ln), 0)
                pending.append(f"{src}:{line + offset}: macro hoặc biến không tồn tại (unknown macro or variable): {', '.join(unknown)}")
                return source
        env.variables["__sotay_seen__"] = {}  # components inserted on this page
        try:
            return original(markdown, force_rendering)
        except _MacroStop as stop:
            where = src + (f":{stop.line + offset}" if stop.line else "")
            pending.append(f"{where}: {stop.message}")
            return source

    env.render = render


# What each macro's parameters are, for "missing argument" messages.
_PARAM_LABELS = {
    "checklist_id": ("mã bảng kiểm", "checklist id"),
    "timeline_id": ("mã mốc thời gian", "timeline id"),
    "code": ("mã quy trình", "procedure code"),
    "keys": ("mã nguồn", "source key"),
}


def check_arguments(name: str, func, args: tuple, kwargs: dict) -> None:
    """Raise ValueError with a one-sentence message when a macro is called wrongly."""
    for value in list(args) + list(kwargs.values()):
        if not isinstance(value, str):
            raise ValueError(f"tham số phải là một chuỗi trong nháy, ví dụ {name}(\"ma-so\"), không phải {type(value).__name__} "
                             f"(arguments must be quoted strings)")
        if not value.strip():
            raise ValueError(f"tham số rỗng (empty argument); ví dụ {name}(\"ma-so\")")
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return
    params = list(sig.parameters.values())[1:]  # after ctx
    for key in kwargs:
        if key not in sig.parameters or key == "ctx" or sig.parameters[key].kind in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.POSITIONAL_ONLY):
            if not any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params):
                raise ValueError(f"không có tham số tên '{key}'; viết {name}(\"...\") (unexpected keyword argument '{key}')")
    positional = [p for p in params if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    variadic = next((p for p in params if p.kind == inspect.Parameter.VAR_POSITIONAL), None)
    for p in positional[len(args):]:
        if p.default is inspect.Parameter.empty and p.name not in kwargs:
            vi, en = _PARAM_LABELS.get(p.name, (f"tham số {p.name}", f"argument {p.name}"))
            raise ValueError(f"thiếu {vi} (missing {en})")
    if variadic is not None and not args and variadic.name in _PARAM_LABELS:
        vi, en = _PARAM_LABELS[variadic.name]
        raise ValueError(f"thiếu {vi} (missing {en})")
    if variadic is None and len(args) > len(positional):
        want = len(positional)
        raise ValueError(f"thừa tham số: nhận {want} tham số, được truyền {len(args)} (too many arguments)")


def _call_line(markdown: str, name: str, args: tuple, nth: int = 0) -> int | None:
    """Line of the ``nth`` call (0-based) of macro ``name`` with this first argument."""
    needle = re.compile(r"\{\{-?\s*" + re.escape(name) + r"\s*\(")
    lines = markdown.splitlines()
    candidates = [i for i, line in enumerate(lines, 1) if needle.search(line)]
    if args and isinstance(args[0], str):
        matching = [i for i in candidates if args[0] in lines[i - 1]]
        if matching:
            return matching[min(nth, len(matching) - 1)]
    return candidates[min(nth, len(candidates) - 1)] if candidates else None


# Components whose HTML carries element ids derived from their own id.
_ONCE_PER_PAGE = {"quiz", "quiz_answer_key", "checklist", "timeline", "procedure"}


def register(env) -> None:
    root = Path(env.conf["config_file_path"]).resolve().parent
    try:
        repo = Repository(root, env.conf.get("docs_dir", "docs")).load()
    except ContentErrors as exc:
        raise _plugin_error(exc.render()) from None
    env.variables["repo"] = repo

    # Errors found while pages' macros run; raised once every page has been tried, so
    # authors see all of them at once, outside mkdocs-macros' own error handler (which
    # would print a traceback).
    pending: list[str] = []

    def raise_pending(_env) -> None:
        if pending:
            message = "\n".join(pending)
            pending.clear()
            raise _plugin_error(message)

    env.post_build_functions.append(raise_pending)
    _guard_render(env, pending)

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
            calls = env.variables.setdefault("__sotay_seen__", {})
            call_key = ("#calls", name, args[0] if args and isinstance(args[0], str) else None)
            nth = calls.get(call_key, 0)
            calls[call_key] = nth + 1
            try:
                check_arguments(name, func, args, kwargs)
                if name in _ONCE_PER_PAGE and args:
                    seen = calls
                    line = _call_line(page.markdown or "", name, args, nth)
                    line = line + _front_matter_lines(page.file.abs_src_path) if line else None
                    first = seen.get((name, args[0]))
                    if first is not None:
                        raise ValueError(f"'{args[0]}' đã được chèn ở dòng {first or '?'} của trang này; mỗi trang chỉ chèn một lần "
                                         "(inserted twice on one page: element ids would repeat)")
                    seen[(name, args[0])] = line
                return Markup(func(ctx, *args, **kwargs))
            except (KeyError, ContentError, ValueError, TypeError) as exc:
                msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
                line = _call_line(page.markdown or "", name, args, nth)
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
