"""Build the five Word templates in `templates/` (docxtpl) from code, so they are reproducible and reviewable.

    .venv/bin/python tools/make_docx_templates.py

Writes templates/spec.docx, terms.docx, report.docx, checklist.docx and minutes.docx. Each template uses
exactly the names its builder in `assess/documents/` (context.py, contract.py, tender.py, report.py) documents
(plus title, city, project, department and date, which every builder gives).

docxtpl conventions used here (see https://docxtpl.readthedocs.io/):
- every Jinja tag is written as ONE run (docxtpl cannot parse a tag that Word split across runs);
- `{%p ... %}` sits alone in its own paragraph, which docxtpl removes (paragraph loops/conditions);
- `{%tr ... %}` sits alone in the first cell of its own table row, which docxtpl removes (row loops);
  row loops use Jinja's `for … else` so that an empty list shows one 「該当なし」 row rather than nothing;
- `\\n` inside a value becomes a line break (docxtpl turns it into <w:br/>).

Layout: A4 portrait, margins 25 mm top/bottom and 22 mm left/right; 游明朝 10.5pt body, 游ゴシック headings
(Heading 1/2 for section titles, so Word's navigation pane works); header 「市　案件」 on every page; footer
"- PAGE -" as a real Word field; tables in "Table Grid" with a shaded header row repeated on each page.
A city restyles a template by changing its styles (標準, 表題, 見出し 1–3, 小見出し, 表の見出し, 表の本文, …) in Word.
"""

import datetime
import re
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

OUT = Path(__file__).resolve().parent.parent / "templates"

MINCHO = "游明朝"     # body (Word on Windows/macOS has it; other systems fall back)
GOTHIC = "游ゴシック"  # headings, table headers
FONT_TABLE = {MINCHO: ("Yu Mincho", "roman", "02020400000000000000"),
              GOTHIC: ("Yu Gothic", "swiss", "020B0400000000000000")}

PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TB, MARGIN_LR = Mm(25), Mm(22)
TEXT_MM = 210 - 2 * 22  # usable width in mm (166)

HEADER_FILL = "E7E6E6"  # header row / label cell shading: a light, neutral grey
LABEL_FILL = "F2F2F2"
TAG_GREY = RGBColor(0x80, 0x80, 0x80)  # control-tag paragraphs/rows (removed when rendering)

# custom style names (shown as-is in Word's style gallery)
BODY_INDENT = "本文（字下げ）"   # first line indented one character
BODY_LEFT = "本文（全体1字下げ）"  # whole paragraph indented one character (multi-line text)
CLAUSE = "条項"                  # "(1)　text" with a hanging indent
ARTICLE = "条の見出し"           # 第一条（…）
CAPTION = "小見出し"              # label above a table (Word-JP calls Title 表題)
TH = "表の見出し"
TD = "表の本文"
TD_CENTER = "表の本文（中央）"
RIGHT = "右寄せ"
FIGURE = "図"


# ---------------------------------------------------------------- low-level XML helpers

def _el(tag: str, **attrs) -> OxmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), str(v))
    return e


def _replace(parent, tag: str, new):
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    parent.append(new)
    return new


def set_fonts(rpr, font: str) -> None:
    """ascii/hAnsi/eastAsia all to `font`, dropping theme-font attributes (they would win over names)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = _el("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(k), font)
    rfonts.set(qn("w:hint"), "eastAsia")


def _strip(rpr, *tags):
    for tag in tags:
        for e in rpr.findall(qn(tag)):
            rpr.remove(e)


def style_font(style, font: str, size: float | None = None, bold: bool | None = None) -> None:
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font)
    _strip(rpr, "w:color", "w:spacing", "w:kern", "w:i", "w:iCs")
    style.font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        style.font.size = Pt(size)
        _replace_szcs(rpr, size)
    if bold is not None:
        style.font.bold = bold
        style.font.cs_bold = bold


def _replace_szcs(rpr, size: float) -> None:
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = _el("w:szCs")
        sz = rpr.find(qn("w:sz"))
        sz.addnext(szcs)
    szcs.set(qn("w:val"), str(int(size * 2)))


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()  # holds only tcW (and gridSpan) here, so shd goes last
    _replace(tcpr, "w:shd", _el("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill}))
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # python-docx places vAlign after shd


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(_el("w:tblHeader"))
    trpr.append(_el("w:cantSplit"))


def cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def page_field(paragraph) -> None:
    """「- 1 -」: a real PAGE field between two runs."""
    paragraph.add_run("- ")
    fld = _el("w:fldSimple", **{"w:instr": " PAGE \\* Arabic "})
    r = _el("w:r")
    t = _el("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)
    paragraph.add_run(" -")


# ---------------------------------------------------------------- document set-up

def _fix_theme(doc) -> None:
    """Theme fonts too (styles a city adds from the gallery use them): Latin and Japanese."""
    for part in doc.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            xml = part.blob.decode("utf-8")
            for group, font in (("majorFont", GOTHIC), ("minorFont", MINCHO)):
                def fix(m, font=font):
                    block = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{font}"', m.group(0))
                    block = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{font}"', block)
                    return re.sub(r'<a:font script="Jpan" typeface="[^"]*"/>',
                                  f'<a:font script="Jpan" typeface="{font}"/>', block)
                xml = re.sub(rf"<a:{group}>.*?</a:{group}>", fix, xml, flags=re.S)
            part._blob = xml.encode("utf-8")


def _fix_font_table(doc) -> None:
    """Declare 游明朝/游ゴシック (with their Latin alt names) so Word can substitute sensibly."""
    for rel in doc.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for name, (alt, family, panose) in FONT_TABLE.items():
                f = _el("w:font", **{"w:name": name})
                f.append(_el("w:altName", **{"w:val": alt}))
                f.append(_el("w:panose1", **{"w:val": panose}))
                f.append(_el("w:charset", **{"w:val": "80"}))
                f.append(_el("w:family", **{"w:val": family}))
                f.append(_el("w:pitch", **{"w:val": "variable"}))
                root.append(f)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(doc) -> None:
    s = doc.settings.element
    # Japanese punctuation compression as Word-JP sets it
    for e in s.findall(qn("w:characterSpacingControl")):
        e.set(qn("w:val"), "compressPunctuation")
    # A "\n" in a value becomes <w:br/> (docxtpl); in a justified paragraph Word would stretch the line
    # before such a break across the full width. doNotExpandShiftReturn stops that (Word and LibreOffice).
    compat = s.find(qn("w:compat"))
    if compat is None:
        compat = _el("w:compat")
        s.append(compat)
    compat.insert(0, _el("w:doNotExpandShiftReturn"))  # first in CT_Compat's sequence of those present


def new_document():
    doc = Document()
    styles = doc.styles

    # document defaults
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, MINCHO)
    rpr.find(qn("w:sz")).set(qn("w:val"), "21")
    rpr.find(qn("w:szCs")).set(qn("w:val"), "21")
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "ja-JP")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _replace(ppr, "w:spacing", _el("w:spacing", **{"w:after": "0", "w:line": "240", "w:lineRule": "auto"}))

    normal = styles["Normal"]
    style_font(normal, MINCHO, 10.5)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 両端揃え
    normal.paragraph_format.space_after = Pt(0)

    title = styles["Title"]
    style_font(title, GOTHIC, 16, bold=True)
    tppr = title.element.get_or_add_pPr()
    _strip(tppr, "w:pBdr", "w:contextualSpacing")
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(6)
    title.paragraph_format.space_after = Pt(12)
    title.paragraph_format.line_spacing = 1.0

    for name, size, before, after in (("Heading 1", 12, 14, 6), ("Heading 2", 11, 10, 4),
                                      ("Heading 3", 10.5, 8, 2)):
        h = styles[name]
        style_font(h, GOTHIC, size, bold=True)
        h.paragraph_format.space_before = Pt(before)
        h.paragraph_format.space_after = Pt(after)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # the linked character styles (used when a heading style is applied to part of a paragraph)
    for name, font in (("Title Char", GOTHIC), ("Heading 1 Char", GOTHIC), ("Heading 2 Char", GOTHIC),
                       ("Heading 3 Char", GOTHIC)):
        style_font(styles[name], font)

    grid = styles["Table Grid"]
    set_fonts(grid.element.get_or_add_rPr(), MINCHO)

    for name in ("Header", "Footer"):
        style_font(styles[name], MINCHO, 9)

    def para_style(name, base="Normal", font=MINCHO, size=None, bold=None, align=None):
        s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        s.base_style = styles[base]
        s.quick_style = True
        style_font(s, font, size, bold)
        if align is not None:
            s.paragraph_format.alignment = align
        return s

    s = para_style(BODY_INDENT)
    s.paragraph_format.first_line_indent = Pt(10.5)
    s.paragraph_format.space_after = Pt(4)
    s = para_style(BODY_LEFT)
    s.paragraph_format.left_indent = Pt(10.5)
    s.paragraph_format.space_after = Pt(4)
    s = para_style(CLAUSE)
    s.paragraph_format.left_indent = Pt(10.5 * 3)        # continuation lines start after "(1)　"
    s.paragraph_format.first_line_indent = Pt(-10.5 * 2)  # the number hangs, one character in
    s.paragraph_format.space_after = Pt(3)
    s = para_style(ARTICLE, font=GOTHIC, bold=True)
    s.paragraph_format.space_before = Pt(8)
    s.paragraph_format.space_after = Pt(2)
    s.paragraph_format.keep_with_next = True
    s = para_style(CAPTION, font=GOTHIC, bold=True)
    s.paragraph_format.space_before = Pt(8)
    s.paragraph_format.space_after = Pt(3)
    s.paragraph_format.keep_with_next = True
    s = para_style(TH, font=GOTHIC, size=9.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    s.paragraph_format.space_before = s.paragraph_format.space_after = Pt(2)
    s = para_style(TD, size=9.5, align=WD_ALIGN_PARAGRAPH.LEFT)
    s.paragraph_format.space_before = s.paragraph_format.space_after = Pt(2)
    s = para_style(TD_CENTER, base=TD, size=9.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    s = para_style(RIGHT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    s = para_style(FIGURE, align=WD_ALIGN_PARAGRAPH.CENTER)
    s.paragraph_format.space_before = Pt(6)
    s.paragraph_format.space_after = Pt(6)
    s.paragraph_format.keep_with_next = True

    _fix_theme(doc)
    _fix_font_table(doc)
    _settings(doc)

    # page: A4 portrait, header/footer
    sec = doc.sections[0]
    sec.page_width, sec.page_height = PAGE_W, PAGE_H
    sec.top_margin = sec.bottom_margin = MARGIN_TB
    sec.left_margin = sec.right_margin = MARGIN_LR
    sec.header_distance = sec.footer_distance = Mm(12)
    hp = sec.header.paragraphs[0]
    hp.style = styles["Header"]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    hp.add_run("{{ city }}　{{ project }}")
    fp = sec.footer.paragraphs[0]
    fp.style = styles["Footer"]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(fp)

    cp = doc.core_properties
    cp.title = "{{ title }}"  # docxtpl renders core properties with the same context
    cp.subject = ""
    cp.author = ""
    cp.last_modified_by = ""
    cp.comments = ""
    cp.keywords = ""
    cp.language = "ja-JP"
    cp.revision = 1
    cp.created = cp.modified = datetime.datetime(2025, 1, 1)  # fixed, so a rebuild changes nothing but zip times
    return doc


# ---------------------------------------------------------------- content helpers

def para(doc_or_cell, text: str = "", style: str | None = None):
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        p.add_run(text)  # one run: any Jinja tag in `text` stays whole
    return p


def tag(doc_or_cell, text: str):
    """A control paragraph (`{%p … %}`), removed by docxtpl; grey so it reads as markup in Word."""
    p = doc_or_cell.add_paragraph()
    r = p.add_run(text)
    r.font.color.rgb = TAG_GREY
    return p


def heading(doc, text: str, level: int = 1, page_break: bool = False):
    p = doc.add_paragraph(style=f"Heading {level}")
    p.add_run(text)
    if page_break:
        p.paragraph_format.page_break_before = True
    return p


def title_block(doc) -> None:
    para(doc, "{{ title }}", "Title")
    para(doc, "{{ date }}", RIGHT)
    para(doc, "{{ department }}", RIGHT)
    doc.add_paragraph()


def closing(doc) -> None:
    para(doc, "以上", RIGHT).paragraph_format.space_before = Pt(12)


def paragraph_loop(doc, loop: str, body: list[tuple[str, str]], empty: str | None = "（なし）") -> None:
    """{%p for … %} body paragraphs [{%p else %} empty] {%p endfor %}. Works in a table cell too."""
    tag(doc, "{%p " + loop + " %}")
    for text, style in body:
        para(doc, text, style)
    if empty is not None:
        tag(doc, "{%p else %}")
        para(doc, empty, body[0][1])
    tag(doc, "{%p endfor %}")


def _width(table, widths_mm) -> None:
    table.autofit = False  # fixed layout: the widths below hold in Word and LibreOffice
    for col, w in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)
    tblw = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx puts one right after tblStyle (schema order)
    if tblw is None:
        tblw = _el("w:tblW")
        table._tbl.tblPr.find(qn("w:tblStyle")).addnext(tblw)
    tblw.set(qn("w:w"), str(round(sum(widths_mm) * 56.7)))
    tblw.set(qn("w:type"), "dxa")


def _cell_text(cell, text: str, style: str, grey: bool = False) -> None:
    p = cell.paragraphs[0]
    p.style = style
    if text:
        r = p.add_run(text)
        if grey:
            r.font.color.rgb = TAG_GREY


def _tag_row(table, text: str) -> None:
    """A row holding only `{%tr … %}` in its first cell (merged across, for legibility in Word)."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    _cell_text(merged, text, TD, grey=True)


def loop_table(doc, columns: list[tuple[str, float, str]], loop: str, empty: str = "該当なし"):
    """Header row (shaded, repeated on each page), then one row per item.
    columns: (header, width in mm, cell text with the loop variable); a header ending in '*' is centred."""
    widths = [w for _h, w, _c in columns]
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    repeat_header(head)
    for cell, (h, _w, _c) in zip(head.cells, columns, strict=True):
        _cell_text(cell, h.rstrip("*"), TH)
        shade(cell, HEADER_FILL)
    _tag_row(table, "{%tr " + loop + " %}")
    row = table.add_row()
    cant_split(row)
    for cell, (h, _w, c) in zip(row.cells, columns, strict=True):
        _cell_text(cell, c, TD_CENTER if h.endswith("*") else TD)
    _tag_row(table, "{%tr else %}")
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    _cell_text(merged, empty, TD_CENTER)
    _tag_row(table, "{%tr endfor %}")
    _width(table, widths)
    return table


def kv_table(doc, rows: list[tuple[str, object]], label_mm: float = 32):
    """Label | value form (a meeting's or report's particulars). A value is text, or a callable
    that fills the cell itself (e.g. a paragraph loop)."""
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        row = table.add_row()
        cant_split(row)
        _cell_text(row.cells[0], label, TH)
        shade(row.cells[0], LABEL_FILL)
        if callable(value):
            cell = row.cells[1]
            value(cell)
            first = cell.paragraphs[0]  # drop the empty paragraph python-docx put there
            if not first.text:
                first._p.getparent().remove(first._p)
        else:
            _cell_text(row.cells[1], value, TD)
    _width(table, [label_mm, TEXT_MM - label_mm])
    return table


def actions_table(doc):
    return loop_table(doc, [("内容", 76, "{{ a.description }}"), ("担当", 34, "{{ a.owner }}"),
                            ("期限*", 34, "{{ a.due }}"), ("状況*", 22, "{{ a.status }}")],
                      "for a in actions")


def kpis_table(doc):
    return loop_table(doc, [("指標", 66, "{{ k.name }}"), ("目標", 40, "{{ k.target }}"),
                            ("実績", 40, "{{ k.actual }}"), ("判定*", 20, "{{ k.verdict }}")],
                      "for k in kpis")


# ---------------------------------------------------------------- the five templates

def spec():
    """The contract 仕様書: only contract clauses, no priority tags; personal data by reference to
    the 特記事項; the records to submit with their timing in 別表."""
    doc = new_document()
    title_block(doc)
    heading(doc, "第1　総則", 1)
    tag(doc, "{%p for g in general %}")
    para(doc, "{{ g.number }}　{{ g.title }}", ARTICLE)
    tag(doc, "{%p for p in g.paragraphs %}")
    para(doc, "{{ p }}", BODY_INDENT)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if g.title == '用語の定義' %}")
    tag(doc, "{%p for d in definitions %}")
    para(doc, "{{ d.number }}　{{ d.text }}", CLAUSE)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for d in domains %}")
    heading(doc, "{{ d.number }}　{{ d.title }}", 1)
    tag(doc, "{%p for c in d.clauses %}")
    para(doc, "{{ c.number }}　{{ c.text }}", CLAUSE)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")

    heading(doc, "別表　提出書類一覧", 1, page_break=True)
    loop_table(doc, [("No.*", 12, "{{ r.number }}"), ("提出書類", 70, "{{ r.name }}"),
                     ("提出時期", 34, "{{ r.timing }}"), ("関係する要件", 50, "{{ r.control }}")],
               "for r in records", empty="定期に提出を求める書類はない")
    closing(doc)
    return doc


def terms():
    """個人情報取扱特記事項 as 別記 of a contract: 見出し above each article, 第1条, paragraphs 2, 3…;
    no date in the body."""
    doc = new_document()
    para(doc, "別記")
    para(doc, "{{ title }}", "Title")
    tag(doc, "{%p for a in articles %}")
    para(doc, "{{ a.heading }}", ARTICLE)
    para(doc, "{{ a.number }}　{{ a.first }}", CLAUSE)
    tag(doc, "{%p for p in a.rest %}")
    para(doc, "{{ p.number }}　{{ p.text }}", CLAUSE)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    return doc


def tender():
    """公募要領 別紙: 参加資格, evaluation items by domain with class and criterion, proposal evidence,
    and how answers are judged."""
    doc = new_document()
    title_block(doc)
    heading(doc, "1　本業務の前提", 1)
    para(doc, "提案及び回答は、発注者が示す次の条件を前提とすること。", BODY_INDENT)
    kv_table(doc, [("{%tr for c in conditions %}", ""), ("{{ c.label }}", "{{ c.value }}"), ("{%tr endfor %}", "")], label_mm=60)
    heading(doc, "2　参加資格", 1)
    tag(doc, "{%p if eligibility %}")
    para(doc, "情報セキュリティに関し、次の要件をすべて満たしていること。", BODY_INDENT)
    tag(doc, "{%p for e in eligibility %}")
    para(doc, "{{ e.number }}　{{ e.text }}", CLAUSE)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "情報セキュリティに関する参加資格の定めはない。", BODY_INDENT)
    tag(doc, "{%p endif %}")
    heading(doc, "3　評価項目", 1)
    para(doc, "評価項目は次のとおりとする（{{ counts }}）。区分「必須（足切り）」の項目を満たさない者は失格とする。",
         BODY_INDENT)
    tag(doc, "{%p for d in domains %}")
    para(doc, "{{ d.title }}{% if d.points %}（配点 {{ d.points }}）{% endif %}", CAPTION)
    loop_table(doc, [("No.*", 12, "{{ i.number }}"), ("評価項目", 58, "{{ i.id }} {{ i.title }}"),
                     ("区分*", 28, "{{ i.klass }}"), ("判定の基準", 68, "{{ i.criterion }}")],
               "for i in d.rows")
    tag(doc, "{%p endfor %}")
    heading(doc, "4　提案時に提出する資料", 1)
    loop_table(doc, [("No.*", 12, "{{ r.number }}"), ("評価項目", 50, "{{ r.id }} {{ r.title }}"),
                     ("資料", 82, "{{ r.evidence }}"), ("必須/任意*", 22, "{{ r.required }}")],
               "for r in evidence_rows", empty="提出を求める資料はない")
    heading(doc, "5　評価の方法", 1)
    tag(doc, "{%p for m in method %}")
    para(doc, "{{ m.number }}　{{ m.text }}", CLAUSE)
    tag(doc, "{%p endfor %}")
    closing(doc)
    return doc


def kv_loop_table(doc, loop: str, label: str, value: str, label_mm: float = 32):
    """Label | value rows from a list (only the rows the builder kept: never an empty one)."""
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _tag_row(table, "{%tr " + loop + " %}")
    row = table.add_row()
    cant_split(row)
    _cell_text(row.cells[0], label, TH)
    shade(row.cells[0], LABEL_FILL)
    _cell_text(row.cells[1], value, TD)
    _tag_row(table, "{%tr endfor %}")
    _width(table, [label_mm, TEXT_MM - label_mm])
    return table


def _equal_columns(table, total_mm: float) -> None:
    """Equal grid columns and no cell widths: docxtpl's `{%tc%}` loops add or drop grid columns and
    keep them equal when they start equal, so a table of any number of columns fills the width."""
    table.autofit = False
    n = len(table.columns)
    for col in table.columns:
        col.width = Mm(total_mm / n)
    for tc in table._tbl.iter(qn("w:tc")):
        tcpr = tc.tcPr
        if tcpr is not None:
            for w in tcpr.findall(qn("w:tcW")):
                tcpr.remove(w)
    tblw = table._tbl.tblPr.find(qn("w:tblW"))
    if tblw is None:
        tblw = _el("w:tblW")
        table._tbl.tblPr.find(qn("w:tblStyle")).addnext(tblw)
    tblw.set(qn("w:w"), str(round(total_mm * 56.7)))
    tblw.set(qn("w:type"), "dxa")


def column_loop_row(row, first: str | None, loop: str, body: str, style: str, fill: str | None = None) -> None:
    """[first] [{%tc loop %}] [body] [{%tc endfor %}]: one cell per item after rendering."""
    cells = row.cells
    offset = 0
    if first is not None:
        _cell_text(cells[0], first, TH if fill else TD)
        if fill:
            shade(cells[0], fill)
        offset = 1
    _cell_text(cells[offset], "{%tc " + loop + " %}", TD, grey=True)
    _cell_text(cells[offset + 1], body, style)
    if fill:
        shade(cells[offset + 1], fill)
    _cell_text(cells[offset + 2], "{%tc endfor %}", TD, grey=True)


def matrix_table(doc):
    """Domains down, vendors across (a column per vendor, however many)."""
    table = doc.add_table(rows=1, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    repeat_header(head)
    column_loop_row(head, "分野", "for v in matrix.vendors", "{{ v }}", TH, HEADER_FILL)
    _tag_row(table, "{%tr for r in matrix.rows %}")
    row = table.add_row()
    cant_split(row)
    column_loop_row(row, "{{ r.domain }}", "for s in r.scores", "{{ s }}", TD_CENTER)
    shade(row.cells[0], LABEL_FILL)
    _tag_row(table, "{%tr endfor %}")
    _equal_columns(table, TEXT_MM)
    return table


def approval_table(doc):
    """The 決裁欄: the city's labels across, an empty box under each to sign or seal."""
    table = doc.add_table(rows=2, cols=3)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    column_loop_row(table.rows[0], None, "for a in approval", "{{ a }}", TH, HEADER_FILL)
    column_loop_row(table.rows[1], None, "for a in approval", "", TD)
    for row in table.rows:
        cant_split(row)
    table.rows[1].height = Mm(22)
    table.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _equal_columns(table, TEXT_MM)
    return table


def report():
    """評価結果報告書 for the selection committee (context: assess/documents/report.py). Sections are
    numbered by the builder and appear only when they have something to say; the 公開版 says under
    the title what was replaced and withheld."""
    doc = new_document()
    para(doc, "{{ title }}", "Title")
    para(doc, "{{ date }}", RIGHT)
    para(doc, "{{ department }}", RIGHT)
    tag(doc, "{%p if public %}")
    para(doc, "この文書は公開用である。契約候補者以外の事業者の名称は記号（A社、B社…）に置き換え、事業者が非開示を"
              "希望した回答等は「■■■」で伏せて非開示とした理由の区分を付した。", BODY_INDENT)
    tag(doc, "{%p endif %}")
    doc.add_paragraph()

    heading(doc, "{{ sections.overview }}　評価の概要", 1)
    kv_loop_table(doc, "for r in overview", "{{ r.label }}", "{{ r.value }}")

    heading(doc, "{{ sections.method }}　評価方法", 1)
    para(doc, "評価は、公募要領別紙「情報セキュリティに関する参加資格及び評価項目」に定めた評価項目"
              "{% if method.counts %}（{{ method.counts }}）{% endif %}について、次の方法により行った。", BODY_INDENT)
    paragraph_loop(doc, "for m in method.lines", [("{{ m.number }}　{{ m.text }}", CLAUSE)], empty=None)
    tag(doc, "{%p if method.points %}")
    para(doc, "分野ごとの配点", CAPTION)
    loop_table(doc, [("分野", 120, "{{ p.domain }}"), ("配点*", 46, "{{ p.points }}")], "for p in method.points")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if method.removed %}")
    para(doc, "評価の対象から除外した要件", CAPTION)
    loop_table(doc, [("要件", 62, "{{ x.id }} {{ x.title }}"), ("除外の理由", 104, "{{ x.reason }}")],
               "for x in method.removed")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.results %}")
    heading(doc, "{{ sections.results }}　評価結果", 1)
    tag(doc, "{%p if has_points %}")
    loop_table(doc, [("順位*", 18, "{{ c.rank }}"), ("事業者", 60, "{{ c.vendor }}"), ("判定", 44, "{{ c.verdict }}"),
                     ("評価点*", 22, "{{ c.overall }}"), ("得点*", 22, "{{ c.points }}")], "for c in candidates")
    tag(doc, "{%p else %}")
    loop_table(doc, [("順位*", 18, "{{ c.rank }}"), ("事業者", 82, "{{ c.vendor }}"), ("判定", 44, "{{ c.verdict }}"),
                     ("評価点*", 22, "{{ c.overall }}")], "for c in candidates")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.domains %}")
    heading(doc, "{{ sections.domains }}　分野別評価点", 1)
    para(doc, "分野ごとの評価点（100点満点{% if has_points %}。括弧内は配点に換算した得点{% endif %}）は次のとおりである。",
         BODY_INDENT)
    matrix_table(doc)
    tag(doc, "{%p if chart %}")
    para(doc, "{{ chart }}", FIGURE)
    para(doc, "図　分野別評価点", TD_CENTER)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.findings %}")
    heading(doc, "{{ sections.findings }}　事業者ごとの所見", 1)
    tag(doc, "{%p for v in vendors %}")
    heading(doc, "({{ loop.index }})　{{ v.vendor }}（{{ v.verdict }}）", 2)
    tag(doc, "{%p if v.no_findings %}")
    para(doc, "必須要件の不適合及びその他の指摘はない。", BODY_INDENT)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if v.must_gaps %}")
    para(doc, "必須要件の不適合", CAPTION)
    loop_table(doc, [("要件", 62, "{{ g.id }} {{ g.title }}"), ("理由", 104, "{{ g.reason }}")], "for g in v.must_gaps")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if v.other_gaps %}")
    para(doc, "その他の指摘", CAPTION)
    loop_table(doc, [("要件", 62, "{{ g.id }} {{ g.title }}"), ("判定*", 24, "{{ g.status }}"),
                     ("理由", 80, "{{ g.reason }}")], "for g in v.other_gaps")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if v.comments %}")
    para(doc, "職員の判定とコメント", CAPTION)
    loop_table(doc, [("要件", 62, "{{ m.id }} {{ m.title }}"), ("判定*", 24, "{{ m.decision }}"),
                     ("コメント", 80, "{{ m.comment }}")], "for m in v.comments")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for s in v.visits %}")
    para(doc, "現地視察（{{ s.date }}）", CAPTION)
    kv_table(doc, [("視察日", "{{ s.date }}"), ("場所", "{{ s.place }}"), ("視察者", "{{ s.visitors }}")])
    tag(doc, "{%p if s.observations %}")
    para(doc, "視察で確認した事項", CAPTION)
    loop_table(doc, [("要件", 62, "{{ o.id }} {{ o.title }}"), ("確認結果*", 24, "{{ o.result }}"),
                     ("所見", 80, "{{ o.note }}")], "for o in s.observations")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for p in s.photos %}")
    tag(doc, "{%p if p.image %}")
    para(doc, "{{ p.image }}", FIGURE)
    tag(doc, "{%p endif %}")
    para(doc, "{{ p.caption }}", TD_CENTER)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.qa %}")
    heading(doc, "{{ sections.qa }}　質疑応答", 1)
    para(doc, "公募の期間中に受け付け、参加者全員に公表した質問と回答は次のとおりである。", BODY_INDENT)
    tag(doc, "{%p for q in questions %}")
    p = para(doc, "質問{{ q.number }}：{{ q.question }}", CAPTION)
    p.paragraph_format.space_before = Pt(6)
    para(doc, "回答：{{ q.answer }}", BODY_LEFT)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.committee %}")
    heading(doc, "{{ sections.committee }}　審査委員会", 1)
    tag(doc, "{%p if committee.members %}")
    para(doc, "審査委員", CAPTION)
    loop_table(doc, [("No.*", 12, "{{ loop.index }}"), ("氏名", 64, "{{ m.name }}"), ("役職", 90, "{{ m.role }}")],
               "for m in committee.members")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if committee.comments %}")
    para(doc, "事業者ごとの意見", CAPTION)
    loop_table(doc, [("事業者", 52, "{{ m.vendor }}"), ("意見", 114, "{{ m.text }}")], "for m in committee.comments")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if committee.overall %}")
    para(doc, "総評", CAPTION)
    para(doc, "{{ committee.overall }}", BODY_LEFT)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.conclusion %}")
    heading(doc, "{{ sections.conclusion }}　結論", 1)
    para(doc, "{{ conclusion }}", BODY_INDENT)
    tag(doc, "{%p endif %}")

    # 契約候補者の選定理由: when the contract records why its vendor was chosen (a lower-ranked, 失格 or
    # 判定保留 candidate); context `award` = {vendor, reason, reason_lines, approver} or None.
    tag(doc, "{%p if sections.award %}")
    heading(doc, "{{ sections.award }}　契約候補者の選定理由", 1)
    kv_table(doc, [("契約候補者", "{{ award.vendor }}"),
                   ("選定理由", lambda cell: paragraph_loop(cell, "for line in award.reason_lines",
                                                           [("{{ line }}", TD)], None)),
                   ("承認者", "{{ award.approver }}")])
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if sections.approval %}")
    heading(doc, "{{ sections.approval }}　決裁欄", 1)
    kv_table(doc, [("決裁区分", ""), ("起案日", "{{ blank_date }}"), ("決裁日", "{{ blank_date }}")])
    doc.add_paragraph()
    approval_table(doc)
    tag(doc, "{%p endif %}")
    closing(doc)
    return doc


def subtitle(doc, text: str):
    """A centred line under the title (「第3回　定例会」), in Word's 副題 style."""
    style = doc.styles["Subtitle"]
    style_font(style, GOTHIC, 12, bold=True)
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(8)
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    return para(doc, text, "Subtitle")


def confirmation_table(doc, rows: list[tuple[str, str]], tall: set[str] = frozenset()):
    """Label | value rows kept together on one page; a label in `tall` gets an empty box to sign in."""
    table = kv_table(doc, rows, label_mm=32)
    for row, (label, _value) in zip(table.rows, rows, strict=True):
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
        if label in tall:
            row.height = Mm(16)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    return table


def checklist():
    """The checklist of one meeting: the lines its kind checks (毎回, plus 四半期 / 年次 / 実地検査時 on
    demand), 前回の状況 from the last operations round, 確認結果 to circle, 所見・備考 to write in."""
    doc = new_document()
    para(doc, "{{ title }}", "Title").paragraph_format.space_after = Pt(2)
    subtitle(doc, "{{ heading }}")
    para(doc, "{{ date }}", RIGHT)
    para(doc, "{{ department }}", RIGHT)
    doc.add_paragraph()
    kv_table(doc, [("事業者", "{{ vendor }}"), ("回次", "{{ round_label }}"), ("会議の種類", "{{ kind }}"),
                   ("開催日", "{{ meeting_date }}")])

    heading(doc, "1　議題", 1)
    paragraph_loop(doc, "for a in agenda", [("({{ loop.index }})　{{ a }}", CLAUSE)])

    heading(doc, "2　確認項目", 1)
    para(doc, "確認結果は「適・否・該当なし」のいずれかに〇を付け、否・該当なしの場合は所見・備考に理由を記入する。",
         BODY_INDENT)
    loop_table(doc, [("No.*", 12, "{{ i.number }}"), ("確認項目", 57, "{{ i.id }} {{ i.title }}：{{ i.check }}"),
                     ("頻度*", 14, "{{ i.frequency }}"), ("前回の状況*", 22, "{{ i.last_status }}"),
                     ("確認結果*", 32, "{{ i.result }}"), ("所見・備考", 29, "{{ i.note }}")],
               "for i in items")

    heading(doc, "3　未解消の指摘", 1)
    loop_table(doc, [("要件", 62, "{{ g.id }} {{ g.title }}"), ("未解消の理由", 104, "{{ g.reason }}")],
               "for g in open_gaps")

    heading(doc, "4　アクションアイテム", 1)
    actions_table(doc)

    heading(doc, "5　KPI", 1)
    kpis_table(doc)

    heading(doc, "6　確認", 1)
    para(doc, "上記のとおり確認した。", BODY_INDENT).paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    table = doc.add_table(rows=3, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, label in zip(table.rows[0].cells, ("発注者（職・氏名）", "受託者（職・氏名）"), strict=True):
        _cell_text(cell, label, TH)
        shade(cell, HEADER_FILL)
    for row in table.rows:
        cant_split(row)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    table.rows[1].height = Mm(24)  # room to sign / seal
    table.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for cell in table.rows[2].cells:
        _cell_text(cell, "確認日：{{ confirm_date }}", TD)
    _width(table, [TEXT_MM / 2, TEXT_MM / 2])
    return doc


def minutes():
    """議事録: 作成日 at the top; 回次 and 日時 (with the time); 作成者, 配付先; 次回開催予定; and a
    受託者確認欄 the contractor fills in and returns."""
    doc = new_document()
    para(doc, "{{ title }}", "Title")
    para(doc, "作成日　{{ date }}", RIGHT)
    para(doc, "{{ department }}", RIGHT)
    doc.add_paragraph()

    def lines(name, empty):
        def fill(cell):
            paragraph_loop(cell, f"for a in {name}", [("{{ a }}", TD)], empty=empty)
        return fill

    kv_table(doc, [("回次", "{{ round_label }}"), ("会議名", "{{ meeting_title }}"), ("日時", "{{ meeting_when }}"),
                   ("場所", "{{ place }}"), ("事業者", "{{ vendor }}"), ("出席者", lines("attendees", "（記載なし）")),
                   ("作成者", "{{ author }}"), ("配付先", lines("distribution", "出席者"))])

    heading(doc, "1　議題", 1)
    paragraph_loop(doc, "for a in agenda", [("({{ loop.index }})　{{ a }}", CLAUSE)])
    heading(doc, "2　決定事項", 1)
    paragraph_loop(doc, "for d in decisions", [("({{ loop.index }})　{{ d }}", CLAUSE)])
    heading(doc, "3　議事の概要", 1)
    tag(doc, "{%p if notes %}")
    para(doc, "{{ notes }}", BODY_LEFT)
    tag(doc, "{%p else %}")
    para(doc, "（記載なし）", BODY_LEFT)
    tag(doc, "{%p endif %}")
    heading(doc, "4　アクションアイテム", 1)
    actions_table(doc)
    heading(doc, "5　KPI", 1)
    kpis_table(doc)
    heading(doc, "6　次回開催予定", 1)
    para(doc, "{{ next_meeting }}", BODY_LEFT)
    closing(doc)

    heading(doc, "受託者確認欄", 2).paragraph_format.keep_with_next = True
    para(doc, "本議事録の内容を確認しました。", BODY_INDENT).paragraph_format.keep_with_next = True
    confirmation_table(doc, [("確認日", "{{ confirm_date }}"), ("会社名", "{{ vendor }}"), ("氏名", "")],
                       tall={"氏名"})
    return doc


BUILDERS = {"spec": spec, "terms": terms, "tender": tender, "report": report, "checklist": checklist, "minutes": minutes}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        path = OUT / f"{name}.docx"
        build().save(path)
        print(path)


if __name__ == "__main__":
    main()
