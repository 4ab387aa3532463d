"""Timelines with a deadline calculator: ``{{ timeline("ket-nap-dang-vien") }}``.

Data: ``data/timelines/<id>.yml`` (schema ``data/schemas/timeline.schema.json``).
Each step names who acts and what it produces; a step with a time limit refers to an
earlier step (``after``: "within N units from that step's date") or a later one
(``before``: "at least N units before that step's date"), in working days, calendar
days or months, with an optional special-case extension.

Output: an HTML/CSS vertical timeline (no client-side diagram library) that reads and
prints without JavaScript, plus a calculator that ``components.js`` reveals: one
``<input type=date>`` per step other steps count from; deadlines appear under each
step. The non-working-day table (``macros.workdays``) is embedded as JSON so the
page works from ``file://``. The counting rules are written next to the results.
"""

from __future__ import annotations

import json

from . import workdays
from .checklist import dom_id, number_sources, source_notes, source_refs, status_notice, unverified_badge
from .html import esc, md
from .workdays import UNIT_LABELS, fmt, step_reference


# ---------------------------------------------------------------- checks
def check(repo, doc) -> list:
    data = doc.data
    steps = data["steps"]
    index, errors = doc.index_ids("steps", "mã bước", "step id")
    for i, s in enumerate(steps):
        sid = s["id"]
        has_ref = "after" in s or "before" in s
        if "after" in s and "before" in s:
            errors.append(doc.error(("steps", i, "before"), "một bước chỉ được có 'after' hoặc 'before', không cả hai (use either after or before)", sid))
            continue
        if "limit" in s and not has_ref:
            errors.append(doc.error(("steps", i, "limit"), "thời hạn 'limit' cần cho biết tính từ bước nào: thêm 'after: <mã bước trước>' hoặc 'before: <mã bước sau>' (limit needs after/before)", sid))
        if has_ref and "limit" not in s:
            key = "after" if "after" in s else "before"
            errors.append(doc.error(("steps", i, key), f"'{key}' cần đi kèm thời hạn 'limit' (amount, unit) ({key} needs a limit)", sid))
        if "limit" in s and "no_limit" in s:
            errors.append(doc.error(("steps", i, "no_limit"), "bước đã có 'limit' thì không ghi 'no_limit' (limit and no_limit contradict)", sid))
        if "after" in s:
            ref = s["after"]
            if ref not in index:
                errors.append(doc.error(("steps", i, "after"), f"'after' trỏ tới bước không tồn tại: '{ref}' (unknown step)", sid))
            elif index[ref] >= i:
                what = "chính nó" if ref == sid else f"bước đứng sau ('{ref}')"
                errors.append(doc.error(("steps", i, "after"), f"'after' phải là một bước đứng trước, không phải {what} (after must name an earlier step)", sid))
        if "before" in s:
            ref = s["before"]
            if ref not in index:
                errors.append(doc.error(("steps", i, "before"), f"'before' trỏ tới bước không tồn tại: '{ref}' (unknown step)", sid))
            elif index[ref] <= i:
                what = "chính nó" if ref == sid else f"bước đứng trước ('{ref}')"
                errors.append(doc.error(("steps", i, "before"), f"'before' phải là một bước đứng sau, không phải {what} (before must name a later step)", sid))
    if not errors:
        errors.extend(_cycles(doc, steps))
    return errors


def _cycles(doc, steps) -> list:
    """after/before references may not loop (A before B, B after A)."""
    ref = {s["id"]: step_reference(s)[0] for s in steps}
    for i, s in enumerate(steps):
        seen, cur = set(), s["id"]
        while ref.get(cur):
            if cur in seen:
                key = "after" if "after" in s else "before"
                return [doc.error(("steps", i, key), f"các mốc tham chiếu vòng tròn qua bước '{cur}' (circular after/before references)", s["id"])]
            seen.add(cur)
            cur = ref[cur]
    return []


# ---------------------------------------------------------------- rendering
def unit_text(amount: int, unit: str) -> str:
    return f"{amount} {UNIT_LABELS[unit]}"


def ref_label(step: dict, number: int) -> str:
    return step.get("date_label") or f"ngày hoàn thành bước {number}"


def limit_html(step: dict, by_id: dict, numbers: dict, base: str) -> str:
    ref, direction = step_reference(step)
    lim = step["limit"]
    target = by_id[ref]
    link = f'<a href="#{base}-{esc(ref)}">{esc(ref_label(target, numbers[ref]))} (bước {numbers[ref]})</a>'
    amount = unit_text(lim["amount"], lim["unit"])
    if lim.get("wording"):
        text = f"{esc(lim['wording'])} (mốc tính: {link})"
    elif direction == "after":
        text = f"Trong {amount} kể từ {link}"
    else:
        text = f"Chậm nhất {amount} trước {link}"
    ext = lim.get("extension")
    if ext:
        text += f"; {esc(ext['when'])}: thêm {unit_text(ext['amount'], ext.get('unit', lim['unit']))}"
        if ext.get("note"):
            text += f" ({md(ext['note'], inline=True)})"
    return text + "."


def _calc_data(tl: dict, numbers: dict) -> list[dict]:
    out = []
    for s in tl["steps"]:
        ref, direction = step_reference(s)
        item = {"id": s["id"], "n": numbers[s["id"]], "title": s["title"]}
        if ref:
            lim = s["limit"]
            item.update(ref=ref, dir=direction, amount=lim["amount"], unit=lim["unit"])
            if lim.get("result_label"):
                item["label"] = lim["result_label"]
            if lim.get("extension"):
                ext = lim["extension"]
                item["ext"] = {"amount": ext["amount"], "unit": ext.get("unit", lim["unit"]), "when": ext["when"]}
        out.append(item)
    return out


def method_html(cal: workdays.WorkCalendar) -> str:
    """How deadlines are counted, shown next to the calculator's results."""
    first, last = cal.years
    notes = ""
    if cal.notes:
        rows = "".join(
            f"<li>{fmt(n['date'])}: {'tính là ngày nghỉ' if n['type'] == 'day_off' else 'tính là ngày làm việc'} — {esc(n['reason'])}</li>"
            for n in cal.notes
        )
        notes = (
            '<details class="sotay-calc__overrides"><summary>Các ngày trang điều chỉnh so với lịch nghỉ tự sinh</summary>'
            f"<ul>{rows}</ul></details>"
        )
    return (
        '<div class="sotay-calc__method">'
        "<p><strong>Cách tính.</strong> "
        "“Trong N ngày làm việc kể từ ngày D”: ngày D không tính; hạn chót là ngày làm việc thứ N sau ngày D "
        "(“chậm nhất N ngày trước ngày D” tính lùi theo cùng cách). "
        "Ngày làm việc là thứ Hai đến thứ Sáu, trừ các ngày nghỉ lễ, Tết và ngày nghỉ bù; ngày thứ Bảy làm bù được tính là ngày làm việc. "
        "Thời hạn tính theo ngày là ngày lịch (kể cả ngày nghỉ); theo tháng là cùng ngày của tháng thứ N sau đó "
        "(tháng không có ngày đó thì lấy ngày cuối tháng). "
        "Bước sau được tính từ ngày thực tế đồng chí nhập, nếu không thì từ hạn chót của bước trước "
        "(trường hợp mỗi bước dùng hết thời hạn, không tính phần gia hạn).</p>"
        f"<p>Bảng ngày nghỉ {first}–{last} được lập khi dựng trang từ lịch nghỉ lễ, Tết theo Bộ luật Lao động 2019 "
        "(gói phần mềm <code>holidays</code>, có tính âm lịch) và các điều chỉnh của tài liệu; "
        "ngày nghỉ của các năm chưa có thông báo chính thức chỉ là dự kiến. "
        "Không có văn bản của Đảng định nghĩa “ngày làm việc”: đây là cách tính của tài liệu. "
        "<strong>Kết quả chỉ để tham khảo; văn bản gốc của cơ quan có thẩm quyền và lịch nghỉ do Nhà nước công bố "
        "luôn có giá trị cao hơn.</strong></p>"
        f"{notes}</div>"
    )


def render(tl: dict, sources: dict, page: str, cal: workdays.WorkCalendar) -> str:
    tid = tl["id"]
    base = dom_id("timeline", tid)
    steps = tl["steps"]
    by_id = {s["id"]: s for s in steps}
    numbers = {s["id"]: n for n, s in enumerate(steps, 1)}
    anchors = [s for s in steps if any(step_reference(o)[0] == s["id"] for o in steps)]
    cites = number_sources(tl.get("sources"), *[s.get("sources") for s in steps])
    out = [
        f'<div class="sotay-timeline" id="{base}" data-timeline="{esc(tid)}">',
        f'<p class="sotay-timeline__title" id="{base}-title"><strong>{esc(tl["title"])}</strong></p>',
        status_notice(tl.get("status", "mau")),
    ]
    if tl.get("description"):
        out.append(f'<div class="sotay-timeline__desc">{md(tl["description"])}</div>')
    if tl.get("notice"):
        out.append(f'<p class="sotay-note">{md(tl["notice"], inline=True)}</p>')

    # Calculator: revealed by components.js; its inputs and buttons never print.
    if anchors:
        first, last = cal.years
        out.append(f'<div class="sotay-calc" id="{base}-calc" hidden>')
        out.append(f'<form class="sotay-calc__form" novalidate aria-labelledby="{base}-calc-title {base}-title">')
        out.append(f'<p class="sotay-calc__title" id="{base}-calc-title"><strong>Máy tính hạn chót</strong></p>')
        out.append(
            f'<p class="sotay-calc__intro" id="{base}-hint">Nhập ngày đã biết (ít nhất một ô) theo dạng '
            f"<strong>ngày/tháng/năm</strong>, ví dụ 05/01/2026. Hạn chót của các bước "
            f"tính từ ngày đó hiện ngay dưới từng bước. Bảng ngày nghỉ có từ {fmt(cal.first)} đến {fmt(cal.last)}.</p>"
        )
        for s in anchors:
            iid = f"{base}-date-{s['id']}"
            label = ref_label(s, numbers[s["id"]])
            label = label[:1].upper() + label[1:]
            out.append(
                f'<p class="sotay-calc__field"><label for="{iid}">{esc(label)} (bước {numbers[s["id"]]})</label>'
                f'<input type="text" id="{iid}" data-anchor="{esc(s["id"])}" inputmode="numeric" autocomplete="off" '
                f'placeholder="dd/mm/yyyy" size="12" aria-describedby="{iid}-msg {base}-hint">'
                f'<span class="sotay-calc__error" id="{iid}-msg"></span></p>'
            )
        out.append(
            '<p class="sotay-calc__buttons"><button type="submit" class="sotay-button">Tính hạn chót</button> '
            '<button type="reset" class="sotay-button sotay-button--secondary">Xóa các ngày</button></p>'
        )
        out.append("</form>")
        out.append(f'<p class="sotay-calc__summary" id="{base}-summary" role="status" aria-live="polite"></p>')
        out.append(method_html(cal))
        out.append("</div>")

    out.append(f'<ol class="sotay-timeline__steps" aria-labelledby="{base}-title">')
    for s in steps:
        sid = s["id"]
        n = numbers[sid]
        has_limit = bool(step_reference(s)[0])
        cls = "sotay-timeline__step" + (" sotay-timeline__step--limit" if has_limit else "")
        out.append(f'<li class="{cls}" id="{base}-{esc(sid)}" data-step="{esc(sid)}">')
        out.append(f'<span class="sotay-timeline__marker" aria-hidden="true">{n}</span>')
        out.append('<div class="sotay-timeline__body">')
        out.append(
            f'<p class="sotay-timeline__step-title"><span class="sotay-visually-hidden">Bước {n}: </span>'
            f'<strong>{esc(s["title"])}</strong>{unverified_badge(s.get("unverified", False))}</p>'
        )
        if has_limit:
            out.append(f'<p class="sotay-timeline__limit"><span class="sotay-label">Thời hạn:</span> {limit_html(s, by_id, numbers, base)}</p>')
        elif s.get("no_limit"):
            out.append(f'<p class="sotay-timeline__limit sotay-timeline__limit--none"><span class="sotay-label">Thời hạn:</span> {md(s["no_limit"], inline=True)}</p>')
        meta = [f'<dt>Ai thực hiện</dt><dd>{esc(s["actor"])}</dd>']
        if s.get("output"):
            meta.append(f'<dt>Kết quả</dt><dd>{esc(s["output"])}</dd>')
        out.append(f'<dl class="sotay-timeline__meta">{"".join(meta)}</dl>')
        if s.get("description"):
            out.append(f'<div class="sotay-timeline__desc">{md(s["description"])}</div>')
        if s.get("note"):
            out.append(f'<p class="sotay-note">{md(s["note"], inline=True)}</p>')
        if s.get("sources"):
            out.append(f'<p class="sotay-timeline__refs">{source_refs(base, cites, s["sources"])}</p>')
        if anchors:
            out.append(f'<div class="sotay-timeline__deadline" data-deadline-for="{esc(sid)}" hidden></div>')
        out.append("</div></li>")
    out.append("</ol>")
    out.append(source_notes(base, cites, sources, page))
    if anchors:
        payload = json.dumps({"id": tid, "steps": _calc_data(tl, numbers)}, ensure_ascii=False, separators=(",", ":"))
        payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out.append(f'<script type="application/json" class="sotay-timeline__data">{payload}</script>')
        out.append(f'<script type="application/json" class="sotay-workdays-table">{cal.to_json()}</script>')
        out.append(f'<script type="application/json" class="sotay-workdays-notes">{cal.notes_json()}</script>')
    out.append("</div>")
    return "\n".join(x for x in out if x)


def _timeline_macro(ctx, timeline_id: str) -> str:
    _doc, data = ctx.repo.get("timeline", str(timeline_id))
    return render(data, ctx.repo.sources, ctx.page, workdays.calendar_for(ctx.repo))


MACROS = {"timeline": _timeline_macro}
