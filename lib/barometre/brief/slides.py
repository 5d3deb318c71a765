"""The deck's slides and their text (python-pptx).

Slides on the template's layouts; titles, captions, bullets, footnotes, the footer and slide number,
notes, alternative text and language.
"""

from __future__ import annotations

from functools import lru_cache

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..i18n import YEAR_SPAN
from .template import BODIES, TITLES, layout, open_template

# PowerPoint's default grey for footers and the title slide's subtitle (text tinted 75 %) is about 3.5:1 on
# white: too faint for the « données fictives » lines at 9 pt, or a subtitle made smaller to fit; this is 7:1
GREY = "595959"
SLIDE_NUMBER_FIELD = (
    "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # the id PowerPoint gives its slide-number field
)
# Shares of the slide's height: where its content ends (the footer and slide number below, at PowerPoint's
# 0.927), and where a footnote starts (a chart above it ends there)
BOTTOM, FOOTNOTE_TOP = 0.91, 0.865
FOOTNOTE_LINE = 0.03  # a footnote's line at 11 points
EMU_PER_POINT = 12700
INSET_PT, INDENT_PT = 7.2, 27.0  # a text box's left and right insets; a bullet's hanging indent
CHAR_EM, LINE_HEIGHT = 0.55, 1.3


def unbroken(text: str) -> str:
    """``text`` with a non-breaking hyphen in each span of years (« 2022-2023 », « 2019-2023 »).

    On a slide, « … (cible 75 % à l'échéance 2022- » sat over « 2023) », and the strategy's title ended
    « 2019- » over « 2023 ».
    """
    return YEAR_SPAN.sub(lambda span: span[0].replace("-", "\u2011"), text)


def slide_size(slide) -> tuple[int, int]:
    """The width and height (EMU) of the presentation ``slide`` belongs to."""
    prs = slide.part.package.presentation_part.presentation
    return prs.slide_width, prs.slide_height


def set_language(shape, tag: str) -> None:
    """Mark every run (and paragraph end) of a shape's text with the language ``tag``."""
    if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
        return
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font._rPr.set("lang", tag)
        end = paragraph._p.get_or_add_endParaRPr()
        end.set("lang", tag)


def alt(shape, text: str) -> None:
    """Alternative text of a picture, chart or table (``descr`` of its non-visual properties)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", text)


def title(slide, text: str, size: int = 30) -> None:
    """The slide's title, in its title placeholder."""
    slide.shapes.title.text = unbroken(text)
    for paragraph in slide.shapes.title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def fitting_size(
    lines: list[str], width: int, height: int, largest: int, smallest: int = 10, bulleted: bool = True
) -> int:
    """The largest font size (points) from ``largest`` down to ``smallest`` at which ``lines`` fit.

    ``lines`` are paragraphs in a box of ``width`` × ``height`` (EMU). Estimated: 0.55 em a character
    (French names in DejaVu Sans, the widest of the fonts a viewer may use, wrapped at 0.55 in LibreOffice;
    0.5 left 145-character names over the footnote), lines wrapped at word ends, 1.3 line heights a line,
    the box's insets and a bullet's indent taken off. Long names and titles of another strategy ran off the
    slide.
    """
    return next((size for size in range(largest, smallest - 1, -1) if fits(lines, width, height, size, bulleted)),
                smallest)  # fmt: skip


def fits(lines: list[str], width: int, height: int, size: int, bulleted: bool = True) -> bool:
    """Whether ``lines`` fit a box of ``width`` × ``height`` (EMU) at ``size`` points (as :func:`fitting_size`)."""
    usable_w = width / EMU_PER_POINT - 2 * INSET_PT - (INDENT_PT if bulleted else 0)
    usable_h = height / EMU_PER_POINT - INSET_PT
    per_line = max(1, int(usable_w / (CHAR_EM * size)))
    needed = sum(wrapped_lines(line, per_line) for line in lines)
    return needed * size * LINE_HEIGHT <= usable_h


def wrapped_lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes wrapped at word ends, ``per_line`` characters a line (at least 1).

    Counted by characters alone, 145-character names wrapped onto one line more than estimated: the
    organisations slide's second column ran over its footnote at the size saved in the file.
    """
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        while used > per_line:  # a word longer than a line breaks where it must
            lines, used = lines + 1, used - per_line
    return lines


# where the caption under a slide's title starts, as a share of the slide's height (on the default layouts)
CAPTION_TOP = 0.16


def below_title(prs) -> int:
    """How far (EMU) a template's title box reaches below the default template's (0 when not lower).

    A template whose title box is lower or taller (0,6 to 1,9 in on 7,5 in) had the text under the title
    printed over it: captions, charts and tables move down by this much.
    """
    return max(0, int((_title_bottom(prs) - _default_title_bottom()) * prs.slide_height))


def _title_bottom(prs) -> float:
    """The bottom of the title-only layout's title box, as a share of the slide's height."""
    lay = layout(prs, "title_only")
    box = next((p for p in lay.placeholders if p.placeholder_format.type in TITLES), None)
    if box is None or box.top is None or box.height is None:
        return 0.0
    return (box.top + box.height) / prs.slide_height


@lru_cache(maxsize=1)
def _default_title_bottom() -> float:
    return _title_bottom(open_template(None))


def caption(slide, text: str, top: float, size: int = 16, height: int = Inches(0.72)):
    """A line of text under the title (e.g. an ambition's full title), smaller when it is long; its shape."""
    width, _height = slide_size(slide)
    margin = Emu(int(width * 0.05))
    box = slide.shapes.add_textbox(margin, Emu(int(top)), Emu(width - 2 * margin), Emu(height))
    box.text_frame.word_wrap = True
    box.text_frame.text = unbroken(text)
    size = fitting_size([text], box.width, height, size, min(size, 11), bulleted=False)
    for run in box.text_frame.paragraphs[0].runs:
        run.font.size = Pt(size)
    return box


FOOTNOTE = "Footnote"  # the name of a slide's footnote shape (:func:`footnotes_last`)


def footnote(slide, text: str) -> float:
    """A note at the foot of the slide (under its chart), e.g. what a « † » in its table means.

    One line from :data:`FOOTNOTE_TOP`; a longer note (« † » and « ‡ » together) starts higher, a line at a
    time, so that it keeps to 11 points. Returns where it starts, as a share of the slide's height.
    """
    width, height = slide_size(slide)
    top = FOOTNOTE_TOP
    while top > FOOTNOTE_TOP - 3 * FOOTNOTE_LINE and not fits([text], int(width * 0.9), int(height * (BOTTOM - top)), 11,
                                                               bulleted=False):  # fmt: skip
        top -= FOOTNOTE_LINE
    caption(slide, text, height * top, 12, int(height * (BOTTOM - top))).name = FOOTNOTE
    return top


def footnotes_last(slide) -> None:
    """Move the slide's footnote after its other shapes: a screen reader read it before the chart above it."""
    for shape in [s for s in slide.shapes if s.name == FOOTNOTE]:
        element = shape._element
        tree = element.getparent()
        tree.remove(element)
        [c for c in tree if c.tag != qn("p:extLst")][-1].addnext(element)  # the tree's extLst stays last


def footer(slide, text: str, number: int, tag: str, colour: str | None) -> None:
    """The footer (``text``: « données fictives » on every slide of a synthetic deck) and the slide number.

    The layout's own placeholders (as PowerPoint's Insert > Header & Footer makes them), or text boxes
    where it has none; in ``colour`` (hex) unless None (an organisation's template keeps its own).
    """
    width, height = slide_size(slide)
    fallback = {PP_PLACEHOLDER.FOOTER: (0.05, 0.6), PP_PLACEHOLDER.SLIDE_NUMBER: (0.8, 0.15)}  # left, width
    for kind, (left, share) in fallback.items():
        layout_ph = next(
            (p for p in slide.slide_layout.placeholders if p.placeholder_format.type == kind), None
        )
        if layout_ph is not None:
            slide.shapes.clone_placeholder(layout_ph)
            shape = next(p for p in slide.placeholders if p.placeholder_format.type == kind)
        else:
            shape = slide.shapes.add_textbox(Emu(int(width * left)), Emu(int(height * 0.93)),
                                             Emu(int(width * share)), Emu(int(height * 0.05)))  # fmt: skip
        paragraph = shape.text_frame.paragraphs[0]
        if kind == PP_PLACEHOLDER.FOOTER:
            paragraph.text = unbroken(text)
            paragraph.runs[0].font.size = Pt(9)
            if colour:
                paragraph.runs[0].font.color.rgb = RGBColor.from_string(colour)
        else:  # a field PowerPoint renumbers when slides move; its text is the number until then
            if layout_ph is None:
                paragraph.alignment = PP_ALIGN.RIGHT
            field = paragraph._p.makeelement(qn("a:fld"), {"id": SLIDE_NUMBER_FIELD, "type": "slidenum"})
            run = field.makeelement(qn("a:rPr"), {"lang": tag, "sz": "900"})
            if colour:
                fill = run.makeelement(qn("a:solidFill"), {})
                fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour}))
                run.append(fill)
            value = field.makeelement(qn("a:t"), {})
            value.text = str(number)
            field.extend([run, value])
            paragraph._p.insert(0, field)


def bullets(
    placeholder,
    lines: list[str],
    size: int = 18,
    heading: bool = False,
    colour: str | None = None,
    closing: int = 0,
) -> None:
    """One paragraph per line, at ``size`` or smaller as needed to fit.

    With ``heading``, the first is a bold heading without a bullet; the last ``closing`` lines are plain
    paragraphs (the reports rejected, where the full list is: not more items); none is indented as a bulleted
    line would be.
    ``colour`` (hex) replaces the layout's. Viewers that shrink text on overflow may shrink it further.
    """
    frame = placeholder.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    size = fitting_size(lines, placeholder.width or 0, placeholder.height or 0, size)
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = unbroken(line)
        for run in p.runs:
            run.font.size = Pt(size)
            run.font.bold = True if heading and i == 0 else None
            if colour:
                run.font.color.rgb = RGBColor.from_string(colour)
        if (heading and i == 0) or (i >= len(lines) - closing and i > 0):
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", "0")
            ppr.set("indent", "0")  # not the hanging indent of a bullet (its second line sat further in)
            ppr.insert(0, p._p.makeelement(qn("a:buNone"), {}))


def new_slide(prs, kind: str):
    """A slide of ``kind`` (see ``template.layout``); a title-only slide keeps no empty content area."""
    slide = prs.slides.add_slide(layout(prs, kind))
    _pin_geometry(slide)
    if kind == "title_only":
        bodies(slide, 0)
    return slide


def _pin_geometry(slide) -> None:
    """Give the slide's placeholders their layout placeholders' positions when the layout numbers them alike.

    A slide placeholder takes its position from the layout's placeholder of the same ``idx``; LibreOffice
    writes idx 0 for all of them, so both columns of « Two Content » sat on the title's box, one over the
    other, their text shrunk to fit it. python-pptx clones the layout's placeholders in order: pair them.
    """
    sources = list(slide.slide_layout.iter_cloneable_placeholders())
    numbers = [p.placeholder_format.idx for p in sources]
    if len(set(numbers)) == len(numbers):
        return
    for shape, source in zip(slide.placeholders, sources, strict=False):
        shape.left, shape.top, shape.width, shape.height = (
            source.left,
            source.top,
            source.width,
            source.height,
        )


def bodies(slide, count: int) -> list:
    """``count`` text areas under the title, left to right.

    The layout's content placeholders, or text boxes side by side when it has too few (an organisation's
    template); unused placeholders are removed (they showed « Cliquez pour ajouter du texte »).
    """
    found = [s for s in slide.placeholders if s.placeholder_format.type in BODIES]
    found.sort(key=lambda s: -(s.width or 0) * (s.height or 0))  # the largest (not a comparison's heading)
    used, unused = (found[:count], found[count:]) if len(found) >= count else ([], found)
    used.sort(key=lambda s: s.left or 0)
    for shape in unused:
        shape._element.getparent().remove(shape._element)
    if used or not count:
        return used
    width, height = slide_size(slide)
    margin, gap = int(width * 0.05), int(width * 0.03)
    each = (width - 2 * margin - gap * (count - 1)) // count
    top = int(height * 0.24) + below_title(slide.part.package.presentation_part.presentation)
    boxes = []
    for i in range(count):
        box = slide.shapes.add_textbox(Emu(margin + i * (each + gap)), Emu(top), Emu(each),
                                       Emu(int(height * BOTTOM) - top))  # fmt: skip
        box.text_frame.word_wrap = True
        boxes.append(box)
    return boxes


def notes(slide, lines: list[str]) -> None:
    """The speaker notes, one line each."""
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def set_default_language(prs, tag: str) -> None:
    """Make ``tag`` the language of text typed later in the deck, and of its charts' text.

    The presentation's default text style, the masters' title, body and other styles, the notes' style and
    every chart's text (and its ``c:lang``): python-pptx's own template says « en-US » there, so a French
    deck spell-checked in English whatever was typed in it. The masters' prompts (« Click to edit Master
    title style ») are English text and keep their language.
    """
    roots = [prs.part._element.find(qn("p:defaultTextStyle"))]
    roots += [master._element.find(qn("p:txStyles")) for master in prs.slide_masters]
    roots.append(prs.notes_master._element.find(qn("p:notesStyle")))
    for root in (r for r in roots if r is not None):
        for default in root.iter(qn("a:defRPr")):
            default.set("lang", tag)
    for slide in prs.slides:
        for shape in (s for s in slide.shapes if getattr(s, "has_chart", False) and s.has_chart):
            space = shape.chart._chartSpace
            for props in (
                *space.iter(qn("a:defRPr")),
                *space.iter(qn("a:endParaRPr")),
                *space.iter(qn("a:rPr")),
            ):
                props.set("lang", tag)
            lang = space.find(qn("c:lang"))
            if lang is None:
                lang = space.makeelement(qn("c:lang"), {})
                date = space.find(qn("c:date1904"))  # c:lang comes after it, first otherwise
                if date is not None:
                    date.addnext(lang)
                else:
                    space.insert(0, lang)
            lang.set("val", tag)


HEADER_RULE = ("404040", 19050)  # the line under a table's header row: dark grey, 1,5 pt (EMU)
BLUE = "0072B2"  # the charts' blue (the site's too: charts/base.OKABE_ITO)
HEADER_FILL = BLUE  # a table's header row, under white text (5,2:1)


def header_row(table) -> None:
    """Make the first row of ``table`` read as its header whatever the viewer: bold, over a rule.

    A template saved by LibreOffice has no table styles (ppt/tableStyles.xml): the style's coloured header
    was lost and the column names read as one more row. Set on the cells themselves, these hold. White on
    :data:`HEADER_FILL` (5,2:1): the style's white on its accent (4F81BD) was 4,0:1, under AA's 4,5:1 for
    10-point text.
    """
    colour, width = HEADER_RULE
    for cell in table.rows[0].cells:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor.from_string(HEADER_FILL)
        for run in (run for paragraph in cell.text_frame.paragraphs for run in paragraph.runs):
            run.font.bold = True
            run.font.color.rgb = RGBColor.from_string("FFFFFF")
        props = cell._tc.get_or_add_tcPr()
        rule = props.makeelement(qn("a:lnB"), {"w": str(width), "cmpd": "sng"})
        fill = rule.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour}))
        rule.append(fill)
        props.insert(0, rule)  # before any fill, as the schema orders a cell's properties
