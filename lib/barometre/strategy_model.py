"""The strategy's data model: periods, texts, ambitions, targets, contributions and the strategy."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import StrategyError
from .i18n import both, french_spacing

PERIOD_RE = re.compile(r"^(\d{4})-(\d{4})$")


def fiscal_year_start(period: str) -> int | None:
    """The first calendar year of a well-formed fiscal-year label (``2022-2023`` → 2022), else None."""
    m = PERIOD_RE.match(str(period))
    return int(m.group(1)) if m and int(m.group(2)) == int(m.group(1)) + 1 else None


def earliest_fiscal_start(period: str) -> int | None:
    """The first year of the earliest fiscal year ``period`` may name, else None (no year in it).

    A fiscal year is itself; a text naming years is at the earliest the fiscal year ending in the first of
    them: « 2023 » is 2022-2023 or 2023-2024, so 2022; a date of 2023 falls in 2022-2023 or 2023-2024.
    """
    start = fiscal_year_start(period)
    if start is not None:
        return start
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", str(period))]
    return min(years) - 1 if years else None


# « FY2022-23 », « EF 2022-2023 », « Exercice 2022-2023 », « Année financière 2022-2023 » name a fiscal year too
_FISCAL_WORDS = r"(?:FY|EF|AF|exercice(?:\s+financier)?|ann[ée]e\s+financi[èe]re|fiscal\s+year)\s*:?\s*"
_LOOSE_PERIOD = re.compile(
    rf"^\s*(?:{_FISCAL_WORDS})?(\d{{4}})\s*[-/_ \u2010-\u2015]\s*(\d{{4}}|\d{{2}})\s*$", re.IGNORECASE
)


def normalise_period(value: object) -> str:
    """A fiscal year as the strategies write it: « 2022-23 », « 2022/2023 », « FY2022-23 » → « 2022-2023 ».

    One rule for every input (observation and plan files, collection workbooks): spreadsheets and last
    year's habits write a fiscal year several ways. Anything that is not two consecutive years is
    returned as it came (and then rejected with the strategy's periods).
    """
    text = str(value).strip()
    m = _LOOSE_PERIOD.match(text)
    if not m:
        return text
    first, second = int(m.group(1)), m.group(2)
    end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and end < first:  # 1999-00
        end += 100
    return f"{first}-{first + 1}" if end == first + 1 else text


def period_year(period: str) -> int:
    """Return the first calendar year of a fiscal-year label (``2022-2023`` → 2022)."""
    year = fiscal_year_start(period)
    if year is None:
        raise StrategyError(both("error.strategy.invalid_period", period=period))
    return year


def period_end(period: str) -> dt.date:
    """The last day of a fiscal year (April to March): 2022-2023 → 31 March 2023."""
    return dt.date(period_year(period) + 1, 3, 31)


def fiscal_year_of(day: dt.date) -> str:
    """The fiscal year (April to March) in which ``day`` falls: 31 March 2023 → 2022-2023."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{start + 1}"


@dataclass(frozen=True)
class Text:
    """A French/English pair."""

    fr: str
    en: str

    def __call__(self, lang: str = "fr") -> str:
        """Return the text in ``lang`` (French if the language is unknown).

        French with no-break spaces before « % : ; ! ? » and inside guillemets, as the catalogue writes them: a
        strategy file's plain « plus de 75 % » broke at its line's end, « % » alone on the next line.
        """
        return self.en if lang == "en" else french_spacing(self.fr)


@dataclass(frozen=True)
class Ambition:
    """One ambition of a strategy (a group of targets)."""

    id: str
    title: Text


@dataclass(frozen=True)
class Target:
    """One measurable target (« cible »)."""

    id: str
    ambition: str
    label: Text
    effect: Text
    unit: Text
    numerator: Text
    denominator: Text
    target_value: float | None
    direction: str = "increase"
    aggregation: str = "pooled"
    threshold: float | None = None
    inclusive: bool = True
    illustrative: bool = False
    service_rule: dict[str, Any] | None = None
    short_label: Text | None = None
    # counts of units (services, files): whole numbers in the collection workbook; ``whole_counts: false``
    # for counts that may have decimals (full-time equivalents, hours)
    whole_counts: bool = True

    @property
    def decreases(self) -> bool:
        """Whether the target is one to go down to (``direction: decrease``)."""
        return self.direction == "decrease"

    def short(self, lang: str = "fr") -> str:
        """A short label for tables and slides.

        The target's ``short_label``, else its label; a label over 60 characters is cut after a whole
        word, with « … » (a number keeps its « % »).
        """
        if self.short_label is not None:
            return self.short_label(lang)
        text = self.label(lang).replace(" %", "\u00a0%")
        if len(text) <= 60:
            return text
        cut = text[:59]
        words = cut[: cut.rfind(" ")] if " " in cut.strip() else cut
        return words.rstrip(" ,;:—–-") + "…"

    @property
    def yes_no(self) -> bool:
        """Whether each organisation answers yes or no: a share of organisations counted at 100 % (4.1).

        An organisation counts only when it has it all (an inclusive threshold of 100 %), so where it stands
        below does not count: its answer is yes (it reaches it) or no. The strategy says it, not the data.
        """
        return self.aggregation == "share_of_organisations" and self.inclusive and (self.threshold or 0) >= 1

    def meets_threshold(self, ratio: Any) -> Any:
        """Return whether an organisation's ratio meets the aggregation threshold."""
        if self.inclusive:
            return ratio >= self.threshold
        return ratio > self.threshold


@dataclass(frozen=True)
class Contribution:
    """A group of targets summarised together (e.g. the two barometer contributions)."""

    id: str
    title: Text
    targets: tuple[str, ...]


def rollup_key(key: str, has_contributions: bool) -> str:
    """The catalogue key ``key``, or ``key_ambitions`` for a strategy without contributions.

    Its index is broken down by ambition only: « Indice global et contributions » named parts that do
    not exist.
    """
    return key if has_contributions else f"{key}_ambitions"


@dataclass(frozen=True)
class Strategy:
    """A whole strategy, validated."""

    id: str
    title: Text
    government: Text
    periods: tuple[str, ...]
    baseline_period: str
    deadline_period: str
    deadline_date: str | None
    pace_method: str
    coverage_threshold: float
    ambitions: tuple[Ambition, ...]
    targets: tuple[Target, ...]
    contributions: tuple[Contribution, ...]
    source_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    open_ended: bool = False
    # texts without English (place in French, place in English, French text): English pages show French
    untranslated: tuple[tuple[str, str, str], ...] = ()

    @property
    def first_period(self) -> str:
        """The first period of the strategy (for an open-ended one, its ``from``)."""
        return self.periods[0]

    def accepts_period(self, period: str) -> bool:
        """Whether ``period`` belongs to the strategy.

        A closed strategy accepts its declared periods only; an open-ended one
        (``periods: {from: P}``) accepts every well-formed fiscal year from P on.
        """
        if period in self.periods:
            return True
        if not self.open_ended:
            return False
        year = fiscal_year_start(period)
        return year is not None and year >= period_year(self.first_period)

    def extended_to(self, periods: Any) -> Strategy:
        """The strategy whose period list reaches the latest of ``periods`` it accepts.

        A closed strategy is returned unchanged. An open-ended one gets every fiscal
        year from its first period to the latest accepted period of ``periods``
        (years without data stay in the list, so "the period just before" is always
        the previous fiscal year).
        """
        if not self.open_ended:
            return self
        years = [period_year(p) for p in set(map(str, periods)) if self.accepts_period(p)]
        last = max([period_year(self.periods[-1]), *years])
        first = period_year(self.first_period)
        full = tuple(f"{y}-{y + 1}" for y in range(first, last + 1))
        return self if full == self.periods else replace(self, periods=full)

    @property
    def target_ids(self) -> list[str]:
        """Target ids in strategy order."""
        return [t.id for t in self.targets]

    def target(self, target_id: str) -> Target:
        """Return the target ``target_id`` or raise a :class:`StrategyError` listing valid ids."""
        for tgt in self.targets:
            if tgt.id == str(target_id):
                return tgt
        raise StrategyError(
            both("error.strategy.unknown_target", target=target_id, valid=", ".join(self.target_ids))
        )

    def ambition(self, ambition_id: str | int) -> Ambition:
        """Return the ambition ``ambition_id`` or raise a :class:`StrategyError`."""
        for amb in self.ambitions:
            if amb.id == str(ambition_id):
                return amb
        ids = ", ".join(a.id for a in self.ambitions)
        raise StrategyError(both("error.strategy.unknown_ambition_id", ambition=ambition_id, valid=ids))

    def targets_of(self, ambition_id: str | int) -> list[Target]:
        """Targets that belong to one ambition."""
        return [t for t in self.targets if t.ambition == str(ambition_id)]

    @property
    def has_target_values(self) -> bool:
        """Whether any target has a numeric target value (else no status, pace or gap is computed)."""
        return any(tg.target_value is not None for tg in self.targets)

    def rollup_key(self, key: str) -> str:
        """The catalogue key ``key``, or ``key_ambitions`` for a strategy without contributions."""
        return rollup_key(key, bool(self.contributions))

    def after_deadline(self, period: str) -> bool:
        """Whether ``period`` comes after the deadline (a strategy followed past its end)."""
        return period_year(period) > period_year(self.deadline_period)

    def before_baseline(self, period: str) -> bool:
        """Whether ``period`` comes before the starting period: progress is not measured there."""
        return period_year(period) < period_year(self.baseline_period)

    def no_index_reason(self, period: str) -> str:
        """Why ``period`` has no progress index: ``no_target_values``, ``before_baseline`` or ``no_data``.

        ``no_data``: no target has both a counted starting point and a counted value in the period.
        """
        if not self.has_target_values:
            return "no_target_values"
        return "before_baseline" if self.before_baseline(period) else "no_data"

    def is_baseline(self, period: str) -> bool:
        """Whether ``period`` is the starting period, where each value is its target's starting point.

        Every progress rate is then 0, or 1 for a target already reached.
        """
        return str(period) == self.baseline_period

    def before_deadline(self, period: str) -> bool:
        """Whether ``period`` comes before the deadline.

        Only then does a projection to the deadline say something: at the deadline its value is
        known, later the deadline has passed.
        """
        return period_year(period) < period_year(self.deadline_period)

    @property
    def deadline_day(self) -> dt.date:
        """The day the strategy ends: its ``deadline_date``, else the last day of the deadline's fiscal year.

        Fiscal years run from April to March: 2022-2023 ends on 31 March 2023.
        """
        if self.deadline_date:
            return dt.date.fromisoformat(self.deadline_date)
        return period_end(self.deadline_period)

    def years_to_deadline(self) -> int:
        """Number of fiscal years from the baseline to the deadline."""
        return period_year(self.deadline_period) - period_year(self.baseline_period)
