"""The number format of each data label of the deck's charts: the figure the slide's text writes.

A chart's labels stay number formats (live when its data is edited), one per point: « 85 % » in the
table and the notes read « 85,0 % » on the bar under a format of one decimal for every bar.
"""

from __future__ import annotations

import math
import re

from pptx.oxml.ns import qn
from pptx.util import Pt

from ..i18n import format_number, label_decimals, round_half_up

# A value and an axis tick. The locale tag ([$-C0C]: fr-CA, [$-1009]: en-CA) makes viewers that bind formats
# to a language (LibreOffice) write « 73,6 % » whatever their own locale; PowerPoint takes the decimal
# separator from the reader's system, as for any number.
PERCENT_FORMATS = {"fr": ("[$-C0C]0.0\u00a0%", "[$-C0C]0\u00a0%"), "en": ("[$-1009]0.0%", "[$-1009]0%")}
_DECIMALS = re.compile(r"\d[.,](\d+)")


def places(x: float | None, text: str, lang: str, goal: float | None = None, at_most: bool = False) -> int:
    """Decimals of a bar's label: those of ``text`` (« 85 % »: none), the figure the table writes.

    A label rounds to the nearest; where that would not read as ``text`` (59,96 % of a 60 % target, written
    « 59,9 % », rounded « 60,0 % »), as many as the value needs never to read as reaching what it misses
    (« 59,96 % »): :func:`barometre.i18n.label_decimals`.
    """
    if x is None or math.isnan(x):
        return 1
    found = _DECIMALS.search(text)
    decimals = len(found[1]) if found else 0
    nearest = format_number(round_half_up(float(x) * 100, decimals), lang, decimals)
    if re.match(re.escape(nearest) + r"(?![\d.,])", text):
        return decimals
    return label_decimals(x, goal, at_most)


def label_format(lang: str, decimals: int, prefix: str = "") -> str:
    """The number format of a label with ``decimals`` (« [$-C0C]0 % », « [$-C0C]0.00 % »), after ``prefix``.

    « [$-C0C]"au plus "0 % »: a target to go down to, as the table writes it.
    """
    code = PERCENT_FORMATS[lang][0].replace("0.0", f"0.{'0' * decimals}" if decimals else "0")
    return code.replace("]", f']"{prefix}"', 1) if prefix else code


def label_points(series, decimals: list[int], lang: str, size: Pt, prefixes: list[str] | None = None) -> None:
    """Give each point of ``series`` its own label format with ``decimals`` (and ``prefixes``), at ``size``.

    The series' labels keep one decimal and show their value: a bar added when the data is edited is labelled.
    """
    labels = series.data_labels
    labels.number_format, labels.number_format_is_linked = PERCENT_FORMATS[lang][0], False
    labels.show_value, labels.font.size = True, size
    for point, count, prefix in zip(series.points, decimals, prefixes or [""] * len(decimals), strict=False):
        label = point.data_label
        label.font.size = size  # creates the point's label; the plot's size, not the default 18 pt
        dlbl = label._dLbl
        code = label_format(lang, count, prefix)
        fmt = dlbl.makeelement(qn("c:numFmt"), {"formatCode": code, "sourceLinked": "0"})
        dlbl.find(qn("c:spPr")).addprevious(fmt)
        if prefix:  # « au plus 20 % » on one line: LibreOffice broke it over two, taller than its bar
            body = dlbl.find(qn("c:txPr")).find(qn("a:bodyPr"))
            body.set("wrap", "none")
        label.show_value = True
