"""ISO 9001:2015 procedures: ``{{ procedure("QT-01") }}`` and ``{{ procedure_register() }}``.

Data: ``data/procedures/QT-NN.yml`` (schema ``data/schemas/procedure.schema.json``).
A procedure page shows the document-control block, purpose, scope, referenced
documents, terms, a flowchart generated here as inline SVG (black and white friendly:
shapes and text labels carry the meaning, no colour), its text version (ordered list)
and the step and record tables. The register ("Danh mục tài liệu", ISO 9001 clause
7.5) lists every procedure with code, title, revision and date.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from .checklist import dom_id, number_sources, source_notes, source_refs, status_notice, unverified_badge
from .html import esc, md
from .links import relative
from .sources import format_date

REGISTER_PAGE = "quy-trinh/index.md"

# Clause headings of TCVN ISO 9001:2015 that a procedure may say it serves.
ISO_CLAUSES = {
    "4.1": "Hiểu tổ chức và bối cảnh của tổ chức",
    "4.2": "Hiểu nhu cầu và mong đợi của các bên quan tâm",
    "4.3": "Xác định phạm vi của hệ thống quản lý chất lượng",
    "4.4": "Hệ thống quản lý chất lượng và các quá trình",
    "5.1": "Sự lãnh đạo và cam kết",
    "5.2": "Chính sách",
    "5.3": "Vai trò, trách nhiệm và quyền hạn trong tổ chức",
    "6.1": "Hành động giải quyết rủi ro và cơ hội",
    "6.2": "Mục tiêu chất lượng và hoạch định để đạt được mục tiêu",
    "6.3": "Hoạch định các thay đổi",
    "7.1": "Nguồn lực",
    "7.2": "Năng lực",
    "7.3": "Nhận thức",
    "7.4": "Trao đổi thông tin",
    "7.5": "Thông tin dạng văn bản",
    "7.5.1": "Thông tin dạng văn bản — khái quát",
    "7.5.2": "Tạo lập và cập nhật thông tin dạng văn bản",
    "7.5.3": "Kiểm soát thông tin dạng văn bản",
    "8.1": "Hoạch định và kiểm soát việc thực hiện",
    "8.2": "Yêu cầu đối với sản phẩm và dịch vụ",
    "8.3": "Thiết kế và phát triển sản phẩm và dịch vụ",
    "8.4": "Kiểm soát quá trình, sản phẩm và dịch vụ do bên ngoài cung cấp",
    "8.5": "Sản xuất và cung cấp dịch vụ",
    "8.6": "Thông qua sản phẩm và dịch vụ",
    "8.7": "Kiểm soát đầu ra không phù hợp",
    "9.1": "Theo dõi, đo lường, phân tích và đánh giá",
    "9.2": "Đánh giá nội bộ",
    "9.3": "Xem xét của lãnh đạo",
    "10.1": "Cải tiến — khái quát",
    "10.2": "Sự không phù hợp và hành động khắc phục",
    "10.3": "Cải tiến liên tục",
}


def clause_key(clause: str) -> tuple:
    return tuple(int(x) for x in clause.split("."))


def page_for(code: str) -> str:
    """Docs page of a procedure: ``QT-01`` -> ``quy-trinh/qt-01.md``."""
    return f"quy-trinh/{code.lower()}.md"


def successors(steps: list[dict], i: int) -> list[tuple[str | None, str]]:
    """``(branch label or None, target id)`` for step ``i``; empty for an end step."""
    s = steps[i]
    kind = s.get("type", "process")
    if kind == "end":
        return []
    if kind == "decision":
        return [(b["label"], b["next"]) for b in s.get("branches", [])]
    if s.get("next"):
        return [(None, s["next"])]
    return [(None, steps[i + 1]["id"])] if i + 1 < len(steps) else []


# ---------------------------------------------------------------- checks
def check(repo, doc) -> list:
    data = doc.data
    steps = data["steps"]
    pid = data["id"]
    index, errors = doc.index_ids("steps", "mã bước", "step id")
    for i, s in enumerate(steps):
        sid, kind = s["id"], s.get("type", "process")
        if kind == "decision":
            if "branches" not in s:
                errors.append(doc.error(("steps", i), "bước quyết định (decision) cần ít nhất hai nhánh 'branches' (decision needs branches)", sid))
            if "next" in s:
                errors.append(doc.error(("steps", i, "next"), "bước quyết định dùng 'branches', không dùng 'next' (decision uses branches, not next)", sid))
            labels: dict[str, int] = {}
            for b, br in enumerate(s.get("branches", [])):
                key = br["label"].casefold().strip()
                if key in labels:
                    errors.append(doc.error(("steps", i, "branches", b, "label"), f"nhãn nhánh '{br['label']}' bị lặp trong cùng bước (duplicate branch label)", sid))
                labels[key] = b
                errors.extend(_target(doc, ("steps", i, "branches", b, "next"), br["next"], index, sid, "nhánh"))
        else:
            if "branches" in s:
                errors.append(doc.error(("steps", i, "branches"), f"chỉ bước quyết định (type: decision) mới có 'branches'; bước này là '{kind}' (branches need type: decision)", sid))
            if kind == "end" and "next" in s:
                errors.append(doc.error(("steps", i, "next"), "bước kết thúc (end) không có bước tiếp theo 'next' (end step cannot have next)", sid))
            if "next" in s and kind != "end":
                errors.extend(_target(doc, ("steps", i, "next"), s["next"], index, sid, "next"))
            if kind == "process" and "next" not in s and i == len(steps) - 1:
                errors.append(doc.error(("steps", i), "bước cuối cùng phải là bước kết thúc (type: end) hoặc có 'next' (last step must end the flow)", sid))
    if steps and steps[0].get("type") == "end":
        errors.append(doc.error(("steps", 0, "type"), "bước đầu tiên không thể là bước kết thúc (first step cannot be an end step)", steps[0]["id"]))
    if not any(s.get("type") == "end" for s in steps):
        errors.append(doc.error(("steps",), "quy trình cần ít nhất một bước kết thúc (type: end) (no end step)", pid))
    if not errors:
        errors.extend(_reachability(doc, steps, index))
    errors.extend(_unique(doc, [(("records", r, "name"), rec["name"]) for r, rec in enumerate(data["records"])], "hồ sơ", pid))
    errors.extend(_unique(doc, [(("terms", t, "term"), term["term"]) for t, term in enumerate(data.get("terms", []))], "thuật ngữ", pid))
    for key in ("effective_date",):
        try:
            date.fromisoformat(data[key])
        except ValueError:
            errors.append(doc.error((key,), f"ngày không tồn tại (invalid date): {data[key]}", pid))
    history = data.get("history") or []
    for h, entry in enumerate(history):
        try:
            date.fromisoformat(entry["date"])
        except ValueError:
            errors.append(doc.error(("history", h, "date"), f"ngày không tồn tại (invalid date): {entry['date']}", pid))
    if history:
        last = max(e["revision"] for e in history)
        if last != data["revision"]:
            errors.append(doc.error(("revision",), f"lần ban hành {data['revision']} khác lần mới nhất trong 'history' ({last}) (revision must match history)", pid))
    known = set(repo.items.get("procedure", {})) if hasattr(repo, "items") else set()
    for r, code in enumerate(data.get("related", [])):
        if code == pid:
            errors.append(doc.error(("related", r), "quy trình không liên quan tới chính nó (related lists itself)", pid))
        elif known and code not in known:
            errors.append(doc.error(("related", r), f"không có quy trình '{code}' trong data/procedures (unknown procedure)", pid))
    return errors


def _target(doc, path, target, index, sid, what) -> list:
    if target not in index:
        return [doc.error(path, f"{what} trỏ tới bước không tồn tại: '{target}' (unknown step)", sid)]
    if target == sid:
        return [doc.error(path, f"{what} trỏ về chính bước này (step points to itself)", sid)]
    return []


def _unique(doc, pairs, what, pid) -> list:
    errors, seen = [], {}
    for path, value in pairs:
        key = " ".join(value.split()).casefold()
        if key in seen:
            errors.append(doc.error(path, f"{what} '{value}' bị lặp (duplicate; first at line {seen[key]})", pid))
        else:
            seen[key] = doc.where(path)[0]
    return errors


def _reachability(doc, steps, index) -> list:
    reached, todo = set(), [0]
    while todo:
        i = todo.pop()
        if i in reached:
            continue
        reached.add(i)
        todo.extend(index[t] for _, t in successors(steps, i))
    return [
        doc.error(("steps", i, "id"), "không có đường nào dẫn tới bước này từ bước đầu (unreachable step)", s["id"])
        for i, s in enumerate(steps) if i not in reached
    ]


# ---------------------------------------------------------------- flowchart (SVG)
FONT = 13
LINE = 17
NODE_W = 320
DIAMOND_W = 290
GAP = 38
SIDE_GAP = 96  # room between a node and its first side lane, for branch labels
LANE_STEP = 16
MARGIN = 16


@dataclass
class _Node:
    index: int
    kind: str  # start | process | decision | end
    lines: list[str]
    sub: list[str] = field(default_factory=list)
    top: float = 0
    height: float = 0

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def mid(self) -> float:
        return self.top + self.height / 2

    @property
    def half_width(self) -> float:
        return DIAMOND_W / 2 if self.kind == "decision" else NODE_W / 2


def _wrap(text: str, width: int) -> list[str]:
    """Wrap to at most ``width`` characters per line, with lines of similar length."""
    text = " ".join(text.split())
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(lines) > 1:
        for w in range(-(-len(text) // len(lines)), width):
            balanced = textwrap.wrap(text, width=w, break_long_words=False)
            if len(balanced) == len(lines):
                return balanced
    return lines


def _nodes(steps: list[dict]) -> list[_Node]:
    nodes = [_Node(-1, "start", ["Bắt đầu"])]
    nodes[0].height = 34
    for i, s in enumerate(steps):
        kind = s.get("type", "process")
        label = f"{i + 1}. {s['name']}"
        if kind == "decision":
            lines = _wrap(label, 21)
            text_h = LINE * len(lines)
            node = _Node(i, kind, lines)
            node.height = max(84, round(text_h / 0.42) + 8)
        else:
            lines = _wrap(label, 42)
            sub = _wrap(s["responsible"], 44)
            node = _Node(i, kind, lines, sub)
            node.height = 16 + LINE * len(lines) + 15 * len(sub) + 8
        nodes.append(node)
    y = MARGIN
    for n in nodes:
        n.top = y
        y += n.height + GAP
    return nodes


def flowchart_svg(proc: dict) -> str:
    steps = proc["steps"]
    pid = proc["id"]
    base = dom_id("flow", pid)
    nodes = _nodes(steps)
    index = {s["id"]: i for i, s in enumerate(steps)}

    # Edges: straight down to the next node, or round a side lane.
    straight: list[tuple[_Node, _Node, str | None]] = [(nodes[0], nodes[1], None)]
    side: list[dict] = []
    used_side: dict[int, set] = {}
    for i in range(len(steps)):
        src = nodes[i + 1]
        for label, target in successors(steps, i):
            j = index[target]
            dst = nodes[j + 1]
            if j == i + 1:
                straight.append((src, dst, label))
                continue
            taken = used_side.setdefault(i, set())
            if src.kind == "decision":
                order = ("right", "left") if len([e for e in side if e["src"] is src]) % 2 == 0 else ("left", "right")
            else:
                order = ("right", "left")
            which = next((o for o in order if o not in taken), order[0])
            taken.add(which)
            side.append({"src": src, "dst": dst, "label": label, "side": which})

    # Lanes: per side, the first lane whose vertical span is free.
    lanes: dict[str, list[list[tuple[float, float]]]] = {"right": [], "left": []}
    for e in side:
        y1 = e["src"].mid
        y2 = e["dst"].top + 12
        lo, hi = min(y1, y2) - 6, max(y1, y2) + 6
        spans = lanes[e["side"]]
        for k, spans_k in enumerate(spans):
            if all(hi < a or lo > b for a, b in spans_k):
                spans_k.append((lo, hi))
                e["lane"] = k
                break
        else:
            spans.append([(lo, hi)])
            e["lane"] = len(spans) - 1

    n_left, n_right = len(lanes["left"]), len(lanes["right"])
    left_room = SIDE_GAP + LANE_STEP * (n_left - 1) + MARGIN if n_left else MARGIN + 8
    right_room = SIDE_GAP + LANE_STEP * (n_right - 1) + MARGIN if n_right else MARGIN + 8
    cx = left_room + NODE_W / 2
    width = round(left_room + NODE_W + right_room)
    height = round(nodes[-1].bottom + MARGIN)

    def lane_x(which: str, k: int) -> float:
        off = NODE_W / 2 + SIDE_GAP - 24 + LANE_STEP * k
        return cx + off if which == "right" else cx - off

    def side_x(node: _Node, which: str, y: float) -> float:
        """Where a horizontal line at height y meets the node's outline."""
        hw = node.half_width
        if node.kind == "decision":
            hh = node.height / 2
            hw = hw * max(0.0, 1 - abs(y - node.mid) / hh)
        return cx + hw if which == "right" else cx - hw

    title_id = f"{base}-title"
    desc_id = f"{base}-text"
    marker = f"{base}-arrow"
    out = [
        f'<svg class="sotay-flow__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{title_id}" aria-describedby="{desc_id}" '
        f'font-family="\'Be Vietnam Pro\', Arial, sans-serif" font-size="{FONT}">',
        f'<title id="{title_id}">Lưu đồ quy trình {esc(pid)}: {esc(proc["title"])}</title>',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#000"/></marker></defs>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    # Nodes
    for n in nodes:
        x0 = cx - n.half_width
        if n.kind in ("start", "end"):
            out.append(f'<rect class="node-end" x="{x0:.1f}" y="{n.top:.1f}" width="{NODE_W}" height="{n.height:.1f}" rx="{min(n.height / 2, 22):.1f}" fill="#ececec" stroke="#000" stroke-width="1.5"/>')
        elif n.kind == "decision":
            pts = f"{cx:.1f},{n.top:.1f} {cx + n.half_width:.1f},{n.mid:.1f} {cx:.1f},{n.bottom:.1f} {cx - n.half_width:.1f},{n.mid:.1f}"
            out.append(f'<polygon class="node-decision" points="{pts}" fill="#fff" stroke="#000" stroke-width="1.5"/>')
        else:
            out.append(f'<rect class="node-process" x="{x0:.1f}" y="{n.top:.1f}" width="{NODE_W}" height="{n.height:.1f}" fill="#fff" stroke="#000" stroke-width="1.5"/>')
        block = LINE * len(n.lines) + 15 * len(n.sub)
        y = n.mid - block / 2 + FONT
        text = [f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle" fill="#000">']
        for k, line in enumerate(n.lines):
            weight = ' font-weight="600"' if n.kind != "start" else ""
            dy = "" if k == 0 else f' dy="{LINE}"'
            text.append(f'<tspan x="{cx:.1f}"{dy}{weight}>{esc(line)}</tspan>')
        for k, line in enumerate(n.sub):
            dy = LINE if k == 0 else 15
            text.append(f'<tspan x="{cx:.1f}" dy="{dy}" font-size="11.5" font-style="italic">{esc(line)}</tspan>')
        text.append("</text>")
        out.append("".join(text))
    # Straight edges
    for src, dst, label in straight:
        out.append(f'<line x1="{cx:.1f}" y1="{src.bottom:.1f}" x2="{cx:.1f}" y2="{dst.top - 1:.1f}" stroke="#000" stroke-width="1.4" marker-end="url(#{marker})"/>')
        if label:
            out.append(_label(cx + 8, src.bottom + 15, label, "start"))
    # Side edges
    for e in side:
        which, src, dst = e["side"], e["src"], e["dst"]
        sx, sy = side_x(src, which, src.mid), src.mid
        ty = dst.top + 12 if dst.kind != "decision" else dst.top + dst.height / 4
        tx = side_x(dst, which, ty)
        lx = lane_x(which, e["lane"])
        d = f"M{sx:.1f},{sy:.1f} H{lx:.1f} V{ty:.1f} H{tx + (2 if which == 'right' else -2):.1f}"
        out.append(f'<path d="{d}" fill="none" stroke="#000" stroke-width="1.4" marker-end="url(#{marker})"/>')
        if e["label"]:
            anchor = "start" if which == "right" else "end"
            out.append(_label(sx + (6 if which == "right" else -6), sy - 6, e["label"], anchor))
    out.append("</svg>")
    return "".join(out)


def _label(x: float, y: float, text: str, anchor: str) -> str:
    # A white halo keeps the label readable where it crosses a line (black and white print).
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" font-weight="600" fill="#000" '
        f'stroke="#fff" stroke-width="4" paint-order="stroke">{esc(text)}</text>'
    )


def flow_text(proc: dict) -> str:
    """The flowchart as an ordered list, for screen readers (and anyone)."""
    steps = proc["steps"]
    index = {s["id"]: i for i, s in enumerate(steps)}
    items = []
    for i, s in enumerate(steps):
        parts = [f"<strong>{esc(s['name'])}</strong> ({esc(s['responsible'])})."]
        for label, target in successors(steps, i):
            j = index[target]
            verb = "sang" if j > i else "quay lại"
            move = f"{verb} bước {j + 1}"
            parts.append(f"{esc(label)}: {move}." if label else f"Tiếp theo: {move}.")
        if s.get("type") == "end":
            parts.append("Kết thúc quy trình.")
        items.append(f"<li>{' '.join(parts)}</li>")
    return "".join(items)


# ---------------------------------------------------------------- page
def _table(headers: list[str], rows: list[list[str]], caption: str, cls: str) -> str:
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join("<tr>" + "".join(rows_cell for rows_cell in r) + "</tr>" for r in rows)
    return (
        f'<div class="sotay-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">'
        f'<table class="{cls}"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    )


def control_block(proc: dict) -> str:
    rows = [
        ("Mã số", esc(proc["id"])),
        ("Tên tài liệu", esc(proc["title"])),
        ("Lần ban hành", esc(proc["revision"])),
        ("Ngày hiệu lực", esc(format_date(proc["effective_date"])) + (" (ngày soạn mẫu; đơn vị ghi ngày ban hành của mình)" if proc["status"] == "du-thao-mau" else "")),
    ]
    for key, label in (("prepared_by", "Người soạn thảo"), ("reviewed_by", "Người xem xét"), ("approved_by", "Người phê duyệt")):
        if proc.get(key):
            rows.append((label, esc(proc[key])))
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        f'<div class="sotay-procedure__control">'
        f'<table class="sotay-procedure__control-table"><caption>Thông tin kiểm soát tài liệu</caption><tbody>{body}</tbody></table>'
        f"{status_notice(proc['status'], proc.get('notice'))}</div>"
    )


def render(proc: dict, sources: dict, page: str, all_procedures: dict | None = None) -> str:
    """Markdown (headings, so they reach the table of contents) with HTML blocks."""
    pid = proc["id"]
    slug = pid.lower()
    steps = proc["steps"]
    index = {s["id"]: i for i, s in enumerate(steps)}
    blocks: list[str] = []

    def heading(text: str, anchor: str) -> None:
        blocks.append(f"## {text} {{#{slug}-{anchor}}}")

    def html(text: str) -> None:
        # Raw HTML blocks must not contain blank lines.
        blocks.append("\n".join(line for line in text.splitlines() if line.strip()))

    html(f'<div class="sotay-procedure" id="{slug}" data-procedure="{esc(pid)}">{control_block(proc)}</div>')

    heading("1. Mục đích", "muc-dich")
    html(f'<div class="sotay-procedure__text">{md(proc["purpose"])}</div>')
    heading("2. Phạm vi áp dụng", "pham-vi")
    html(f'<div class="sotay-procedure__text">{md(proc["scope"])}</div>')

    heading("3. Tài liệu viện dẫn", "tai-lieu-vien-dan")
    # Referenced documents are numbered; the step table points at them as [n].
    cites = number_sources(proc["sources"], *[s.get("sources") for s in steps])
    refs = source_notes(slug, cites, sources, page, title="")
    related = ""
    if proc.get("related"):
        links = []
        for code in proc["related"]:
            other = (all_procedures or {}).get(code)
            name = f"{code}. {other['title']}" if other else code
            links.append(f'<a href="{relative(page, page_for(code))}">{esc(name)}</a>')
        related = f'<p class="sotay-procedure__related"><span class="sotay-label">Quy trình liên quan:</span> {"; ".join(links)}</p>'
    clauses = "".join(f"<li><strong>{esc(c)}</strong> {esc(ISO_CLAUSES[c])}</li>" for c in sorted(proc["iso_clauses"], key=clause_key))
    html(
        f'<div class="sotay-procedure__refs">{refs}{related}'
        f'<p class="sotay-label">Điều khoản TCVN ISO 9001:2015 mà quy trình đáp ứng:</p>'
        f'<ul class="sotay-procedure__clauses">{clauses}</ul></div>'
    )

    heading("4. Thuật ngữ và chữ viết tắt", "thuat-ngu")
    if proc.get("terms"):
        terms = "".join(f"<dt>{esc(t['term'])}</dt><dd>{esc(t['definition'])}</dd>" for t in proc["terms"])
        html(f'<dl class="sotay-procedure__terms">{terms}</dl>')
    else:
        html('<p class="sotay-procedure__text">Không có thuật ngữ riêng.</p>')

    heading("5. Lưu đồ", "luu-do")
    base = dom_id("flow", pid)
    html(
        f'<figure class="sotay-flow" id="{base}">{flowchart_svg(proc)}'
        f"<figcaption>Lưu đồ {esc(pid)}. Hình chữ nhật: công việc; hình thoi: điểm quyết định; "
        f"hình bo tròn: bắt đầu, kết thúc. Số trong hình là số bước ở bảng dưới.</figcaption></figure>"
        f'<details class="sotay-flow__text"><summary>Lưu đồ dạng văn bản</summary>'
        f'<ol id="{base}-text">{flow_text(proc)}</ol></details>'
    )

    heading("6. Diễn giải các bước", "dien-giai")
    rows = []
    for i, s in enumerate(steps):
        moves = []
        for label, target in successors(steps, i):
            j = index[target]
            if label:
                moves.append(f"{esc(label)}: {'sang' if j > i else 'quay lại'} bước {j + 1}")
            elif j != i + 1:
                moves.append(f"Tiếp theo: {'sang' if j > i else 'quay lại'} bước {j + 1}")
        move_html = f'<p class="sotay-procedure__moves">{"; ".join(moves)}.</p>' if moves else ""
        refs_html = f'<p class="sotay-procedure__refs-line">{source_refs(slug, cites, s["sources"])}</p>' if s.get("sources") else ""
        rows.append([
            f'<td class="sotay-procedure__num" id="{slug}-buoc-{i + 1}">{i + 1}</td>',
            f"<td><strong>{esc(s['name'])}</strong>{unverified_badge(s.get('unverified', False))}{md(s['activity'])}{move_html}{refs_html}</td>",
            f"<td>{esc(s['responsible'])}</td>",
            f"<td>{esc(s.get('record', '—'))}</td>",
            f"<td>{esc(s.get('time_limit', '—'))}</td>",
        ])
    html(_table(["Bước", "Nội dung công việc", "Trách nhiệm", "Biểu mẫu, hồ sơ", "Thời hạn"], rows,
                f"Các bước của quy trình {pid}", "sotay-procedure__steps"))

    heading("7. Hồ sơ lưu", "ho-so")
    rec_rows = [
        [f"<td>{n}</td>", f"<td>{esc(r['name'])}</td>", f"<td>{esc(r.get('code', '—'))}</td>",
         f"<td>{esc(r['keeper'])}</td>", f"<td>{esc(r['retention'])}</td>"]
        for n, r in enumerate(proc["records"], 1)
    ]
    html(_table(["TT", "Tên hồ sơ", "Mã biểu mẫu", "Nơi lưu", "Thời gian lưu"], rec_rows,
                f"Hồ sơ lưu của quy trình {pid}", "sotay-procedure__records"))

    if proc.get("history"):
        heading("8. Theo dõi sửa đổi", "sua-doi")
        hist = [
            [f"<td>{h['revision']}</td>", f"<td>{esc(format_date(h['date']))}</td>", f"<td>{esc(h['change'])}</td>"]
            for h in sorted(proc["history"], key=lambda h: h["revision"])
        ]
        html(_table(["Lần ban hành", "Ngày", "Nội dung sửa đổi"], hist, f"Theo dõi sửa đổi {pid}", "sotay-procedure__history"))
    return "\n\n" + "\n\n".join(blocks) + "\n\n"


def register(procedures: dict, page: str) -> str:
    """The controlled-document register (ISO 9001 clause 7.5.3)."""
    rows = []
    for code in sorted(procedures):
        p = procedures[code]
        status = "Mẫu để điều chỉnh" if p["status"] == "du-thao-mau" else "Đã ban hành"
        clauses = ", ".join(sorted(p["iso_clauses"], key=clause_key))
        rows.append([
            f'<td><a href="{relative(page, page_for(code))}">{esc(code)}</a></td>',
            f"<td>{esc(p['title'])}" + (f"<br><small>{esc(p['summary'])}</small>" if p.get("summary") else "") + "</td>",
            f"<td>{esc(p['revision'])}</td>",
            f"<td>{esc(format_date(p['effective_date']))}</td>",
            f"<td>{esc(p['approved_by'])}</td>",
            f"<td>{status}</td>",
            f"<td>{esc(clauses)}</td>",
        ])
    return _table(["Mã số", "Tên tài liệu", "Lần ban hành", "Ngày hiệu lực", "Người phê duyệt", "Tình trạng",
                   "Điều khoản ISO 9001"],
                  rows, "Danh mục tài liệu: các quy trình mẫu", "sotay-register")


def _all(repo) -> dict:
    return {code: data for code, (_doc, data) in repo.items.get("procedure", {}).items()}


def _procedure_macro(ctx, code: str) -> str:
    _doc, data = ctx.repo.get("procedure", str(code))
    return render(data, ctx.repo.sources, ctx.page, _all(ctx.repo))


def _register_macro(ctx) -> str:
    procedures = _all(ctx.repo)
    if not procedures:
        raise KeyError("chưa có quy trình nào trong data/procedures (no procedures)")
    pages = ctx.repo.anchors()
    missing = [page_for(c) for c in sorted(procedures) if page_for(c) not in pages]
    if missing:
        raise KeyError(f"thiếu trang của quy trình (missing procedure page): docs/{', docs/'.join(missing)}")
    return register(procedures, ctx.page)


MACROS = {"procedure": _procedure_macro, "procedure_register": _register_macro}
