"""Translation catalogue and locale-aware formatting (French first, English second).

Every piece of text shown to people comes from the catalogue: the YAML files of
``locales/`` (one per area, merged into one namespace; a key defined twice is an error); numbers
and dates follow the conventions of the language (« 12,5 % », « 31 mars 2023 »).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import string
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from . import yaml_text
from .errors import CatalogueError, ParameterError
from .small_figures import CAP, ends_decimals, small_decimals

LANGUAGES: tuple[str, ...] = ("fr", "en")
NBSP = "\u00a0"
NNBSP = "\u202f"
# A span of years (« 2021-2022 », « 2019-2023 »): kept on one line wherever text is laid out
YEAR_SPAN = re.compile(r"\b\d{4}-\d{4}\b")
# A space before « : ; ! ? » or a closing guillemet, or after an opening one (French typography).
_FRENCH_SPACE = re.compile(r" (?=[%:;!?»])|(?<=«) ")
_COUNTED = re.compile(r"\{(\w+):[^{}|]*\|")  # a count: its placeholder has two forms, ``{n:cible|cibles}``


def french_spacing(text: str) -> str:
    """No-break spaces before « % : ; ! ? » and inside « guillemets » (French typography).

    No line then starts with a colon or a closing guillemet (« Cible » at the end of one line,
    « : 75 % » on the next). The catalogue's French texts go through it when read; the values
    :func:`t` fills in keep their own spaces.
    """
    return _FRENCH_SPACE.sub(NBSP, text)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Return the whole catalogue: ``{key: {"fr": ..., "en": ...}}``."""
    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("barometre").joinpath("locales")
    for part in sorted(folder.iterdir(), key=lambda p: p.name):
        if not part.name.endswith(".yaml"):
            continue
        for key, value in catalogue_entries(part.name, part.read_text("utf-8")).items():
            if key in merged:
                raise CatalogueError(f"translation key defined twice: {key} ({part.name})")
            merged[key] = value
    return merged


def catalogue_entries(name: str, text: str) -> dict[str, dict[str, str]]:
    """The entries of one catalogue file, each exactly one non-empty text per language.

    An unquoted comma inside a flow mapping (``{fr: a, b, en: c}``) silently makes ``b`` a key
    and cuts the text: such an entry is an error naming the file and the key, never a half text.
    """
    entries: dict[str, dict[str, str]] = {}
    # a key written twice in one file: YAML keeps the last in silence (two texts, one shown)
    keys = re.findall(r"^([A-Za-z_][\w.]*)\s*:", text, re.MULTILINE)
    if twice := sorted({k for k in keys if keys.count(k) > 1}):
        raise CatalogueError(f"{name}: translation key defined twice in the file: {', '.join(twice)}")
    for key, value in (yaml_text.load(text) or {}).items():
        langs = set(value) if isinstance(value, dict) else set()
        texts_ok = langs == set(LANGUAGES) and all(isinstance(value[x], str) and value[x] for x in LANGUAGES)
        if not texts_ok:
            raise CatalogueError(
                f"{name}: entry {key!r} must have exactly one non-empty text for each of "
                f"{', '.join(LANGUAGES)} (quote a text that contains a comma); found {value!r}"
            )
        entries[str(key)] = {**value, "fr": french_spacing(value["fr"])}
    return entries


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a :class:`ParameterError`."""
    if lang not in LANGUAGES:
        raise ParameterError(both("error.unknown_language", language=lang, valid=", ".join(LANGUAGES)))
    return lang


def parse_languages(text: str) -> list[str]:
    """The languages a ``--lang`` option names (« fr,en », « EN »): each checked, in order, once.

    An option naming none (``--lang ""``) is an error: the brief wrote nothing and said nothing, exit 0.
    """
    langs = list(dict.fromkeys(check_lang(x.strip().lower()) for x in str(text).split(",") if x.strip()))
    if not langs:
        raise ParameterError(both("error.no_language", valid=", ".join(LANGUAGES)))
    return langs


def plural_one(value: Any, lang: str = "fr") -> bool:
    """Whether a count takes the singular: 0 and 1 (and 1,5) in French, exactly 1 in English (CLDR).

    A count given as text is read as the language writes it (« 1 234,5 », "1,234.5"); a text that is not a
    number takes the plural, and so does an English one written with decimals ("1.0 points", CLDR).
    """
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        value = value.replace(NBSP, "").replace(NNBSP, "").replace(" ", "")
        value = value.replace(",", ".") if lang == "fr" else value.replace(",", "")
        if lang != "fr" and "." in value:
            return False
    try:
        n = abs(float(value))
    except (TypeError, ValueError):
        return False
    return n < 2 if lang == "fr" else n == 1


class _PluralFormatter(string.Formatter):
    """``str.format`` where ``{n:cible|cibles}`` writes the singular or the plural form as ``n`` asks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if plural_one(value, self.lang) else other
        return super().format_field(value, format_spec)


_FORMATTERS = {lang: _PluralFormatter(lang) for lang in LANGUAGES}


def t(key: str, lang: str = "fr", **values: Any) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` with ``values``.

    A placeholder with two forms, ``{n:cible|cibles}``, is the word that agrees with the count ``n``
    (« 1 cible atteinte », « 3 cibles atteintes »; « 0 cible » in French, « 0 targets » in English). Such a
    count given as an integer is written the language's way: « 2 485 lignes », "2,485 rows".
    """
    entry = catalogue().get(key)
    if entry is None:
        raise KeyError(f"missing translation key: {key}")
    text = entry.get(lang) or entry["fr"]
    if not values:
        return text
    if "|" not in text:
        return text.format(**values)
    for name in {*_COUNTED.findall(text)} & values.keys():
        if hasattr(values[name], "__index__") and not isinstance(values[name], bool):
            values[name] = format_number(values[name], lang)
    return _FORMATTERS.get(lang, _FORMATTERS["fr"]).vformat(text, (), values)


def joined(items: list[str], lang: str = "fr") -> str:
    """« A, B et C » / "A, B and C": names or target ids inside a sentence."""
    if len(items) < 2:
        return "".join(items)
    return t("list.and", lang).join([", ".join(items[:-1]), items[-1]])


def both(key: str, **values: Any) -> str:
    """Return the French then the English text, separated by `` / ``.

    A value given per language (``{"fr": "1 555", "en": "1,555"}``, see :func:`numbers`) fills each text with
    its own; any other value fills both.
    """
    return " / ".join(texts(key, **values).values())


def texts(key: str, **values: Any) -> dict[str, str]:
    """The text of ``key`` in each language, for a sentence inside another one or one language at a time.

    A value given per language fills each text with its own, as in :func:`both`.
    """

    def own(lang: str) -> dict[str, Any]:
        return {
            k: v[lang] if isinstance(v, dict) and set(v) == set(LANGUAGES) else v for k, v in values.items()
        }

    return {lang: t(key, lang, **own(lang)) for lang in LANGUAGES}


def numbers(x: float | int, decimals: int = 0) -> dict[str, str]:
    """``x`` written the way of each language, for :func:`both` (« 1 555 » / "1,555")."""
    return {lang: format_number(x, lang, decimals) for lang in LANGUAGES}


def _is_missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as a spreadsheet, PowerPoint and the charts' tooltips do: a half away from zero.

    Python's ``round`` takes a half to the even digit (31,25 → « 31,2 »), while Excel and Vega's
    ``.1%`` give « 31,3 »: a table and its chart's tooltip disagreed on one figure.

    ``x`` is first written with 9 decimals, so that a half computed in floats is a half: 41/80 × 100 is
    51.24999999999999 in floats, which read « 51,2 % » for 51,25 % (a spreadsheet, which keeps 15
    significant digits, writes « 51,3 % »).
    """
    x = float(x)  # a numpy integer or float32 too (Decimal refuses them)
    if not math.isfinite(x):
        return x
    return float(Decimal(f"{x:.9f}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_number(x: float | int | None, lang: str = "fr", decimals: int = 0) -> str:
    """Format a number: ``12 345,6`` in French, ``12,345.6`` in English; « — » when missing.

    A negative number takes a minus sign (« −0,11 », as the charts write it), not a hyphen.
    """
    if _is_missing(x):
        return "—"
    text = f"{round_half_up(x, decimals):,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.001 rounded: « 0,00 », no sign
        text = text[1:]
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text.replace("-", "\u2212")


def format_percent(
    x: float | None,
    lang: str = "fr",
    decimals: int | None = None,
    goal: float | None = None,
    at_most: bool = False,
) -> str:
    """Format a proportion as a percentage: 0.75 → « 75 % », 0.125 → « 12,5 % ».

    With ``decimals=None`` one decimal is shown only when it is not zero; under 1 %, two significant
    digits (« 0,26 % », :mod:`barometre.small_figures`). A value short of 100 % never
    reads « 100 % » (0.9996 → « 99,9 % »), nor one short of ``goal`` (a target's value) as reaching it:
    59.96 % of a 60 % target reads « 59,9 % », not « 60 % » beside « Accélération nécessaire »; with
    ``at_most`` (a target to go down to), a value above ``goal`` never reads as at or under it.
    """
    if _is_missing(x):
        return "—"
    pct = float(x) * 100
    small = small_decimals(pct) if decimals is None else None
    if decimals is None:
        decimals = fewest_decimals(pct, small) if small else int(abs(pct - round(pct)) >= 0.05)
    shown = round_half_up(pct, decimals)
    for edge, down in _missed_lines(float(x), goal, at_most):
        if shown <= edge if down else shown >= edge:
            shown, decimals = _short_of(pct, edge, down, start=max(1, small or decimals))
    number = format_number(shown, lang, decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def fewest_decimals(pct: float, decimals: int) -> int:
    """``decimals`` less those that write a trailing zero (0,30 % reads « 0,3 % », as 75,0 % reads « 75 % »).

    The number read is the same, so a value still never reads as reaching a target it misses.
    """
    shown = round_half_up(pct, decimals)
    while decimals > 0 and round_half_up(shown, decimals - 1) == shown:
        decimals -= 1
    return decimals


def _missed_lines(x: float, goal: float | None, at_most: bool) -> list[tuple[float, bool]]:
    """The lines ``x`` falls short of, in percent, as its status says, each with ``down``.

    100 %, and ``goal`` (from above when ``at_most``: then ``down`` is true, ``x`` being above it).
    """
    lines = []
    for line, down in ((1.0, False), (None if _is_missing(goal) else float(goal), at_most)):
        if line is not None and ((x > line) if down else (x < line)):
            lines.append((round(line * 100, 9), down))  # 0.07 * 100 is 7.000000000000001
    return lines


def _short_of(
    pct: float, edge: float, down: bool, nearest: bool = False, start: int = 1
) -> tuple[float, int]:
    """``pct`` rounded to the fewest decimals (``start`` to 4) that keep it on its side of ``edge``; and those.

    Rounded away from the edge (up when ``down``, else down), or to the nearest (``nearest``: as a
    spreadsheet's number format does, where more decimals are the only way).
    """
    for decimals in range(start, max(start, 4) + 1):
        step = 10**decimals
        if nearest:
            shown = round_half_up(pct, decimals)
        else:
            shown = (math.ceil(pct * step) if down else math.floor(pct * step)) / step
        if (shown > edge) if down else (shown < edge):
            break
    return shown, decimals


def label_decimals(x: float | None, goal: float | None = None, at_most: bool = False) -> int:
    """Decimals for a label that rounds to the nearest (a PowerPoint number format): at least one.

    As many as ``x`` needs never to read as reaching 100 % or a ``goal`` it misses: 59.96 % of 60 %
    needs two (« 59,96 % »); a value under 1 % its two significant digits (« 0,26 % »).
    """
    if _is_missing(x):
        return 1
    pct = float(x) * 100
    least = small_decimals(pct) or 1
    needed = [
        _short_of(pct, edge, down, nearest=True, start=least)[1]
        for edge, down in _missed_lines(float(x), goal, at_most)
    ]
    return max([least, *needed])


def format_goal(x: float | None, lang: str = "fr", at_most: bool = False, above: bool = False) -> str:
    """Format a target value as it must be read: « 75 % », « au plus 25 % » (``at_most``).

    ``at_most`` is for a target to go down to (a strategy's ``direction: decrease``); ``above`` for an
    organisation's threshold that must be passed, not reached (« plus de 50 % »: at 50 % it is not met);
    « — » when none.
    """
    text = format_percent(x, lang)
    if _is_missing(x) or not (at_most or above):
        return text
    return t("goal.at_most" if at_most else "goal.above", lang, value=text)


def format_value(x: float | None, target_value: float | None, lang: str = "fr", at_most: bool = False) -> str:
    """A target's value, never reading as reaching a target value it misses (see :func:`format_percent`)."""
    return format_percent(x, lang, goal=target_value, at_most=at_most)


def format_banded(x: float | None, edges: tuple[float, ...], lang: str = "fr", decimals: int = 2) -> str:
    """A number read against ``edges`` (a pace ratio against its status lines 0, 0,6 and 0,95).

    Written with ``decimals`` and never on or over a line it is under, which the status says: rounded to
    the nearest, except when that reaches a line (R = 0,59958 « 0,60 » beside « Progrès limités », −0,0007
    « 0,00 » beside « Recul »); then rounded down, away from it, as a percentage short of its target is
    (« 0,59 », « −0,01 »). ``x`` is first taken to 9 decimals, as the status takes it.
    """
    if _is_missing(x):
        return "—"
    value = round(float(x), 9)
    shown = round_half_up(value, decimals)
    if any(value < edge <= shown for edge in edges):
        shown = math.floor(round(value * 10**decimals, 9)) / 10**decimals
    return format_number(shown, lang, decimals)


def format_points(x: float | None, lang: str = "fr", ends: tuple[float | None, ...] = ()) -> str:
    """Format a difference of proportions in percentage points (« +5,2 pts », « −1,4 pt »).

    One decimal, or as many as the small percentages ``ends`` it is the difference of (0,261 % to
    0,306 %: « +0,05 pt »); one that is not zero never reads zero (« −0,003 pt »), up to three decimals
    (:mod:`barometre.small_figures`). The unit agrees with the number as written (see :func:`plural_one`):
    « pt » below 2 in French; in English, written with its decimal, always « pts ».
    """
    if _is_missing(x):
        return "—"
    pts = round(float(x) * 100, 9)
    decimals = max(1, ends_decimals(ends))
    while decimals < CAP and pts and not round_half_up(abs(pts), decimals):
        decimals += 1
    if not round_half_up(pts, decimals):  # under the last decimal: zero, with no sign (« 0,0 pt »)
        pts, decimals = 0.0, max(1, ends_decimals(ends))
    while decimals > 1 and round_half_up(abs(pts), decimals - 1) == round_half_up(abs(pts), decimals):
        decimals -= 1  # no trailing zero past the first decimal: 0,5 % → 10 % is « +9,5 pts », not « +9,50 »
    sign = "+" if pts > 0 else ("−" if pts < 0 else "")
    number = format_number(abs(round_half_up(pts, decimals)), lang, decimals)
    unit = t("unit.points", lang, n=number)
    return f"{sign}{number}{NBSP}{unit}"


def format_date(day: _dt.date | _dt.datetime, lang: str = "fr") -> str:
    """Format a date: « 31 mars 2023 » in French, "March 31, 2023" in English.

    With no-break spaces (« 31\u00a0mars\u00a02023 », "March\u00a031, 2023"): a line break split the brief's
    « 31 » from « mars 2023 ».
    """
    months = t("months", lang).split(",")
    month = months[day.month - 1]
    if lang == "fr":
        d = "1er" if day.day == 1 else str(day.day)
        return f"{d}\u00a0{month}\u00a0{day.year}"
    return f"{month}\u00a0{day.day}, {day.year}"


def format_timestamp(stamp: str, lang: str = "fr") -> str:
    """A UTC time as logged (``2026-12-06T10:20:00Z``) in words: « 6 décembre 2026, 10 h 20 UTC ».

    "December 6, 2026, 10:20 UTC" in English; a text that is not such a time is returned as it is.
    """
    try:
        when = _dt.datetime.fromisoformat(str(stamp).strip().replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    when = when.astimezone(_dt.UTC) if when.tzinfo else when
    return t("time.utc", lang, date=format_date(when, lang), hour=when.hour, minute=f"{when.minute:02d}")


def vega_format_locale(lang: str) -> dict[str, Any]:
    """Return the d3/Vega number-format locale for ``lang`` (fr-CA or en-CA)."""
    if lang == "fr":
        return {
            "decimal": ",",
            "thousands": NNBSP,
            "grouping": [3],
            "currency": ["", f"{NBSP}$"],
            "percent": f"{NBSP}%",
        }
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}
