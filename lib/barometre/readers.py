"""Read tabular input files (CSV, Excel, Parquet) into one canonical raw table.

Every reader returns a :class:`RawTable`: all cells as stripped strings (missing
cells as ``""``), plus the spreadsheet row number of each record (header = row 1)
and a location label per row (``Données!C7`` style for workbooks is built by the
caller from ``sheet``). Readers are registered by file suffix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputFileError

NBSPS = ("\u00a0", "\u202f", "\u2007")


@dataclass
class RawTable:
    """A table read from a file: string cells, with the spreadsheet row of each record."""

    file: str
    frame: pd.DataFrame
    rows: list[int]
    sheet: str | None = None
    encoding: str | None = None
    separator: str | None = None


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
        raise InputFileError(f"Fichier introuvable : {path}. / File not found: {path}.", file=str(path))
    if path.is_dir():
        raise InputFileError(
            f"{path} est un dossier, pas un fichier de données. / {path} is a folder, not a data file.",
            file=str(path),
        )
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputFileError(
            f"{path.name} : format non pris en charge ({path.suffix or 'sans extension'}) ; "
            f"formats acceptés : {', '.join(reader_names())}. "
            f"/ {path.name}: unsupported format; accepted: {', '.join(reader_names())}.",
            file=str(path),
        )
    return reader(path)


def _clean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame.columns = [_clean_header(c) for c in frame.columns]
    for col in frame.columns:
        frame[col] = frame[col].map(_clean_cell).astype(object)
    return frame


def _clean_header(name: object) -> str:
    text = str(name).replace("\ufeff", "")
    for ch in NBSPS:
        text = text.replace(ch, " ")
    return text.strip().lower()


def _clean_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    for ch in NBSPS:
        text = text.replace(ch, " ")
    return text.strip()


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Decode file bytes as UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise InputFileError(
            f"{file} : encodage illisible (ni UTF-8 ni Windows-1252). "
            f"/ {file}: unreadable encoding (neither UTF-8 nor Windows-1252).",
            file=file,
        ) from None


def sniff_separator(text: str) -> str:
    """Guess the field separator among ``,``, ``;`` and tab from the header line."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


@register_reader(".csv", ".txt", ".tsv")
def read_csv(path: Path) -> RawTable:
    """Read a CSV as government files come: BOM or not, cp1252, ``,``/``;``/tab."""
    data = path.read_bytes()
    text, encoding = decode_bytes(data, path.name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputFileError(
            f"{path.name} : le fichier est vide. / {path.name}: the file is empty.", file=str(path)
        )
    sep = sniff_separator(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="python",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise InputFileError(
            f"{path.name} : structure CSV illisible ({exc}). / {path.name}: unreadable CSV ({exc}).",
            file=str(path),
        ) from None
    frame = _clean_frame(frame)
    rows = [i + 2 for i in range(len(frame))]
    # Lines left entirely blank are not records: drop them, keep row numbers right.
    keep = [bool("".join(map(str, r)).strip()) for r in frame.itertuples(index=False)]
    frame = frame[keep].reset_index(drop=True)
    rows = [r for r, k in zip(rows, keep, strict=True) if k]
    return RawTable(str(path), frame, rows, encoding=encoding, separator=sep)


@register_reader(".xlsx", ".xlsm")
def read_excel(path: Path) -> RawTable:
    """Read the first sheet with a header row of an Excel workbook."""
    try:
        frame = pd.read_excel(path, sheet_name=0, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise InputFileError(
            f"{path.name} : classeur Excel illisible ({type(exc).__name__}). "
            f"/ {path.name}: unreadable Excel workbook ({type(exc).__name__}).",
            file=str(path),
        ) from None
    frame = _clean_frame(frame)
    rows = [i + 2 for i in range(len(frame))]
    keep = [bool("".join(map(str, r)).strip()) for r in frame.itertuples(index=False)]
    frame = frame[keep].reset_index(drop=True)
    rows = [r for r, k in zip(rows, keep, strict=True) if k]
    return RawTable(str(path), frame, rows)


@register_reader(".parquet")
def read_parquet(path: Path) -> RawTable:
    """Read a Parquet file; values are turned into strings like other formats."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for corrupt files
        raise InputFileError(
            f"{path.name} : fichier Parquet illisible ({type(exc).__name__}). "
            f"/ {path.name}: unreadable Parquet file ({type(exc).__name__}).",
            file=str(path),
        ) from None
    frame = _clean_frame(frame)
    return RawTable(str(path), frame, [i + 2 for i in range(len(frame))])


_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")


def parse_number(text: str) -> float | None:
    """Parse a number typed by a person; return None when it is not a number.

    Accepts spaces and non-breaking spaces as thousands separators, a decimal
    comma (``12,5``), and ``1,234.5`` / ``1.234,5`` groupings.
    """
    s = str(text).strip()
    for ch in (" ", *NBSPS, "'"):
        s = s.replace(ch, "")
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
    try:
        value = float(s)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value
