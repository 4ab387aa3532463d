"""Templates (mẫu biểu): one YAML source, three renderings.

Data: ``data/templates/<id>.yml`` (schema ``data/schemas/template.schema.json``).

- ``render_html``: the page ``docs/mau-bieu/<id>.md`` shows it through
  ``{{ template_form("<id>") }}``: notice (official form or model), "Căn cứ", the form as it
  looks on paper (dotted blanks, prints from the browser) and the filling guide;
- ``docx_bytes``: a Word file built with python-docx (A4, margins below, Times New Roman,
  header blocks in a borderless table, dotted tab leaders for blanks), editable in Word and
  LibreOffice; written into the built site at ``mau-bieu/<id>.docx`` by the build hook;
- ``convert_to_pdf``: the PDF beside it, converted from that same DOCX by LibreOffice
  (one ``soffice`` call for all files), so the PDF and the Word file never drift apart.

Party document format (Hướng dẫn 36-HD/VPTW, 2018): the motto "ĐẢNG CỘNG SẢN VIỆT NAM" on
the right of the first line with a rule under it, the issuing body on the left, a place and
date line in italics, Unicode font (TCVN 6909:2001), A4. Sizes follow its Phụ lục 3 table
(motto 15 bold; bodies 14, the issuer bold; number 14; place/date 14 italic; document type
15-16 bold; summary 14-15 bold; body 14-15). The margins are a choice within the ranges
used for official documents (see ``MARGINS_MM``).

Nothing here imports MkDocs.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from .checklist import duplicate_ids
from .errors import ContentError
from .html import esc, md
from .links import relative
from .sources import cite

PAGE_DIR = "mau-bieu"  # site folder of the template pages and files
INDEX_PAGE = f"{PAGE_DIR}/index.md"
MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"
PAGE_MM = (210, 297)  # A4, portrait
# Top, bottom, left, right. HD 36-HD/VPTW's own figures could not be read; these are the
# values a provincial party handbook gives for party documents, and they sit inside the
# ranges used for official documents (top and bottom 20-25, left 30-35, right 15-20 mm).
MARGINS_MM = {"top": 25, "bottom": 25, "left": 35, "right": 15}
SIZES = {"motto": 15, "body_name": 14, "number": 14, "date": 14, "doc_type": 16, "subtitle": 14,
         "body": 14, "table": 13, "hint": 13, "recipients": 12}
HEADER_COLS_MM = (70, 90)  # left (issuing body) and right (motto) columns of the header
# The motto at 15 pt bold is about 73 mm wide; indenting its bottom border by this much on
# each side of the 90 mm column (less cell padding) makes the rule as long as the motto.
MOTTO_RULE_INDENT_MM = 6
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_HINT = "(Ký, ghi rõ họ tên)"
DOTS = "…" * 5  # a short blank for numbers, typed over in Word
DATE_DOTS = "…" * 3
# Fixed document dates keep the files identical from build to build.
DOC_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
AUTHOR = "Sổ tay nghiệp vụ công tác Đảng"

KIND_NOTICE = {
    "official": "Theo mẫu chính thức",
    "model": "Mẫu tham khảo",
}


class TemplateError(Exception):
    """A template could not be written or converted (one line, for the build or a tool)."""


def docx_name(tid: str) -> str:
    return f"{tid}.docx"


def pdf_name(tid: str) -> str:
    return f"{tid}.pdf"


def page_src(tid: str) -> str:
    return f"{PAGE_DIR}/{tid}.md"


# ---------------------------------------------------------------- checks
def _block_fields(block: dict) -> list[str]:
    if "field" in block:
        return [block["field"]]
    return list(block.get("fields") or [])


def check(repo, doc) -> list[ContentError]:
    data = doc.data
    tid = data["id"]
    errors: list[ContentError] = []
    known_sources = repo.sources
    seen_basis: dict[tuple, int] = {}
    for i, item in enumerate(data["basis"]):
        key = item["source"]
        if key not in known_sources:
            errors.append(doc.error(("basis", i, "source"),
                                    f"nguồn '{key}' không có trong data/sources.yml (unknown source key)", tid))
            continue
        pair = (key, " ".join(str(item.get("article", "")).split()).casefold())
        if pair in seen_basis:
            errors.append(doc.error(("basis", i, "source"),
                                    f"căn cứ '{key}' bị lặp (duplicate basis; first at line {seen_basis[pair]})", tid))
        else:
            seen_basis[pair] = doc.where(("basis", i, "source"))[0]
    for path in (("doc_type",), ("header", "superior"), ("header", "issuer")):
        value = data[path[0]] if len(path) == 1 else data[path[0]][path[1]]
        if value != value.upper():
            errors.append(doc.error(path, f"phải viết chữ in hoa (must be upper case): {value!r}", tid))
    if data["kind"] == "official":
        code = " ".join(data["form_code"].split()).casefold()
        if not any(code in " ".join(str(b.get("article", "")).split()).casefold() for b in data["basis"]):
            errors.append(doc.error(("form_code",),
                                    f"mẫu chính thức phải ghi '{data['form_code']}' trong article của một căn cứ "
                                    "(official form: name the form in its basis)", tid))

    fields = data["fields"]
    errors += duplicate_ids(doc, [(("fields", i, "id"), f["id"]) for i, f in enumerate(fields)], None, "ô điền")
    defined = {f["id"]: i for i, f in enumerate(fields)}
    for i, f in enumerate(fields):
        if "lines" in f and f.get("type", "line") != "text":
            errors.append(doc.error(("fields", i, "lines"),
                                    "lines chỉ dùng cho ô dạng text (lines needs type: text)", f["id"]))
    used: dict[str, int] = {}
    for s, section in enumerate(data["sections"]):
        for b, block in enumerate(section["blocks"]):
            for j, fid in enumerate(_block_fields(block)):
                path = ("sections", s, "blocks", b, "field") if "field" in block else ("sections", s, "blocks", b, "fields", j)
                if fid not in defined:
                    errors.append(doc.error(path, f"ô '{fid}' không có trong fields (unknown field id)", fid))
                elif fid in used:
                    errors.append(doc.error(path, f"ô '{fid}' được dùng hai lần (field used twice; first at line {used[fid]})", fid))
                else:
                    used[fid] = doc.where(path)[0]
    for fid, i in defined.items():
        if fid not in used:
            errors.append(doc.error(("fields", i, "id"),
                                    f"ô '{fid}' không được dùng trong sections (unused field)", fid))
    return errors


# ---------------------------------------------------------------- shared text helpers
def _fields(tpl: dict) -> dict[str, dict]:
    return {f["id"]: f for f in tpl["fields"]}


def date_line() -> str:
    return "……, ngày … tháng … năm 20…"


def number_line(tpl: dict) -> str | None:
    number = tpl["header"].get("number")
    return f"Số      {number}" if number else None


def field_order(tpl: dict) -> list[str]:
    """Field ids in the order the form prints them."""
    return [fid for s in tpl["sections"] for b in s["blocks"] for fid in _block_fields(b)]


# ---------------------------------------------------------------- HTML
def _blank(cls: str = "sotay-form__blank") -> str:
    return f'<span class="{cls}" aria-hidden="true"></span>'


def _field_html(field: dict, inline: bool = False) -> str:
    kind = field.get("type", "line")
    label = esc(field["label"])
    unit = f' <span class="sotay-form__unit">{esc(field["unit"])}</span>' if field.get("unit") else ""
    if kind == "date":
        blank = "ngày " + _blank("sotay-form__blank sotay-form__blank--short") + " tháng " + \
                _blank("sotay-form__blank sotay-form__blank--short") + " năm " + \
                _blank("sotay-form__blank sotay-form__blank--short")
        body = f'<span class="sotay-form__label">{label}:</span> {blank}'
    elif kind == "number":
        body = f'<span class="sotay-form__label">{label}:</span> {_blank("sotay-form__blank sotay-form__blank--short")}{unit}'
    elif kind == "text":
        lines = "".join(f'<span class="sotay-form__line" aria-hidden="true"></span>' for _ in range(field.get("lines", 3)))
        return (f'<div class="sotay-form__field sotay-form__field--text" data-field="{esc(field["id"])}">'
                f'<p class="sotay-form__label">{label}:</p>{lines}</div>')
    else:
        body = f'<span class="sotay-form__label">{label}:</span> {_blank()}{unit}'
    if inline:
        return f'<span class="sotay-form__item" data-field="{esc(field["id"])}">{body}</span>'
    extra = " sotay-form__field--line" if kind == "line" else ""
    return f'<p class="sotay-form__field{extra}" data-field="{esc(field["id"])}">{body}</p>'


def _table_html(table: dict) -> str:
    cols = table["columns"]
    rows = table["rows"]
    out = ['<table class="sotay-form__table">']
    if table.get("caption"):
        out.append(f"<caption>{esc(table['caption'])}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in cols) + "</tr></thead><tbody>")
    if isinstance(rows, int):
        numbered = cols[0].strip().upper() == "STT"
        for n in range(1, rows + 1):
            first = str(n) if numbered else ""
            out.append("<tr>" + f"<td>{first}</td>" + "<td></td>" * (len(cols) - 1) + "</tr>")
    else:
        for label in rows:
            out.append(f'<tr><th scope="row">{esc(label)}</th>' + "<td></td>" * (len(cols) - 1) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _block_html(block: dict, fields: dict[str, dict]) -> str:
    if "text" in block:
        return f'<p class="sotay-form__text">{md(block["text"], inline=True)}</p>'
    if "field" in block:
        return _field_html(fields[block["field"]])
    if "fields" in block:
        items = "; ".join(_field_html(fields[f], inline=True) for f in block["fields"])
        return f'<p class="sotay-form__field sotay-form__field--group">{items}.</p>'
    if "choice" in block:
        choice = block["choice"]
        opts = "".join(f'<li><span class="sotay-form__box" aria-hidden="true"></span> {esc(o)}</li>'
                       for o in choice["options"])
        return (f'<div class="sotay-form__choice"><p class="sotay-form__text">{esc(choice["label"])}</p>'
                f'<ul class="sotay-form__choices">{opts}</ul></div>')
    return _table_html(block["table"])


def form_html(tpl: dict) -> str:
    """The paper itself: header blocks, title, body sections, signatures."""
    h = tpl["header"]
    fields = _fields(tpl)
    left = [f'<p>{esc(h["superior"])} {_blank("sotay-form__blank sotay-form__blank--name")}</p>',
            f'<p><strong>{esc(h["issuer"])} {_blank("sotay-form__blank sotay-form__blank--name")}</strong></p>',
            "<p>*</p>"]
    if h.get("number"):
        left.append(f'<p>Số {_blank("sotay-form__blank sotay-form__blank--short")}{esc(h["number"])}</p>')
    right = [f'<p class="sotay-form__motto"><strong>{esc(MOTTO)}</strong></p>']
    if h.get("place_date", True):
        right.append(f'<p class="sotay-form__date"><em>{esc(date_line())}</em></p>')
    out = [
        # Out of the search index: the blank form repeats words ("biên bản", "biểu quyết")
        # that should lead to the teaching sections; the page is still found by its title.
        f'<div class="sotay-form" id="mau-{esc(tpl["id"])}" role="group" aria-label="{esc("Mẫu: " + tpl["title"])}" data-search-exclude>',
        '<table class="sotay-form__header" role="presentation"><tr>'
        f'<td class="sotay-form__issuer">{"".join(left)}</td>'
        f'<td class="sotay-form__party">{"".join(right)}</td></tr></table>',
        f'<p class="sotay-form__type">{esc(tpl["doc_type"])}</p>',
    ]
    if tpl.get("subtitle"):
        out.append(f'<p class="sotay-form__subtitle">{esc(tpl["subtitle"])}</p>')
    for section in tpl["sections"]:
        out.append('<div class="sotay-form__section">')
        if section.get("title"):
            out.append(f'<p class="sotay-form__section-title">{esc(section["title"])}</p>')
        out.extend(_block_html(b, fields) for b in section["blocks"])
        out.append("</div>")
    sigs = tpl.get("signatures") or []
    recipients = tpl.get("recipients") or []
    if sigs or recipients:
        cells = []
        if recipients or len(sigs) == 1:
            rec = ""
            if recipients:
                rec = ('<p class="sotay-form__recipients-title"><strong><em>Nơi nhận:</em></strong></p>'
                       + "".join(f"<p>- {esc(r)}</p>" for r in recipients))
            cells.append(f'<td class="sotay-form__recipients">{rec}</td>')
        for sig in sigs:
            parts = []
            if sig.get("authority"):
                parts.append(f'<p><strong>{esc(sig["authority"])}</strong></p>')
            parts.append(f'<p><strong>{esc(sig["role"])}</strong></p>')
            parts.append(f'<p><em>{esc(sig.get("hint", DEFAULT_HINT))}</em></p>')
            parts.append('<p class="sotay-form__sign-space" aria-hidden="true"></p>')
            cells.append(f'<td class="sotay-form__signature">{"".join(parts)}</td>')
        out.append(f'<table class="sotay-form__signatures" role="presentation"><tr>{"".join(cells)}</tr></table>')
    out.append("</div>")
    return "\n".join(out)


def basis_html(tpl: dict, sources: dict, page: str) -> str:
    """ "Căn cứ": one entry per document, its articles after it (the site's own cite())."""
    articles: dict[str, list[str]] = {}
    for b in tpl["basis"]:
        articles.setdefault(b["source"], [])
        if b.get("article"):
            articles[b["source"]].append(b["article"])
    pairs = [(key, ", ".join(arts)) if arts else key for key, arts in articles.items()]
    return f'<p class="sotay-template__basis">{cite(sources, pairs, page)}</p>'


def downloads_html(tid: str, page: str) -> str:
    docx = relative(page, f"{PAGE_DIR}/{docx_name(tid)}")
    pdf = relative(page, f"{PAGE_DIR}/{pdf_name(tid)}")
    return (f'<p class="handout-link sotay-template__downloads">'
            f'<a href="{docx}" type="{DOCX_MIME}" download>Tải tệp Word (.docx)</a> · '
            f'<a href="{pdf}" type="application/pdf">Tải tệp PDF</a></p>')


def notice_html(tpl: dict) -> str:
    """The one line saying whether this is an official form or a model (shown once)."""
    label = KIND_NOTICE[tpl["kind"]]
    if tpl["kind"] == "official":
        text = f"{tpl['form_code']}: bố cục theo mẫu ban hành kèm văn bản nêu ở phần căn cứ."
        cls = "official"
    else:
        text = ("Tài liệu biên soạn theo thể thức văn bản của Đảng và các văn bản nêu ở phần căn cứ; "
                "chi bộ điều chỉnh cho phù hợp khi dùng.")
        cls = "mau"
    return (f'<p class="sotay-status sotay-status--{cls}"><strong class="sotay-badge">{esc(label)}</strong> '
            f"{esc(text)}</p>")


def guide_html(tpl: dict) -> str:
    by_id = _fields(tpl)
    order = field_order(tpl)
    rows = "".join(f"<dt>{esc(by_id[f]['label'])}</dt><dd>{esc(by_id[f]['help'])}</dd>" for f in order)
    return (f'<div class="sotay-template__guide" data-search-exclude><p class="sotay-label" id="huong-dan-{esc(tpl["id"])}">'
            f'Hướng dẫn điền</p><dl aria-labelledby="huong-dan-{esc(tpl["id"])}">{rows}</dl></div>')


def render_html(tpl: dict, sources: dict, page: str) -> str:
    out = [f'<div class="sotay-template" data-template="{esc(tpl["id"])}">', notice_html(tpl)]
    if tpl.get("summary"):
        out.append(f'<p class="sotay-template__summary">{md(tpl["summary"], inline=True)}</p>')
    if tpl.get("note"):
        out.append(f'<p class="sotay-note">{md(tpl["note"], inline=True)}</p>')
    out.append(basis_html(tpl, sources, page))
    out.append(downloads_html(tpl["id"], page))
    out.append(form_html(tpl))
    out.append(guide_html(tpl))
    out.append("</div>")
    return "\n".join(out)


GROUPS = {
    "sinh-hoat": "Sinh hoạt chi bộ",
    "ket-nap": "Kết nạp đảng viên",
    "ky-luat": "Kỷ luật đảng viên",
    "danh-gia": "Kiểm điểm, đánh giá, xếp loại",
}


def ordered(templates: list[dict]) -> list[dict]:
    """Templates by group (in ``GROUPS`` order), then by title."""
    order = list(GROUPS)
    return sorted(templates, key=lambda t: (order.index(t["group"]), t["title"]))


def index_html(templates: list[dict], page: str) -> str:
    """The "Mẫu biểu" list: each template with its page, Word and PDF links, by group."""
    rows = []
    current = None
    for tpl in ordered(templates):
        if tpl["group"] != current:
            current = tpl["group"]
            rows.append(f'<tr><th scope="rowgroup" colspan="4">{esc(GROUPS[current])}</th></tr>')
        tid = tpl["id"]
        link = relative(page, page_src(tid))
        docx = relative(page, f"{PAGE_DIR}/{docx_name(tid)}")
        pdf = relative(page, f"{PAGE_DIR}/{pdf_name(tid)}")
        kind = tpl["form_code"] if tpl["kind"] == "official" else KIND_NOTICE["model"]
        rows.append(
            f'<tr><td><a href="{link}">{esc(tpl["title"])}</a></td><td>{esc(kind)}</td>'
            f'<td><a href="{docx}" type="{DOCX_MIME}" download>Word<span class="sotay-visually-hidden">: {esc(tpl["title"])}</span></a></td>'
            f'<td><a href="{pdf}" type="application/pdf">PDF<span class="sotay-visually-hidden">: {esc(tpl["title"])}</span></a></td></tr>'
        )
    return ('<div class="md-typeset__table" data-search-exclude><table><thead><tr>'
            '<th scope="col">Mẫu biểu</th><th scope="col">Loại</th><th scope="col">Tệp Word</th>'
            '<th scope="col">Tệp PDF</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")


# ---------------------------------------------------------------- DOCX
def _docx():
    try:
        import docx  # noqa: F401
    except ImportError as exc:  # pragma: no cover - requirements.txt pins it
        raise TemplateError("thiếu thư viện python-docx: hãy chạy 'make serve' hoặc pip install -r requirements.txt") from exc
    return docx


def _set_run_font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    from docx.shared import Pt

    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _add_inline_markdown(paragraph, text: str, size: float) -> None:
    """**bold** and *italic* of a one-line author text as runs."""
    for part in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if not part:
            continue
        if part.startswith("**"):
            _set_run_font(paragraph.add_run(part[2:-2]), size, bold=True)
        elif part.startswith("*"):
            _set_run_font(paragraph.add_run(part[1:-1]), size, italic=True)
        else:
            _set_run_font(paragraph.add_run(part), size)


def _style_document(document) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    # Document defaults too (they name theme fonts, which Word prefers over a style's font).
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr_default is not None:
        for el in rpr_default.findall(qn("w:rFonts")):
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                el.attrib.pop(qn(attr), None)
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                el.set(qn(attr), FONT)
        for el in rpr_default.findall(qn("w:lang")):
            for attr in ("w:val", "w:eastAsia", "w:bidi"):
                el.set(qn(attr), "vi-VN")

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZES["body"])
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()  # created in sequence order by python-docx
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, *_AFTER_LANG)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), "vi-VN")
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(3)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _text_width_mm() -> float:
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def _para(container, text: str = "", size: float = SIZES["body"], bold=False, italic=False, align=None,
          space_before: float | None = None, space_after: float | None = None):
    from docx.shared import Pt

    p = container.add_paragraph()
    if text:
        _set_run_font(p.add_run(text), size, bold=bold, italic=italic)
    if align is not None:
        p.alignment = align
    if space_before is not None:
        p.paragraph_format.space_before = Pt(space_before)
    if space_after is not None:
        p.paragraph_format.space_after = Pt(space_after)
    return p


def _dotted_tab(paragraph, width_mm: float) -> None:
    """A tab with a dot leader to ``width_mm``: the blank a person types over or writes on."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Mm

    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    paragraph.add_run("\t")


# Elements that must follow w:pBdr in w:pPr, and w:tblBorders in w:tblPr (OOXML sequence
# order; Word refuses a file whose properties are out of order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
               "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                     "w:tblDescription", "w:tblPrChange")
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.insert_element_before(borders, *_AFTER_TBLBORDERS)


def _fixed_widths(table, widths_mm) -> None:
    from docx.shared import Mm

    table.autofit = False
    for col, w in zip(table.columns, widths_mm):  # the grid, which LibreOffice reads
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _bottom_rule(paragraph, indent_mm: float) -> None:
    """The short solid rule under the motto (paragraph border, indented to the text's length)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.insert_element_before(bdr, *_AFTER_PBDR)


def _header_docx(document, tpl: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    h = tpl["header"]
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, HEADER_COLS_MM)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    p = left.paragraphs[0]
    _set_run_font(p.add_run(f"{h['superior']} ……………"), SIZES["body_name"])
    p.alignment = A.CENTER
    _para(left, f"{h['issuer']} ……………", SIZES["body_name"], bold=True, align=A.CENTER)
    _para(left, "*", SIZES["body_name"], align=A.CENTER)
    if number_line(tpl):
        _para(left, number_line(tpl), SIZES["number"], align=A.CENTER)
    p = right.paragraphs[0]
    _set_run_font(p.add_run(MOTTO), SIZES["motto"], bold=True)
    p.alignment = A.CENTER
    _bottom_rule(p, MOTTO_RULE_INDENT_MM)
    if h.get("place_date", True):
        _para(right, date_line(), SIZES["date"], italic=True, align=A.CENTER, space_before=6)


def _field_docx(document, field: dict) -> None:
    kind = field.get("type", "line")
    width = _text_width_mm()
    unit = f" {field['unit']}" if field.get("unit") else ""
    if kind == "text":
        _para(document, f"{field['label']}:")
        for _ in range(field.get("lines", 3)):
            p = document.add_paragraph()
            _dotted_tab(p, width)
        return
    p = document.add_paragraph()
    if kind == "date":
        _set_run_font(p.add_run(f"{field['label']}: ngày {DATE_DOTS} tháng {DATE_DOTS} năm {DATE_DOTS}"), SIZES["body"])
    elif kind == "number":
        _set_run_font(p.add_run(f"{field['label']}: {DOTS}{unit}"), SIZES["body"])
    else:
        _set_run_font(p.add_run(f"{field['label']}: "), SIZES["body"])
        _dotted_tab(p, width)
        if unit:
            _set_run_font(p.add_run(unit), SIZES["body"])


def _group_docx(document, fields: list[dict]) -> None:
    parts = []
    for f in fields:
        unit = f" {f['unit']}" if f.get("unit") else ""
        parts.append(f"{f['label']}: {DOTS}{unit}")
    _para(document, "; ".join(parts) + ".")


def _table_docx(document, table: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    from docx.shared import Mm

    if table.get("caption"):
        _para(document, table["caption"], SIZES["table"], bold=True, align=A.CENTER, space_before=6)
    cols = table["columns"]
    rows = table["rows"]
    n = rows if isinstance(rows, int) else len(rows)
    t = document.add_table(rows=n + 1, cols=len(cols))
    t.style = document.styles["Table Grid"]
    _fixed_widths(t, column_widths_mm(cols, _text_width_mm()))
    for cell, text in zip(t.rows[0].cells, cols):
        p = cell.paragraphs[0]
        _set_run_font(p.add_run(text), SIZES["table"], bold=True)
        p.alignment = A.CENTER
    numbered = isinstance(rows, int) and cols[0].strip().upper() == "STT"
    for r in range(n):
        row = t.rows[r + 1]
        row.height = Mm(9)
        first = str(r + 1) if numbered else (rows[r] if not isinstance(rows, int) else "")
        if first:
            p = row.cells[0].paragraphs[0]
            _set_run_font(p.add_run(first), SIZES["table"])
            if numbered:
                p.alignment = A.CENTER
    _para(document, "", space_after=0)


def column_widths_mm(columns: list[str], total: float) -> list[float]:
    """A narrow "STT" column; the others share the rest by the length of their heading."""
    fixed = {i: 15.0 for i, c in enumerate(columns) if c.strip().upper() == "STT"}
    weights = {i: max(len(c), 12) for i, c in enumerate(columns) if i not in fixed}
    rest = total - sum(fixed.values())
    share = sum(weights.values())
    return [fixed[i] if i in fixed else round(rest * weights[i] / share, 1) for i in range(len(columns))]


def _choice_docx(document, choice: dict) -> None:
    from docx.shared import Mm

    _para(document, choice["label"])
    for option in choice["options"]:
        p = _para(document, f"\u25a1  {option}")  # WHITE SQUARE: in Times New Roman (WGL4)
        p.paragraph_format.left_indent = Mm(10)


def _signatures_docx(document, tpl: dict) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    sigs = tpl.get("signatures") or []
    recipients = tpl.get("recipients") or []
    if not sigs and not recipients:
        return
    cols = (["recipients"] if (recipients or len(sigs) == 1) else []) + sigs
    _para(document, "", space_after=0)  # a blank line before the signatures
    table = document.add_table(rows=1, cols=len(cols))
    _no_borders(table)
    width = _text_width_mm() / len(cols)
    _fixed_widths(table, [width] * len(cols))
    for cell, item in zip(table.rows[0].cells, cols):
        first = cell.paragraphs[0]
        if item == "recipients":
            if recipients:
                _set_run_font(first.add_run("Nơi nhận:"), SIZES["recipients"], bold=True, italic=True)
                for r in recipients:
                    _para(cell, f"- {r}", SIZES["recipients"], space_after=0)
            continue
        lines = ([(item["authority"], True, False)] if item.get("authority") else []) + [
            (item["role"], True, False), (item.get("hint", DEFAULT_HINT), False, True)]
        for i, (text, bold, italic) in enumerate(lines):
            p = first if i == 0 else cell.add_paragraph()
            _set_run_font(p.add_run(text), SIZES["hint"] if italic else SIZES["body"], bold=bold, italic=italic)
            p.alignment = A.CENTER
            p.paragraph_format.space_after = 0
        for _ in range(4):  # room to sign
            _para(cell, "", space_after=0)


def docx_bytes(tpl: dict) -> bytes:
    """The template as a Word document (bytes), laid out like a party document."""
    _docx()
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    document = Document()
    _style_document(document)
    props = document.core_properties
    props.title = tpl["title"]
    props.subject = tpl["doc_type"]
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = "vi-VN"
    props.keywords = "mẫu biểu; chi bộ"
    props.comments = tpl["form_code"] if tpl["kind"] == "official" else KIND_NOTICE["model"]
    props.created = props.modified = DOC_DATE.replace(tzinfo=None)
    props.revision = 1

    # The default document starts with one empty paragraph: the header table goes before it.
    _header_docx(document, tpl)
    fields = _fields(tpl)
    _para(document, tpl["doc_type"], SIZES["doc_type"], bold=True, align=A.CENTER, space_before=18, space_after=0)
    if tpl.get("subtitle"):
        _para(document, tpl["subtitle"], SIZES["subtitle"], bold=True, align=A.CENTER, space_after=12)
    for section in tpl["sections"]:
        if section.get("title"):
            _para(document, section["title"], bold=True, space_before=6)
        for block in section["blocks"]:
            if "text" in block:
                p = document.add_paragraph()
                _add_inline_markdown(p, block["text"], SIZES["body"])
            elif "field" in block:
                _field_docx(document, fields[block["field"]])
            elif "fields" in block:
                _group_docx(document, [fields[f] for f in block["fields"]])
            elif "choice" in block:
                _choice_docx(document, block["choice"])
            else:
                _table_docx(document, block["table"])
    _signatures_docx(document, tpl)
    first = document.paragraphs[0]
    if not first.text and first._p.getprevious() is None:  # the template's empty opening paragraph
        first._p.getparent().remove(first._p)
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip(buf.getvalue())


def fixed_zip(raw: bytes) -> bytes:
    """The same zip with every entry dated DOC_DATE: python-docx stamps the current time on
    each entry, so two builds of the same template would differ byte for byte."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    stamp = DOC_DATE.timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def site_files(templates: list[dict]) -> dict[str, bytes]:
    """Site path -> content of every generated DOCX (``mau-bieu/<id>.docx``)."""
    return {f"{PAGE_DIR}/{docx_name(t['id'])}": docx_bytes(t) for t in templates}


# ---------------------------------------------------------------- PDF (LibreOffice)
def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_files: list[Path], out_dir: Path, timeout: int = 600) -> list[Path]:
    """Convert every DOCX to PDF with one headless LibreOffice run; returns the PDFs.

    A private LibreOffice profile keeps parallel runs apart; PDFs are written to a
    scratch folder first and moved into ``out_dir`` only when all of them exist.
    """
    soffice = soffice_path()
    if not soffice:
        raise TemplateError("không thấy LibreOffice (soffice): hãy chạy 'make test' hoặc cài gói "
                            "libreoffice-writer-nogui (LibreOffice missing)")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="templates-pdf-") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        scratch = tmp_path / "out"
        scratch.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(scratch),
               *[str(Path(p).resolve()) for p in docx_files]]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise TemplateError(f"LibreOffice không chuyển xong sau {timeout} s (conversion timed out)") from None
        made = {p.stem: p for p in scratch.glob("*.pdf")}
        missing = [Path(p).stem for p in docx_files if Path(p).stem not in made]
        if proc.returncode != 0 or missing:
            detail = " ".join((proc.stderr or proc.stdout or "").split())[:300]
            raise TemplateError(f"LibreOffice không tạo được PDF cho {', '.join(missing) or 'một số tệp'} "
                                f"(exit {proc.returncode}): {detail}")
        out = []
        for p in docx_files:
            target = out_dir / pdf_name(Path(p).stem)
            shutil.move(str(made[Path(p).stem]), target)
            out.append(target)
    return out


# ---------------------------------------------------------------- macros
def _template_form_macro(ctx, template_id: str) -> str:
    _doc, data = ctx.repo.get("template", str(template_id))
    return render_html(data, ctx.repo.sources, ctx.page)


def _template_index_macro(ctx) -> str:
    templates = [d.data for d in ctx.repo.documents.get("template", [])]
    return index_html(templates, ctx.page)


MACROS = {"template_form": _template_form_macro, "template_index": _template_index_macro}
