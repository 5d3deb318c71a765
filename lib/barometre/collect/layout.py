"""Where things are in a collection workbook, and how column headers typed by people are recognised."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..aliases import COLUMN_ALIASES
from ..paths import file_stem

DATA_SHEETS = {"fr": "Données", "en": "Data"}  # the data sheet's name in a workbook of each language
INSTRUCTIONS_SHEET = "Instructions"
# A workbook's and the blank CSV's file names in each language (« collection-MFSN-2023-2024.xlsx » in English).
_WORKBOOK_WORD = {"fr": "collecte", "en": "collection"}
_CSV_NAME = {"fr": "modele-collecte-{period}.csv", "en": "collection-template-{period}.csv"}
# Header block of the data sheet (label in column A, value in column B).
CODE_ROW, NAME_ROW, PERIOD_ROW = 2, 3, 4
HEADER_ROW = 6
FIRST_DATA_ROW = 7
SCAN_COLUMNS = 40  # the columns of a returned sheet looked at (its header, what is typed beside it)
# Columns of the data table, in template order (1-based column numbers).
TABLE_COLUMNS = ("target", "label", "numerator", "denominator", "note")
COLUMN_KEYS = {
    "target": "collect.tpl.col.target",
    "label": "collect.tpl.col.label",
    "numerator": "collect.tpl.col.numerator",
    "denominator": "collect.tpl.col.denominator",
    "note": "collect.tpl.col.note",
    "organisation": "collect.q.col.organisation",
    "period": "collect.tpl.label.period",
}
# Columns of the blank CSV template (same table, plus organisation and period on every row).
CSV_COLUMNS = ("organisation", "period", *TABLE_COLUMNS)


# Header aliases, compared after :func:`normalise_header` (no accents, no punctuation, lowercase).
HEADER_ALIASES = {
    "target": {"cible", "target", "idcible", "cibleid", "targetid", "nodecible", "numerodecible"},
    "label": {"libelledelacible", "libelle", "label", "targetlabel", "intitule"},
    "numerator": {"numerateur", "numerator", "num"},
    "denominator": {"denominateur", "denominator", "den", "denom"},
    "note": {"commentaire", "commentaires", "comment", "comments", "note", "notes", "remarque", "remarques"},
    "organisation": {
        "organisation",
        "organization",
        "codedelorganisation",
        "organisationcode",
        "org",
        "code",
    },
    "period": {"periode", "period", "exercice", "fiscalyear"},
    "source": {"source"},
}
LABEL_ALIASES = {
    "code": {"codedelorganisation", "organisationcode", "organizationcode", "codeorganisation"},
    "name": {"nomdelorganisation", "organisationname", "organizationname", "nomorganisation"},
    "period": {"periode", "period", "exercice", "fiscalyear"},
}
DATA_SHEET_NAMES = {"donnees", "data"}


def normalise_header(text: object) -> str:
    """``« Numérateur » `` → ``numerateur``: lowercase, accents and punctuation removed."""
    s = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", s.lower())


# The dataset files' own aliases (« Organisme », « Ministère ou organisme »: barometre.aliases) name the same
# columns in a returned workbook: one vocabulary, not two that drift apart.
for _alias, _canon in COLUMN_ALIASES["observations"].items():
    HEADER_ALIASES.setdefault(_canon, set()).add(normalise_header(_alias))


def canonical_column(text: object) -> str | None:
    """The canonical column a header stands for (``target``, ``numerator``…), or None."""
    key = normalise_header(text)
    for name, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return name
    return None


def label_kind(text: object) -> str | None:
    """Which header-block label a cell holds (``code``, ``name``, ``period``), or None."""
    key = normalise_header(text)
    for name, aliases in LABEL_ALIASES.items():
        if key in aliases:
            return name
    return None


def workbook_name(code: str, period: str, lang: str = "fr") -> str:
    """File name of an organisation's collection workbook in ``lang`` (carries code and period)."""
    return f"{_WORKBOOK_WORD[lang]}-{file_stem(code)}-{period}.xlsx"


def named_code(stem: str, codes: Iterable[str]) -> str:
    """The code of ``codes`` a workbook's name (:func:`workbook_name`, without suffix) is for, else ""."""
    found = re.match(r"(?:collecte|collection)-(.+)-\d{4}-\d{4}", stem, re.IGNORECASE)
    stems = {file_stem(c).upper(): str(c) for c in codes}
    return stems.get(found.group(1).upper(), "") if found else ""


def csv_template_name(period: str, lang: str = "fr") -> str:
    """File name of the blank CSV template in ``lang``."""
    return _CSV_NAME[lang].format(period=period)
