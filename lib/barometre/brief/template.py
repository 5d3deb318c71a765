"""An organisation's PowerPoint template for the deck: opened (.pptx or .potx), checked, its layouts chosen.

A template is what a ministry hands over: often a PowerPoint template (.potx) rather than a
presentation, with layouts named in French (« Titre et contenu ») or renamed, and sometimes trimmed.
Layouts are taken by their English default name, then by what they hold (a title, one or two content
areas); a deck needs at least one layout with a title placeholder, so that every slide has a real
title (screen readers and the outline list slides by it).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from ..errors import ParameterError
from ..i18n import both

CONTENT_TYPES = "[Content_Types].xml"
# The main part of a PowerPoint template, declared as that of a presentation (python-pptx opens only those)
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PRESENTATION_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MACRO_MAINS = (b"presentationml.slideshow.macroEnabled", b"ms-powerpoint.presentation.macroEnabled",
               b"ms-powerpoint.template.macroEnabled")  # fmt: skip
# The layouts a deck uses: their name in PowerPoint's default template, and how many content areas
LAYOUTS = {"title": ("Title Slide", 1), "content": ("Title and Content", 1), "title_only": ("Title Only", 0),
           "two": ("Two Content", 2)}  # fmt: skip
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


PACKAGE_RELS = "_rels/.rels"


def open_template(path: Path | None):
    """The presentation to build the deck on: a new one, or the organisation's template at ``path``.

    Raises ParameterError (naming the file and what to do) when it is missing, is not a PowerPoint file,
    holds macros, or has no layout with a title.
    """
    if path is None:
        return widescreen(Presentation())
    path = Path(path)
    if not path.is_file():
        raise ParameterError(both("brief.error.no_template", template=path))
    try:
        with zipfile.ZipFile(path) as package:
            parts = {info.filename: package.read(info) for info in package.infolist()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParameterError(both("brief.error.template_unreadable", template=path)) from exc
    types = parts.get(CONTENT_TYPES, b"")
    if any(kind in types for kind in MACRO_MAINS):
        raise ParameterError(both("brief.error.template_macros", template=path))
    if TEMPLATE_MAIN in types:  # a .potx: the same package, its main part declared a template
        parts[CONTENT_TYPES] = types.replace(TEMPLATE_MAIN, PRESENTATION_MAIN)
    # LibreOffice names the core properties' relationship « …/officedocument/2006/… »: python-pptx missed it
    # and wrote a second docProps/core.xml (a deck PowerPoint offers to repair, signed « python-pptx »)
    if b"officedocument/2006/relationships/metadata/core-properties" in parts.get(PACKAGE_RELS, b""):
        parts[PACKAGE_RELS] = parts[PACKAGE_RELS].replace(
            b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties",
            b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    try:
        prs = Presentation(buffer)
    except Exception as exc:  # python-pptx raises KeyError, ValueError … on a package that is not a deck
        raise ParameterError(both("brief.error.template_unreadable", template=path)) from exc
    if not any(_has_title(layout) for layout in prs.slide_layouts):
        raise ParameterError(both("brief.error.template_no_title", template=path))
    return prs


# PowerPoint's slide size since 2013, and that of the screens a deck is shown on (16:9, 13.333 × 7.5 in)
WIDESCREEN = 12192000


def widescreen(prs):
    """``prs`` (python-pptx's own default template, 4:3) made 16:9, its masters and layouts widened with it.

    The height stays; every shape of the master and layouts that has its own position is moved and widened
    in proportion, so titles, bodies, footers and slide numbers span the wider slide.
    """
    factor = WIDESCREEN / prs.slide_width
    prs.slide_width = WIDESCREEN
    # A layout's placeholder may inherit its position from the master's: every position is read before
    # any is written (else an inherited one is widened twice), then all four written.
    boxes = [(shape, (shape.left, shape.top, shape.width, shape.height))
             for master in prs.slide_masters
             for shapes in [master.shapes, *(lay.shapes for lay in master.slide_layouts)]
             for shape in shapes]  # fmt: skip
    for shape, (left, top, width, height) in boxes:
        if None not in (left, top, width, height):
            shape.left, shape.top = round(left * factor), top
            shape.width, shape.height = round(width * factor), height
    return prs


def _has_title(layout) -> bool:
    return any(p.placeholder_format.type in TITLES for p in layout.placeholders)


def _fit(layout, kind: str) -> tuple:
    """How well ``layout`` suits a slide of ``kind`` (the higher the better)."""
    types = [p.placeholder_format.type for p in layout.placeholders]
    opening = PP_PLACEHOLDER.CENTER_TITLE in types or PP_PLACEHOLDER.SUBTITLE in types
    if kind == "title":  # a centred title and a subtitle
        areas = sum(k in BODIES for k in types)
        return (opening, min(areas, 1), -areas)
    areas = sum(k in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) for k in types)
    need = LAYOUTS[kind][1]
    return (min(areas, need), not opening, -areas)  # enough content areas, not an opening, no extra


def layout(prs, kind: str):
    """The layout for a slide of ``kind`` (``title``, ``content``, ``title_only``, ``two``).

    The one of that default name; else, of those with a title, the one that suits it best: enough content
    areas (the deck adds text boxes for missing ones and removes unused ones), not an opening slide's
    layout for a content slide, the fewest extra areas.
    """
    name = LAYOUTS[kind][0]
    titled = [lay for lay in prs.slide_layouts if _has_title(lay)]
    for lay in titled:
        if lay.name == name:
            return lay
    return max(titled, key=lambda lay: _fit(lay, kind))
