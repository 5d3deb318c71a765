"""Service inventories → observations, through rules declared in the strategy file.

A *service inventory* has one record per service and period: the period, the
organisation, the service id and any number of fields (counts by channel, yes/no
attributes…). A target of the strategy that carries a ``service_rule`` turns those
records into one observation per organisation and period: the denominator is the
number of service-years that meet every *denominator* condition, the numerator the
number of those that also meet every *numerator* condition. An organisation with no
service-year in a target's denominator gets no observation (missing is not zero).

The rule language and its compiler are in :mod:`.service_rules`; this module reads
the records into service-years, resolves duplicate keys and counts the observations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import StrategyError
from ..i18n import both
from ..strategy_model import Strategy
from .service_rules import (
    COMPARISONS,
    SYMBOLS,
    WHOLE_NUMBER,
    Condition,
    ServiceRule,
    compile_rule,
    norm,
    strategy_rules,
    whole_number,
)

DUPLICATE_POLICIES = ("keep", "first", "drop")
BLANK = "(blank)"
ROWS_SHOWN = 8  # rows listed for an unusable value, then « … »
# A Y/N field (one whose rule values include Y or N) also reads these words, in any case;
# a field whose rule values include NA (not applicable) also reads « N/A » and « N.A. » as NA.
YES_NO_WORDS = {
    **dict.fromkeys(("yes", "oui", "true", "vrai"), "Y"),
    **dict.fromkeys(("no", "non", "false", "faux"), "N"),
}
NA_WORDS = dict.fromkeys(("n/a", "n.a."), "NA")


def yes_no_fields(rules: Mapping[str, ServiceRule]) -> set[str]:
    """The fields the rules read as Y/N codes: a value list that holds ``Y`` or ``N``."""
    return {f for f, v in field_codes(rules).items() if v & {"y", "n"}}


def field_codes(rules: Mapping[str, ServiceRule]) -> dict[str, set[str]]:
    """For each code field of the rules, the codes any rule reads there (normalised, lower case)."""
    codes: dict[str, set[str]] = defaultdict(set)
    for r in rules.values():
        for f, v in r.categorical_fields.items():
            codes[f] |= v
    return dict(codes)


def code_spellings(rules: Mapping[str, ServiceRule]) -> dict[str, dict[str, str]]:
    """For each code field of the rules, the other spellings read as its codes (``yes`` → ``Y``…)."""
    out: dict[str, dict[str, str]] = {}
    for f, vals in field_codes(rules).items():
        words = {**(YES_NO_WORDS if vals & {"y", "n"} else {}), **(NA_WORDS if "na" in vals else {})}
        if words:
            out[f] = words
    return out


def read_codes(values: Mapping[str, str], spellings: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """``values`` with Yes/No, Oui/Non, True/False, Vrai/Faux (any case) written Y/N, N/A written NA."""
    return {f: spellings[f].get(norm(v), v) if f in spellings else v for f, v in values.items()}


@dataclass(frozen=True)
class ServiceRecord:
    """One row of a service inventory, with where it came from."""

    file: str
    row: int
    period: str
    organisation: str
    service_id: str
    values: Mapping[str, str]
    label: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """The (period, organisation, service id) key, normalised."""
        return (self.period, norm(self.organisation), norm(self.service_id))


@dataclass
class Unused:
    """A row that is not used, and why (``reason`` is a catalogue-free code)."""

    file: str
    row: int
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"file": self.file, "row": self.row, "reason": self.reason, "detail": self.detail}


@dataclass
class DuplicateKey:
    """A (period, organisation, service id) key shared by several rows."""

    period: str
    organisation: str
    service_id: str
    rows: list[tuple[str, int, str]]
    identical: bool
    kept: list[int]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "period": self.period,
            "organisation": self.organisation,
            "service_id": self.service_id,
            "rows": [{"file": f, "row": r, "label": lab} for f, r, lab in self.rows],
            "identical": self.identical,
            "rows_kept": self.kept,
        }


def resolve_duplicates(
    records: list[ServiceRecord], policy: str = "keep"
) -> tuple[list[ServiceRecord], list[DuplicateKey], list[Unused]]:
    """Apply the duplicate policy to records that share a (period, organisation, service id) key.

    Exact copies (every field equal) are always counted once. Otherwise ``keep`` keeps
    every differing row as its own service-year, ``first`` keeps the first row of the
    key and ``drop`` uses none of them. Every row not kept is returned as unused.
    """
    if policy not in DUPLICATE_POLICIES:
        raise ValueError(f"unknown duplicate policy {policy!r}")
    groups: dict[tuple[str, str, str], list[ServiceRecord]] = defaultdict(list)
    for rec in records:
        groups[rec.key].append(rec)
    kept_ids: set[int] = set()
    dups: list[DuplicateKey] = []
    unused: list[Unused] = []
    for key, group in groups.items():
        if len(group) == 1:
            kept_ids.add(id(group[0]))
            continue
        seen: dict[tuple, ServiceRecord] = {}
        distinct: list[ServiceRecord] = []
        for rec in group:
            sig = tuple(sorted((k, norm(v)) for k, v in rec.values.items()))
            if sig in seen:
                unused.append(Unused(rec.file, rec.row, "exact_duplicate", f"= {seen[sig].row}"))
            else:
                seen[sig] = rec
                distinct.append(rec)
        if policy == "keep":
            keep = distinct
        elif policy == "first":
            keep = distinct[:1]
        else:
            keep = [] if len(distinct) > 1 else distinct
        for rec in distinct:
            if any(rec is k for k in keep):
                kept_ids.add(id(rec))
            else:
                unused.append(Unused(rec.file, rec.row, f"duplicate_key_{policy}", ""))
        first = group[0]
        dups.append(
            DuplicateKey(
                key[0],
                first.organisation,
                first.service_id,
                [(r.file, r.row, r.label) for r in group],
                len(distinct) == 1,
                [r.row for r in keep],
            )
        )
    return [r for r in records if id(r) in kept_ids], dups, unused


@dataclass
class TargetTally:
    """What one target's rule did with the service-years of one period."""

    rows: int = 0
    denominator: int = 0
    numerator: int = 0
    excluded: Counter = field(default_factory=Counter)
    organisations: set[str] = field(default_factory=set)
    # counted service-years whose count field (telephone_applications…) is unknown: read as 0, by field
    counted_as_zero: Counter = field(default_factory=Counter)
    # the same two, by (organisation, condition or field): exclusions.csv names whose units they are
    excluded_by: Counter = field(default_factory=Counter)
    counted_as_zero_by: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``rows`` = ``denominator`` + every excluded count)."""
        return {
            "rows": self.rows,
            "denominator": self.denominator,
            "numerator": self.numerator,
            "excluded": dict(sorted(self.excluded.items())),
            "counted_as_zero": dict(self.counted_as_zero),
            "organisations_reporting": len(self.organisations),
        }


@dataclass
class InventoryResult:
    """Observations computed from service records, with the tallies behind them."""

    observations: list[dict[str, Any]]
    tallies: dict[str, dict[str, TargetTally]]
    unknown_values: dict[str, dict[str, Counter]]
    rules: dict[str, ServiceRule]
    # The rows (« file:row ») of each unusable value of a code field (Y/N…), by period, field and value.
    unknown_rows: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldWithoutValue:
    """A field an indicator needs that holds no usable value in any row of a file."""

    file: str
    field: str
    targets: tuple[str, ...]
    values: tuple[tuple[str, int], ...]  # what the file holds instead, most frequent first

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "file": self.file,
            "field": self.field,
            "targets": list(self.targets),
            "values": dict(self.values),
        }


def _usable(rules: Mapping[str, ServiceRule]) -> dict[str, Any]:
    """For each field a rule reads, a test of whether a value is usable (a whole number, a listed code)."""
    out: dict[str, Any] = {
        f: (lambda v, vals=frozenset(vals): norm(v) in vals) for f, vals in field_codes(rules).items()
    }
    for r in rules.values():
        for f in r.numeric_fields:
            out[f] = lambda v: whole_number(v) is not None
    return out


def fields_without_value(
    records: Iterable[ServiceRecord], rules: Mapping[str, ServiceRule]
) -> list[FieldWithoutValue]:
    """The fields an indicator's denominator needs that hold no usable value in any row of a file.

    Such a file gives the indicator nothing (« Yes/No » where Y/N is expected, a renamed code): it
    is said with the field, the file and the values found, never a silent zero.
    """
    usable = _usable(rules)
    needs: dict[str, list[str]] = defaultdict(list)
    for tid, rule in rules.items():
        for f in rule.required_fields:
            needs[f].append(tid)
    by_file: dict[str, list[ServiceRecord]] = defaultdict(list)
    for rec in records:
        by_file[rec.file].append(rec)
    out = []
    for file, recs in by_file.items():
        for f, tids in needs.items():
            if not any(usable[f](rec.values.get(f)) for rec in recs):
                seen = Counter(str(rec.values.get(f) or "").strip() or BLANK for rec in recs)
                out.append(FieldWithoutValue(file, f, tuple(tids), tuple(seen.most_common(3))))
    return out


def observations_from_services(
    records: Iterable[ServiceRecord], strategy: Strategy, source: Mapping[str, str] | None = None
) -> InventoryResult:
    """Turn service records into observations (one per period × organisation × target with a rule).

    ``source`` maps a period to the text written in the observations' ``source`` column.
    ``unknown_values`` counts, per period and field, the values a rule cannot use: not a
    whole number for count fields, not one of the rule's values for code fields.
    """
    rules = strategy_rules(strategy)
    if not rules:
        raise StrategyError(both("import.error.no_service_rule", strategy=strategy.id))
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    tallies: dict[str, dict[str, TargetTally]] = {tid: defaultdict(TargetTally) for tid in rules}
    unknown: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    unknown_rows: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    numeric = list(dict.fromkeys(f for r in rules.values() for f in r.numeric_fields))
    categorical = field_codes(rules)
    for rec in records:
        for f in numeric:
            if whole_number(rec.values.get(f)) is None:
                unknown[rec.period][f][str(rec.values.get(f) or "").strip().upper() or BLANK] += 1
        for f, vals in categorical.items():
            if f not in numeric and norm(rec.values.get(f)) not in vals:
                value = str(rec.values.get(f) or "").strip().upper() or BLANK
                unknown[rec.period][f][value] += 1
                unknown_rows[rec.period][f][value].append(f"{rec.file}:{rec.row}")
        for tid, rule in rules.items():
            tally = tallies[tid][rec.period]
            tally.rows += 1
            in_den, in_num, failed = rule.outcome(rec.values)
            if not in_den:
                tally.excluded[failed] += 1
                tally.excluded_by[(rec.organisation, failed)] += 1
                continue
            tally.denominator += 1
            tally.numerator += int(in_num)
            for f in rule.zero_fields:
                if whole_number(rec.values.get(f)) is None:
                    tally.counted_as_zero[f] += 1
                    tally.counted_as_zero_by[(rec.organisation, f)] += 1
            tally.organisations.add(rec.organisation)
            c = counts[(rec.period, rec.organisation, tid)]
            c[0] += int(in_num)
            c[1] += 1
    order_p = {p: i for i, p in enumerate(strategy.periods)}
    order_t = {tid: i for i, tid in enumerate(strategy.target_ids)}
    obs = [
        {
            "period": p,
            "organisation": org,
            "target": tid,
            "numerator": n,
            "denominator": d,
            "source": (source or {}).get(p, ""),
        }
        for (p, org, tid), (n, d) in counts.items()
    ]
    obs.sort(key=lambda o: (order_p.get(o["period"], 999), o["organisation"], order_t[o["target"]]))
    return InventoryResult(
        obs,
        {tid: dict(by_p) for tid, by_p in tallies.items()},
        {p: {f: c for f, c in by_f.items()} for p, by_f in unknown.items()},
        rules,
        {p: {f: dict(v) for f, v in by_f.items()} for p, by_f in unknown_rows.items()},
    )


__all__ = [
    "BLANK",
    "COMPARISONS",
    "DUPLICATE_POLICIES",
    "SYMBOLS",
    "WHOLE_NUMBER",
    "Condition",
    "DuplicateKey",
    "FieldWithoutValue",
    "InventoryResult",
    "ServiceRecord",
    "ServiceRule",
    "TargetTally",
    "Unused",
    "compile_rule",
    "fields_without_value",
    "norm",
    "observations_from_services",
    "code_spellings",
    "read_codes",
    "resolve_duplicates",
    "strategy_rules",
    "whole_number",
    "yes_no_fields",
    "field_codes",
]
