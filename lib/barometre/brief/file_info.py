"""What a file manager and PowerPoint's File > Info say about the deck: its properties and thumbnail.

python-pptx's own template carried « Steve Canny », 2013 and « generated using python-pptx » in the core
properties, « Microsoft Macintosh PowerPoint », « On-screen Show (4:3) » and « 0 slides » in the extended
ones, and a blank 4:3 picture as the thumbnail a file manager shows: a 16:9 deck of thirteen slides
looked empty there. Each is now this deck's own, or left out.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as etree

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..i18n import t
from .content import BriefContent
from .template import WIDESCREEN

APP = "Baromètre"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# PowerPoint's names for its slide sizes (EMU), as it writes them in docProps/app.xml
FORMATS = {(WIDESCREEN, 6858000): "Widescreen", (9144000, 5143500): "On-screen Show (16:9)",
           (9144000, 6858000): "On-screen Show (4:3)"}  # fmt: skip
# What PowerPoint recomputes on saving and a stale template would misstate (counts, time, titles)
STALE = ("TotalTime", "Words", "Paragraphs", "Slides", "Notes", "HiddenSlides", "MMClips", "HeadingPairs",
         "TitlesOfParts", "Application", "AppVersion", "PresentationFormat")  # fmt: skip


def set_file_info(prs, content: BriefContent, tag: str, own_template: bool) -> None:
    """Core and extended properties of this deck, and no thumbnail of another one."""
    _core(prs.core_properties, content, tag, own_template)
    _extended(prs)
    package = prs.part.package
    for rel in list(package._rels.values()):  # python-pptx has no public way to drop a package relationship
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(rel.rId)


def _core(props, c: BriefContent, tag: str, own_template: bool) -> None:
    """Title, subject, language, author and dates (an organisation's template keeps its author)."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)  # written as UTC
    props.title = c.file_title(t("brief.deck_title", c.lang, period=c.period))
    props.subject = c.strategy_title
    props.language = tag
    if not own_template or not props.author:
        props.author = APP
    props.last_modified_by = APP
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = now
    props.revision = 1


def _extended(prs) -> None:
    """docProps/app.xml: the application, slide size, slide and notes counts and the slide titles.

    What else the template's file says (an organisation's company name, say) is kept.
    """
    part = next((p for p in prs.part.package.iter_parts() if p.partname == "/docProps/app.xml"), None)
    if part is None:
        return
    etree.register_namespace("", EXTENDED)
    etree.register_namespace("vt", VT)
    root = etree.fromstring(part.blob)
    for child in list(root):
        if child.tag.rpartition("}")[2] in STALE:
            root.remove(child)
    # the titles as words, not as laid out (a span of years is kept whole there by non-breaking hyphens)
    titles = [
        (s.shapes.title.text if s.shapes.title is not None else "").replace("\u2011", "-") for s in prs.slides
    ]
    size = FORMATS.get((prs.slide_width, prs.slide_height), "Custom")
    notes = sum(s.has_notes_slide for s in prs.slides)
    for name, text in (("Application", APP), ("PresentationFormat", size), ("Slides", len(titles)),
                       ("Notes", notes), ("HiddenSlides", 0)):  # fmt: skip
        etree.SubElement(root, f"{{{EXTENDED}}}{name}").text = str(text)
    pairs = _vector(root, "HeadingPairs", "variant", 2)
    etree.SubElement(etree.SubElement(pairs, f"{{{VT}}}variant"), f"{{{VT}}}lpstr").text = "Slide Titles"
    etree.SubElement(etree.SubElement(pairs, f"{{{VT}}}variant"), f"{{{VT}}}i4").text = str(len(titles))
    parts = _vector(root, "TitlesOfParts", "lpstr", len(titles))
    for title in titles:
        etree.SubElement(parts, f"{{{VT}}}lpstr").text = title
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _vector(root, name: str, kind: str, size: int):
    """An empty ``<vt:vector>`` of ``size`` ``kind`` items inside a new ``name`` element."""
    holder = etree.SubElement(root, f"{{{EXTENDED}}}{name}")
    return etree.SubElement(holder, f"{{{VT}}}vector", size=str(size), baseType=kind)
