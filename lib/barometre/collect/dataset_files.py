"""The dataset files ingestion adds to and people also write: ``observations.csv`` and ``plans.csv``.

They are read as validation reads them (French or English headers, ``,`` or ``;``, UTF-8 or Windows-1252),
never as plain CSV: an ``observations.csv`` with the documented French headers (« période;organisation;… »)
was read as one column and rewritten with every earlier row in its last cell, and the dataset no longer
loaded. Both files are read before anything is written, so that one that cannot be rewritten whole stops the
ingestion before either changes. A file that was not in the reference form is written back in it (the
brief's English headers, commas, UTF-8), with its lines above the header, and the ingestion says so.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..aliases import apply_aliases
from ..errors import ImportFailure
from ..i18n import both
from ..readers import read_csv

_REFERENCE_ENCODINGS = ("utf-8", "utf-8-sig")


@dataclass
class DatasetFile:
    """A dataset file as read: its rows (string cells), its lines above the header, and its form."""

    path: Path
    frame: pd.DataFrame
    above: list[list[str]]
    reformatted: bool = False  # not in the reference form: written back in it (and said)


def read_dataset_file(path: Path, columns: list[str], kind: str) -> DatasetFile:
    """Read ``path`` (``kind`` ``observations`` or ``plans``) with the reader validation uses.

    The columns listed and missing are added empty. A file that cannot be read raises the reader's
    :class:`~barometre.errors.InputFileError` (file and line named); cells beyond its last named column,
    which writing it back would lose, raise :class:`ImportFailure`.
    """
    if not path.exists():
        return DatasetFile(path, pd.DataFrame({c: pd.Series(dtype=object) for c in columns}), [])
    raw = read_csv(path)  # an unreadable file or two headers for one column: named where, by the reader
    table = apply_aliases(raw, kind)
    if table.extra_cells:
        rows = ", ".join(str(table.rows[i]) for i in sorted(table.extra_cells)[:10])
        raise ImportFailure(both("collect.error.cells_beyond_header", path=path, rows=rows))
    frame = table.frame.astype(object)
    for c in columns:
        if c not in frame.columns:
            frame[c] = ""
    reformatted = (
        list(raw.frame.columns) != list(table.frame.columns)
        or raw.separator != ","
        or raw.encoding not in _REFERENCE_ENCODINGS
    )
    return DatasetFile(path, frame, [line for line in raw.above if "".join(line).strip()], reformatted)


def to_csv(frame: pd.DataFrame, header: bool = True) -> bytes:
    """``frame`` as UTF-8 CSV, commas, one LF at the end of each line."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False, header=header, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8")


def write_dataset_file(file: DatasetFile, frame: pd.DataFrame) -> bool:
    """Write ``frame`` to ``file.path`` (atomically), its lines above the header first; whether it changed."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(file.above)
    data = buf.getvalue().encode("utf-8") + to_csv(frame)
    if file.path.exists() and file.path.read_bytes() == data:
        return False
    tmp = file.path.with_suffix(".csv.tmp")
    tmp.write_bytes(data)
    tmp.replace(file.path)
    return True
