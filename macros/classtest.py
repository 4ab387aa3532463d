"""Class test: one self-contained HTML file per bank, with no grading data in it.

``python -m macros.classtest BANK [--n N] [--minutes M]`` (``make class-test``) writes
``dist/kiem-tra/<bank>.html``: inline CSS, JavaScript and a font subset, no other file and
no request to the network. It carries the questions and options only: no key, no
explanation, no feedback, no hash of an answer. Each trainee's question and option order
is drawn from a seed (``docs/assets/js/handin-core.js``); on submit the file shows a
hand-in code (text and QR) that the trainer grades on the "Chấm bài kiểm tra trên lớp"
page, which holds the bank.

The bank *version* in a code is a hash of the bank's grading content together with its
explanations (which never leave the trainer's side), so it cannot be used to test guesses
of the key; the grading page recomputes it from the bank and warns on a mismatch.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from .errors import ContentErrors
from .html import esc, md
from .quiz import _plain

ROOT = Path(__file__).resolve().parent.parent
JS_DIR = ROOT / "docs" / "assets" / "js"
NODE = ROOT / "node_modules"
QR_LIB = NODE / "qrcode-generator" / "dist" / "qrcode.js"
FONT_DIR = NODE / "@fontsource" / "be-vietnam-pro" / "files"
FONT_SUBSETS = ("latin", "latin-ext", "vietnamese")
FONT_WEIGHTS = ("400", "700")
# Letters a trainee may type in a name or unit: ASCII, Vietnamese letters and marks.
TYPED = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    + "".join(chr(c) for c in range(0x1EA0, 0x1EFA))
    + "–—‘’“”…•·×✓✗▲▼⏱"
)
OUT_DIR = Path("dist") / "kiem-tra"


class ClassTestError(Exception):
    """A bad request (unknown bank, N too large): one line for the terminal."""


# ----------------------------------------------------------------- bank facts
def shape(q: dict) -> dict:
    """What the draw and the code need of a question: its type and sizes, never its key."""
    kind = q["type"]
    out: dict = {"t": kind}
    if kind in ("single", "multiple"):
        out["n"] = len(q["options"])
    elif kind == "ordering":
        out["n"] = len(q["items"])
    elif kind == "matching":
        out["n"] = len(q["pairs"])
        out["m"] = len(q["pairs"]) + len(q.get("distractors", []))
    return out


def flags(bank: dict) -> dict:
    shuffle = bank.get("shuffle") or {}
    return {"sq": shuffle.get("questions", True), "so": shuffle.get("options", True)}


def bank_tag(bank_id: str) -> int:
    """16 bits naming the bank inside a code."""
    return int.from_bytes(hashlib.sha256(bank_id.encode("utf-8")).digest()[:2], "big")


def bank_version(bank: dict) -> int:
    """16 bits of a hash of everything that decides a grade, plus the explanations.

    Question order, types, options, keys, scoring, points, pass mark and shuffle flags
    change it; so does any edit of an explanation or feedback (text the class-test file
    never holds, which keeps the hash from confirming a guessed key). Review links and
    sources do not.
    """
    content = {
        "pass": bank["pass_mark"],
        "flags": flags(bank),
        "q": [{k: v for k, v in q.items() if k not in ("review", "sources")} for q in bank["questions"]],
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:2], "big")


def grading_data(bank_id: str, bank: dict) -> dict:
    """Everything the trainer's grading page needs for one bank."""
    from .quiz import _answer_data

    return {
        "bank": bank_id,
        "title": bank["title"],
        "tag": bank_tag(bank_id),
        "version": bank_version(bank),
        "pass": bank["pass_mark"],
        "flags": flags(bank),
        "shapes": [shape(q) for q in bank["questions"]],
        "q": [_answer_data(q) for q in bank["questions"]],
        "labels": [_plain(q["prompt"])[:80] for q in bank["questions"]],
    }


# ----------------------------------------------------------------- questions
def _question_html(i: int, q: dict) -> str:
    kind = q["type"]
    name = f"q{i}"
    prompt = f'<div class="ct-prompt" id="{name}-p">{md(q["prompt"])}</div>'
    if kind in ("single", "multiple"):
        typ = "radio" if kind == "single" else "checkbox"
        hint = "Chọn một đáp án." if kind == "single" else "Chọn tất cả các đáp án đúng."
        body = '<ul class="ct-opts">' + "".join(
            f'<li data-i="{k}"><label><input type="{typ}" name="{name}" value="{k}"> '
            f'<span>{md(o["text"], inline=True)}</span></label></li>'
            for k, o in enumerate(q["options"])
        ) + "</ul>"
    elif kind == "true_false":
        hint = "Chọn Đúng hoặc Sai."
        body = ('<ul class="ct-opts">'
                f'<li><label><input type="radio" name="{name}" value="true"> <span>Đúng</span></label></li>'
                f'<li><label><input type="radio" name="{name}" value="false"> <span>Sai</span></label></li></ul>')
    elif kind == "ordering":
        hint = "Sắp xếp theo đúng thứ tự (dùng nút Lên, Xuống)."
        body = '<ol class="ct-order">' + "".join(
            f'<li data-i="{k}"><span class="ct-item">{md(t, inline=True)}</span></li>' for k, t in enumerate(q["items"])
        ) + "</ol>"
    elif kind == "matching":
        hint = "Ghép mỗi mục bên trái với một mục bên phải."
        rights = [p["right"] for p in q["pairs"]] + list(q.get("distractors", []))
        options = "".join(f'<option value="{k}" data-t="{esc(_plain(r))}">{esc(_plain(r))}</option>' for k, r in enumerate(rights))
        body = ('<ol class="ct-lefts">' + "".join(
            f'<li data-i="{k}"><label for="{name}-{k}">{md(p["left"], inline=True)}</label> '
            f'<select id="{name}-{k}"><option value="">— Chọn —</option>{options}</select></li>'
            for k, p in enumerate(q["pairs"])
        ) + '</ol><ul class="ct-rights" aria-label="Các lựa chọn để ghép">' + "".join(
            f'<li data-i="{k}"><span class="ct-letter"></span> {md(r, inline=True)}</li>' for k, r in enumerate(rights)
        ) + "</ul>")
    else:
        hint = "Điền một số." if kind == "numeric" else "Điền từ hoặc cụm từ."
        mode = ' inputmode="decimal"' if kind == "numeric" else ""
        unit = f' <span class="ct-unit">{esc(q["unit"])}</span>' if q.get("unit") else ""
        body = (f'<p><input type="text" class="ct-input" autocomplete="off" spellcheck="false"{mode} '
                f'aria-labelledby="{name}-p">{unit}</p>')
    head = f'<p class="ct-meta"><span class="ct-num"></span> <span class="ct-hint">{hint}</span></p>'
    tag = "div" if kind in ("numeric", "short_text") else "fieldset"
    label = "" if tag == "div" else f' aria-labelledby="{name}-p"'
    return f'<li class="ct-q" data-q="{i}" hidden><{tag} class="ct-field"{label}>{head}{prompt}{body}</{tag}></li>'


# ----------------------------------------------------------------- fonts
def font_css(text: str) -> str:
    """@font-face rules with Be Vietnam Pro subset to `text` (fonttools), as data: URLs."""
    from fontTools.ttLib import TTFont

    from .site_weight import _ranges, woff2_subset

    wanted = {ord(c) for c in text + TYPED if c.strip() or c == " "}
    rules = []
    for weight in FONT_WEIGHTS:
        for name in FONT_SUBSETS:
            path = FONT_DIR / f"be-vietnam-pro-{name}-{weight}-normal.woff2"
            if not path.is_file():
                raise ClassTestError(f"thiếu tệp {path.relative_to(ROOT)}: hãy chạy 'npm ci' (missing font; run npm ci)")
            font = TTFont(str(path), recalcTimestamp=False)  # same bytes on every build
            have = set(font.getBestCmap()) & wanted
            if not have:
                continue
            data = base64.b64encode(woff2_subset(
                font, have, layout_features=["kern", "liga", "mark", "mkmk", "ccmp", "locl"], name_IDs=[],
                notdef_outline=True)).decode("ascii")
            rules.append(
                "@font-face{font-family:'Be Vietnam Pro';font-style:normal;font-display:swap;"
                f"font-weight:{weight};src:url(data:font/woff2;base64,{data}) format('woff2');"
                f"unicode-range:{_ranges(have)}}}"
            )
    return "\n".join(rules)


# ----------------------------------------------------------------- the file
CSS = """
:root{--fg:#1d1d1f;--muted:#555;--line:#c9ccd1;--accent:#a3141b;--bg:#fff;--soft:#f4f5f7}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 'Be Vietnam Pro',system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.3;margin:.5rem 0 1rem;color:var(--accent)}
h2{font-size:1.15rem}
label{cursor:pointer}
input[type=text],select{font:inherit;padding:.45rem .5rem;border:1px solid #777;border-radius:4px;max-width:100%}
.ct-form label{display:block;font-weight:700;margin-top:.8rem}
.ct-form input{width:100%}
button{font:inherit;padding:.5rem 1rem;border:1px solid var(--accent);border-radius:4px;background:#fff;color:var(--accent);cursor:pointer;margin:.25rem .25rem .25rem 0}
button.primary{background:var(--accent);color:#fff}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.ct-list{list-style:none;padding:0;margin:0}
.ct-q{border:1px solid var(--line);border-radius:6px;padding:.75rem;margin:0 0 1rem}
.ct-field{border:0;margin:0;padding:0;min-width:0}
.ct-meta{margin:0;color:var(--muted);font-size:.9rem}
.ct-num{font-weight:700;color:var(--fg)}
.ct-prompt p{margin:.3rem 0 .6rem}
.ct-opts,.ct-rights{list-style:none;padding:0;margin:0}
.ct-opts li{margin:.3rem 0}
.ct-opts label{display:flex;gap:.5rem;align-items:flex-start;padding:.35rem;border-radius:4px}
.ct-opts label:hover{background:var(--soft)}
.ct-opts input{margin-top:.35rem;flex:none}
.ct-order{padding-left:1.6rem}
.ct-order li{margin:.3rem 0;padding:.3rem;background:var(--soft);border-radius:4px}
.ct-order button{padding:.15rem .5rem;margin:0 0 0 .4rem;font-size:.85rem}
.ct-lefts li{margin:.5rem 0}
.ct-lefts select{display:block;margin-top:.2rem;width:100%}
.ct-rights{margin-top:.6rem;padding:.5rem;background:var(--soft);border-radius:4px}
.ct-letter{font-weight:700}
.ct-timer{position:sticky;top:0;z-index:2;background:#fff8e1;border:1px solid #e0b000;border-radius:4px;padding:.4rem .7rem;font-weight:700;margin:0 0 1rem}
.ct-timer.is-low{background:#fde8e8;border-color:var(--accent);color:var(--accent)}
.ct-who{color:var(--muted)}
.ct-warn{border-left:4px solid var(--accent);padding:.3rem .7rem;background:#fde8e8}
.ct-code{font:600 1.05rem/1.5 ui-monospace,monospace;word-break:break-all;background:var(--soft);padding:.6rem;border-radius:4px;user-select:all}
.ct-qr{display:block;margin:1rem 0;max-width:100%;image-rendering:pixelated;border:8px solid #fff}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
@media print{.ct-timer{position:static}button{display:none}}
"""

CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; font-src data:; "
       "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")


def _script(text: str) -> str:
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def render(bank_id: str, bank: dict, count: int | None = None, minutes: int | None = None) -> str:
    questions = bank["questions"]
    count = count or bank.get("draw") or len(questions)
    if not 1 <= count <= len(questions):
        raise ClassTestError(f"quizzes/{bank_id}.yml: N={count} phải từ 1 đến {len(questions)} (the number of questions must fit the bank)")
    minutes = minutes if minutes is not None else bank.get("time_limit_minutes")
    if minutes is not None and not 1 <= minutes <= 600:
        raise ClassTestError(f"MINUTES={minutes} phải từ 1 đến 600 (time limit out of range)")
    data = {
        "bank": bank_id,
        "title": bank["title"],
        "tag": bank_tag(bank_id),
        "version": bank_version(bank),
        "count": count,
        "minutes": minutes or 0,
        "flags": flags(bank),
        "shapes": [shape(q) for q in questions],
    }
    items = "".join(_question_html(i, q) for i, q in enumerate(questions))
    title = bank["title"].split(":", 1)[-1].strip()
    limit = f" Thời gian làm bài: {minutes} phút, tính từ lúc bấm Bắt đầu; hết giờ bài được nộp tự động." if minutes else ""
    body = f"""<main>
<h1>Bài kiểm tra trên lớp: {esc(title)}</h1>
<noscript><p class="ct-warn">Cần bật JavaScript để làm bài và nhận mã nộp bài.</p></noscript>
<section id="ct-start" hidden>
<p>Bài gồm {count} câu. Mỗi học viên nhận thứ tự câu hỏi và phương án riêng.{limit}
Khi nộp bài, trang hiện một <strong>mã nộp bài</strong>; đồng chí gửi mã đó cho giảng viên.
Tệp này không chứa đáp án nên không báo điểm.</p>
<form class="ct-form" id="ct-form" autocomplete="on">
<label for="ct-name">Họ và tên</label><input type="text" id="ct-name" required maxlength="40" autocomplete="name">
<label for="ct-unit">Đơn vị (chi bộ, lớp)</label><input type="text" id="ct-unit" required maxlength="40">
<p id="ct-form-msg" class="ct-warn" role="alert" hidden></p>
<p><button type="submit" class="primary" id="ct-begin">Bắt đầu làm bài</button></p>
</form>
</section>
<section id="ct-test" hidden>
<p class="ct-who" id="ct-who"></p>
<p class="ct-timer" id="ct-timer" role="timer" hidden></p>
<p class="sr" id="ct-live" aria-live="assertive"></p>
<ol class="ct-list" id="ct-list">{items}</ol>
<p id="ct-missing" class="ct-warn" role="alert" hidden></p>
<p><button type="button" class="primary" id="ct-submit">Nộp bài</button></p>
</section>
<section id="ct-done" hidden tabindex="-1" aria-labelledby="ct-done-title">
<h2 id="ct-done-title">Đã nộp bài</h2>
<p id="ct-done-who" class="ct-who"></p>
<p>Gửi <strong>mã nộp bài</strong> dưới đây cho giảng viên (sao chép và dán vào tin nhắn, hoặc cho giảng viên quét mã QR). Tệp không chứa đáp án nên không thể báo điểm; giảng viên chấm và báo kết quả.</p>
<p class="ct-code" id="ct-code"></p>
<p><button type="button" id="ct-copy">Sao chép mã</button> <span id="ct-copied" role="status"></span></p>
<canvas class="ct-qr" id="ct-qr" role="img" aria-label="Mã QR của mã nộp bài"></canvas>
<p><button type="button" id="ct-new">Lượt làm bài mới (cho học viên khác)</button></p>
</section>
</main>"""
    js = "\n".join(
        (JS_DIR / name).read_text(encoding="utf-8") for name in ("handin-core.js", "timer.js", "classtest.js")
    )
    if not QR_LIB.is_file():
        raise ClassTestError(f"thiếu tệp {QR_LIB.relative_to(ROOT)}: hãy chạy 'npm ci' (missing QR library; run npm ci)")
    visible = _plain_text(body) + bank["title"]
    return (
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f"<title>Kiểm tra: {esc(title)}</title>"
        f"<style>{font_css(visible)}\n{CSS}</style></head><body>\n{body}\n"
        f'<script type="application/json" id="ct-data">{_json(data)}</script>\n'
        f"{_script(QR_LIB.read_text(encoding='utf-8'))}\n{_script(js)}\n</body></html>\n"
    )


def _json(data) -> str:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _plain_text(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", " ", html))


def write(root: Path, bank_id: str, count: int | None, minutes: int | None, out_dir: Path) -> Path:
    from .repository import Repository

    repo = Repository(root).load()
    banks = repo.items.get("quiz", {})
    if bank_id not in banks:
        known = ", ".join(sorted(banks))
        raise ClassTestError(f"quizzes/{bank_id}.yml: không có bộ câu hỏi '{bank_id}' (unknown bank); có: {known}")
    html = render(bank_id, banks[bank_id][1], count, minutes)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{bank_id}.html"
    # Nothing half-written: write a temporary file, then rename it into place.
    fd, tmp = tempfile.mkstemp(dir=out_dir, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)
    return target


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên (not an integer)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} phải lớn hơn 0 (must be positive)")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.classtest",
                                     description="Tạo tệp bài kiểm tra trên lớp (one self-contained class-test file).")
    parser.add_argument("bank", help="mã bộ câu hỏi, ví dụ sinh-hoat-chi-bo")
    parser.add_argument("--n", type=_positive, default=None, help="số câu mỗi học viên làm (mặc định: draw của bộ câu hỏi)")
    parser.add_argument("--minutes", type=_positive, default=None, help="thời gian làm bài, phút (mặc định: time_limit_minutes)")
    parser.add_argument("--out", default=str(OUT_DIR), help="thư mục ghi tệp (mặc định dist/kiem-tra)")
    parser.add_argument("--root", default=".", help="thư mục gốc của dự án")
    args = parser.parse_args(argv)
    try:
        path = write(Path(args.root), args.bank, args.n, args.minutes, Path(args.out))
    except ContentErrors as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except ClassTestError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    size = path.stat().st_size
    print(f"Đã ghi {path} ({size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
