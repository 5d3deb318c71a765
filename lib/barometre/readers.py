"""Read tabular input files (CSV, Excel, Parquet) into one canonical raw table.

Every reader returns a :class:`RawTable`: all cells as stripped strings (missing
cells as ``""``), plus the spreadsheet row number of each record (header = row 1)
and a location label per row (``Données!C7`` style for workbooks is built by the
caller from ``sheet``). Readers are registered by file suffix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .decoding import decode_text
from .errors import InputFileError
from .i18n import LANGUAGES, both, t

NBSPS = ("\u00a0", "\u202f", "\u2007")
# Invisible characters pasted with a code (from a web page, a word processor): removed like white space.
# Zero-width space, word joiner and BOM mean nothing anywhere; zero-width (non-)joiners only at the ends.
_INVISIBLE = str.maketrans("", "", "\u200b\u2060\ufeff")
_JOINERS = "\u200c\u200d"
HEADER_SEARCH_ROWS = 20  # a header below a title is looked for in a file's first rows


@dataclass
class RawTable:
    """A table read from a file: string cells, with the spreadsheet row of each record."""

    file: str
    frame: pd.DataFrame
    rows: list[int]
    sheet: str | None = None  # a workbook's sheet, when it has several
    encoding: str | None = None
    separator: str | None = None
    # Non-empty cells found beyond the header's last column, by record position in ``frame``.
    extra_cells: dict[int, list[str]] = field(default_factory=dict)
    # A workbook's other sheets whose first rows name known columns too: not read, and said so.
    other_data_sheets: list[str] = field(default_factory=list)
    # A CSV's lines above its header (a title, a form's header block « Code de l'organisation ; MFSN »).
    above: list[list[str]] = field(default_factory=list)
    # What the reader noticed and validation says as warnings: (catalogue rule, message fields).
    notes: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    # What a workbook shows where it is not the value read: (record, column position) → text (« 1.79E+03 »).
    shown: dict[tuple[int, int], str] = field(default_factory=dict)
    # A CSV whose last record has no line end: a copy or transfer cut short ends so (validation says so at it);
    # and whether that record has fewer cells than the header (cut before its last separator).
    unterminated: bool = False
    short_last: bool = False

    def name(self) -> str | dict[str, str]:
        """The file's name for a message, with its sheet when the workbook has several (per language)."""
        if self.sheet is None:
            return Path(self.file).name
        return {
            lang: f"{Path(self.file).name}, {t('word.sheet_named', lang, sheet=self.sheet)}"
            for lang in LANGUAGES
        }


Reader = Callable[[Path], RawTable]
_READERS: dict[str, Reader] = {}


def register_reader(*suffixes: str) -> Callable[[Reader], Reader]:
    """Register a reader function for the given file suffixes (``.csv``, ``.xlsx``…)."""

    def deco(func: Reader) -> Reader:
        for s in suffixes:
            _READERS[s.lower()] = func
        return func

    return deco


def reader_names() -> list[str]:
    """Suffixes that have a registered reader."""
    return sorted(_READERS)


def read_table(path: str | Path) -> RawTable:
    """Read ``path`` with the reader registered for its suffix."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(both("error.file_not_found", path=path), file=str(path))
    if path.is_dir():
        raise InputFileError(both("error.is_a_folder", path=path), file=str(path))
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        accepted = ", ".join(reader_names())
        suffix = path.suffix or t("word.no_extension", "fr")  # shown in the French text only
        raise InputFileError(
            both("error.unsupported_format", file=path.name, suffix=suffix, accepted=accepted), file=str(path)
        )
    return reader(path)


def _clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [_clean_header(c) for c in frame.columns]
    for col in frame.columns:
        frame[col] = frame[col].map(_clean_cell).astype(object)
    return frame


def _clean_header(name: object) -> str:
    return _clean_text(str(name)).lower()


def _clean_text(text: str) -> str:
    """Text without white space at its ends, no-break spaces as spaces, and no invisible characters."""
    text = text.translate(_INVISIBLE)
    for ch in NBSPS:
        text = text.replace(ch, " ")
    return text.strip().strip(_JOINERS).strip()


def float_text(value: float) -> str:
    """A number a spreadsheet or Parquet file typed as one, as text: ``12.0`` → ``12``; never ambiguous.

    ``1.234`` typed as a number is 1,234: written ``1.2340`` it is not taken for « 1 234 » with a
    thousands separator (:func:`ambiguous_number`), and reads back the same.
    """
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    return text + "0" if _AMBIGUOUS.match(text) else text


def _clean_cell(value: object) -> str:
    """A cell as text; empty for every kind of missing (a Parquet file's ``<NA>`` read as a value)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, dt.date | dt.time):
        return date_text(value)
    return _clean_text(str(value))


def date_text(value: dt.date | dt.time, number_format: str = "") -> str:
    """A date as ``2019-04-01`` (its time only when not midnight); shown as a year alone, that year.

    ``number_format`` is a workbook cell's: ``yyyy`` shows 2019-01-01 as « 2019 », what the person typed.
    """
    shown = re.sub(r'"[^"]*"|\\[.]|\[[^\]]*\]', "", number_format or "").lower()
    if isinstance(value, dt.date) and set(re.sub(r"[^a-z]", "", shown)) == {"y"}:
        return str(value.year)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()


def sniff_separator(text: str) -> str:
    """Guess the field separator among ``,``, ``;`` and tab from the header line."""
    header = next((line for line in text.split("\n") if line.strip()), "")
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def _separator_of_header(text: str) -> str | None:
    """The separator under which one of the first lines names known columns (a title line may have none)."""
    lines = [line for line in text.split("\n")[:HEADER_SEARCH_ROWS] if line.strip()]
    for line in lines:
        for sep in (";", ",", "\t"):
            if _names_columns(next(csv.reader([line], delimiter=sep), [])):
                return sep
    return None


def _header_names(cells: list[str]) -> list[str]:
    """Clean header cells; name empty ones ``unnamed: i`` and number repeats ``name.1`` (as pandas)."""
    names: list[str] = []
    for i, cell in enumerate(cells):
        name = _clean_header(cell) or f"unnamed: {i}"
        base, k = name, 0
        while name in names:
            k += 1
            name = f"{base}.{k}"
        names.append(name)
    return names


@register_reader(".csv", ".txt", ".tsv")
def read_csv(path: Path) -> RawTable:
    """Read a CSV as government files come: BOM or not, cp1252, UTF-16, ``,``/``;``/tab.

    Row numbers are those a spreadsheet shows (the header is row 1 when it is the
    first line). Blank lines are not records. Cells beyond the header that are not
    empty are kept in :attr:`RawTable.extra_cells` so validation can report them.
    """
    decoded = decode_text(path.read_bytes(), path.name)
    text, encoding = decoded.text, decoded.encoding
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputFileError(both("error.empty_file", file=path.name), file=str(path))
    sep = _separator_of_header(text) or sniff_separator(text)
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    records: list[list[str]] = []
    first = 1  # the line the record being read starts on
    try:
        for rec in reader:
            records.append(rec)
            first = reader.line_num + 1
    except csv.Error as exc:
        # a quote never closed swallows the rest of the file: its line, not the last one (921 for 31)
        key = "error.unclosed_quote" if "unexpected end of data" in str(exc) else "error.unreadable_csv"
        raise InputFileError(both(key, file=path.name, line=first, reason=exc), file=str(path)) from None
    blank = [not "".join(r).strip() for r in records]
    # the header is the first record naming known columns (a title line above it is skipped), else the first
    start = _header_index(records)
    start = blank.index(False) if start is None else start
    header = list(records[start])
    while header and not header[-1].strip():
        header.pop()  # a trailing separator on the header line is not a column
    names = _header_names(header)
    width = len(names)
    body: list[list[str]] = []
    rows: list[int] = []
    extra: dict[int, list[str]] = {}
    for j in range(start + 1, len(records)):
        if blank[j]:
            continue
        rec = records[j]
        beyond = [c for c in rec[width:] if c.strip()]
        if beyond:
            extra[len(body)] = beyond
        body.append((rec + [""] * width)[:width])
        rows.append(j + 1)
    frame = _clean_frame(pd.DataFrame(body, columns=names, dtype=object))
    notes = [("mixed_encoding", {"lines": decoded.cp1252_lines})] if decoded.cp1252_lines else []
    return RawTable(str(path), frame, rows, encoding=encoding, separator=sep, extra_cells=extra,
                    above=records[:start], notes=notes,
                    unterminated=not text.endswith("\n") and not blank[-1],
                    short_last=len(records[-1]) < width)  # fmt: skip


def _header_index(records: Iterable[list[str]]) -> int | None:
    """The first of the first records (a CSV's lines, a sheet's rows) naming at least two known columns."""
    first = itertools.islice(records, HEADER_SEARCH_ROWS)
    return next((i for i, cells in enumerate(first) if _names_columns(cells)), None)


def _names_columns(cells: list[str]) -> bool:
    """Whether a row's cells name at least two columns of a dataset file (any kind, aliases included)."""
    from .aliases import fold  # aliases reads RawTable from here

    known = _known_columns()
    return sum(fold(_clean_header(c)) in known for c in cells if c.strip()) >= 2


@lru_cache(maxsize=1)
def _known_columns() -> frozenset[str]:
    """Every column name of every dataset file kind, aliases included, folded."""
    from .aliases import COLUMN_ALIASES, canonical_names

    return frozenset(name for kind in COLUMN_ALIASES for name in canonical_names(kind))


@register_reader(".parquet")
def read_parquet(path: Path) -> RawTable:
    """Read a Parquet file; values are turned into strings like other formats."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputFileError(
            both("error.unreadable_parquet", file=path.name, reason=type(exc).__name__), file=str(path)
        ) from None
    frame = _clean_frame(frame)
    return RawTable(str(path), frame, [i + 2 for i in range(len(frame))])


_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


TRUE_WORDS = {"true", "vrai", "oui", "yes", "y", "o", "1", "x"}
FALSE_WORDS = {"false", "faux", "non", "no", "n", "0"}
# one comma or point followed by exactly three digits: « 1,234 » is 1 234 to an English spreadsheet
# (thousands separator) and 1,234 to a French one (decimal comma); « 2.000 » the other way round
_AMBIGUOUS = re.compile(r"^[+-]?([1-9]\d{0,2})([.,])(\d{3})$")


def _compact(text: str) -> str:
    """A typed number without its thousands separators; a typographic minus (« −3 ») is a minus.

    The separators: spaces (plain, no-break, narrow, thin) and apostrophes (straight or typographic).
    """
    s = str(text).strip().replace("\u2212", "-")
    for ch in (" ", *NBSPS, "\u2009", "'", "\u2019"):
        s = s.replace(ch, "")
    return s


def parse_bool(text: str, default: bool = True) -> bool | None:
    """Parse oui/non, true/false, 1/0; empty gives ``default``; None when unreadable."""
    s = str(text).strip().lower()
    if not s:
        return default
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    return None


# what a spreadsheet says for a figure it does not have (« s. o. »: sans objet); « - » or « aucun » may mean 0
NOT_AVAILABLE = {"n/a", "na", "n.a.", "nd", "n.d.", "n/d", "s.o.", "so", "s/o", "sans objet", "non applicable",
                 "not applicable", "non disponible", "not available", "inconnu", "unknown", "?", "null", "nan"}  # fmt: skip


def not_available(text: str) -> bool:
    """Whether a cell says the figure is missing (« N/A », « s. o. », « n.d. ») instead of giving it."""
    return " ".join(str(text).casefold().replace(". ", ".").split()) in NOT_AVAILABLE


# the error values a spreadsheet shows where a formula cannot give a result
EXCEL_ERROR = re.compile(  # as Excel shows them in English and in French (a CSV keeps the words shown)
    r"#(?:DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|VALEUR!|NOMBRE!|NOM\?|NUL!|"
    r"D[ÉE]VERSEMENT!|CALCUL!|N/D)",
    re.IGNORECASE,
)


def not_numeric_wording(value: object) -> str:
    """The wording of a count that is not a number, or '' (the generic one).

    Missing (« N/A »), a formula without a result, an Excel error (« #DIV/0! »), a rate (« 75 % »).
    """
    if not_available(value):
        return "not_numeric_missing"
    if str(value).lstrip().startswith("="):  # a workbook's formula without a saved result (readers_excel)
        return "not_numeric_formula"
    if EXCEL_ERROR.fullmatch(str(value).strip()):  # « #DIV/0! »: what a formula gave (the workbook shows it)
        return "not_numeric_excel_error"
    return "not_numeric_percent" if str(value).rstrip().endswith("%") else ""


def ambiguous_number(text: str) -> dict[str, str] | None:
    """The two readings of a count such as « 1,234 » or « 2.000 », or None when it has only one.

    A count with one comma or point and three digits after it is a thousand or more with a
    thousands separator, or a number with three decimals: :func:`parse_number` would silently take
    the decimal. Returns the whole number and the decimal written each language's way.
    """
    s = _compact(text)
    m = _AMBIGUOUS.match(s)
    if not m:
        return None
    sign = "-" if s.startswith("-") else ""
    head, _sep, tail = m.groups()
    return {
        "whole": f"{sign}{head}{tail}",
        "decimal_fr": f"{sign}{head},{tail}",
        "decimal_en": f"{sign}{head}.{tail}",
    }


def parse_number(text: str) -> float | None:
    """Parse a number typed by a person; return None when it is not a number.

    Accepts spaces and non-breaking spaces as thousands separators, a decimal
    comma (``12,5``), and ``1,234.5`` / ``1.234,5`` / ``1,234,567`` groupings.
    """
    s = _compact(text)
    if not s:
        return None
    if _THOUSANDS_COMMA.match(s) and "." in s:
        s = s.replace(",", "")
    elif _THOUSANDS_DOT.match(s) and "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif "," in s and "." not in s and s.count(",") == 1:
        s = s.replace(",", ".")
    elif _THOUSANDS_DOT.match(s) and s.count(".") > 1:
        s = s.replace(".", "")
    elif _THOUSANDS_COMMA.match(s) and s.count(",") > 1:  # « 1,234,567 », as « 1.234.567 »
        s = s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


from . import readers_excel  # noqa: E402, F401  (registers the workbook reader; it uses this module's names)
