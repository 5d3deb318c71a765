"""Compile the ``service_rule`` of a strategy's targets into conditions that test service records.

The rule language (YAML, under ``service_rule`` of a target)::

    service_rule:
      fields:                       # optional named groups of fields
        channels: [online_applications, postal_mail_applications]
      denominator:                  # a list = every condition must hold
        - whole_number: online_applications
          reason: {fr: ..., en: ...}   # optional: why a record is left out
        - sum: channels
          gt: 0
      numerator:
        - ratio: online_applications
          to_sum_of: channels
          gt: 0.75

Conditions (a *field reference* is a field name, a group name or a list of them):

``whole_number: FIELDS``
    every field holds a whole number (digits, optionally grouped by thousands with
    a space or a comma); anything else (``ND``, ``NA``, blank, ``12.5``) is unknown.
``in: VALUES`` (alias ``all_in``) with ``field``/``fields``
    every field's value is one of ``VALUES``. A field whose values include ``Y`` or ``N``
    also reads Yes/No, Oui/Non, True/False, Vrai/Faux (any case), and one whose values
    include ``NA`` reads « N/A » (the importer rewrites them, :func:`.services.read_codes`).
``any_in: VALUES`` / ``none_in: VALUES`` with ``fields``
    at least one field / no field has one of ``VALUES``.
``sum: FIELDS`` with one comparison
    the sum of the fields that hold whole numbers (unknown ones are skipped).
``ratio: FIELD`` with ``to_sum_of: FIELDS`` and one comparison
    FIELD (a whole number) divided by the sum of the whole-number FIELDS; false when
    FIELD is unknown or the sum is 0.
``all: [...]`` / ``any: [...]`` / ``not: CONDITION``
    combinations.

Comparisons: ``gt``, ``ge``, ``lt``, ``le``, ``eq`` (exactly one). Field names and
values are compared stripped and case-insensitively. A record left out of the
denominator is counted under the first condition it fails (its ``reason``), so every
record is accounted for in every target.
"""

from __future__ import annotations

import math
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import StrategyError
from ..i18n import both, t, texts
from ..strategy_model import Strategy

WHOLE_NUMBER = re.compile(r"^\d+$|^\d{1,3}([ \u00a0\u202f,]\d{3})+$")
COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
    "eq": operator.eq,
}
SYMBOLS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "="}


def norm(value: Any) -> str:
    """Strip and casefold a cell (None → ``""``)."""
    return "" if value is None else str(value).strip().casefold()


def whole_number(value: Any) -> int | None:
    """Return the whole number a cell holds, or None when it is unknown (ND, NA, blank, 12.5…)."""
    text = "" if value is None else str(value).strip()
    if not WHOLE_NUMBER.match(text):
        return None
    return int(re.sub(r"[ \u00a0\u202f,]", "", text))


# --------------------------------------------------------------------------- conditions


@dataclass(frozen=True)
class Condition:
    """One compiled condition of a rule; ``test(record)`` says whether a record meets it."""

    code: str
    test: Callable[[Mapping[str, str]], bool]
    numeric: tuple[str, ...] = ()
    categorical: dict[str, frozenset[str]] = field(default_factory=dict)
    reason: dict[str, str] | None = None
    # Fields that must hold a usable value for a record to meet the condition (whole_number, in, all of).
    required: tuple[str, ...] = ()

    def describe(self, lang: str = "fr") -> str:
        """Why a record that fails this condition is left out, in ``lang``."""
        if self.reason:
            return self.reason.get(lang) or self.reason.get("fr") or self.code
        return t("services.condition_failed", lang, condition=self.code)


@dataclass(frozen=True)
class ServiceRule:
    """The compiled ``service_rule`` of one target."""

    target: str
    denominator: tuple[Condition, ...]
    numerator: tuple[Condition, ...]

    @property
    def numeric_fields(self) -> list[str]:
        """Fields read as counts (whole numbers)."""
        out: list[str] = []
        for c in (*self.denominator, *self.numerator):
            out += [f for f in c.numeric if f not in out]
        return out

    @property
    def categorical_fields(self) -> dict[str, frozenset[str]]:
        """Fields read as codes, with every value the rule mentions for them."""
        out: dict[str, set[str]] = defaultdict(set)
        for c in (*self.denominator, *self.numerator):
            for f, values in c.categorical.items():
                out[f] |= values
        return {f: frozenset(v) for f, v in out.items()}

    @property
    def required_fields(self) -> list[str]:
        """Fields without which no record enters the denominator (each must hold a usable value)."""
        return list(dict.fromkeys(f for c in self.denominator for f in c.required))

    @property
    def zero_fields(self) -> list[str]:
        """Count fields a counted record may leave unknown: a ``sum`` or ``ratio`` reads them as 0."""
        return [f for f in self.numeric_fields if f not in self.required_fields]

    @property
    def fields(self) -> list[str]:
        """Every field the rule reads."""
        return self.numeric_fields + [f for f in self.categorical_fields if f not in self.numeric_fields]

    def outcome(self, record: Mapping[str, str]) -> tuple[bool, bool, str | None]:
        """Return (in denominator, in numerator, code of the first failed denominator condition)."""
        for cond in self.denominator:
            if not cond.test(record):
                return False, False, cond.code
        return True, all(c.test(record) for c in self.numerator), None

    def condition(self, code: str) -> Condition:
        """The denominator condition whose code is ``code``."""
        return next(c for c in self.denominator if c.code == code)


class _Compiler:
    def __init__(self, target: str, groups: Mapping[str, Any]) -> None:
        self.target = target
        self.groups: dict[str, list[str]] = {}
        for name, members in (groups or {}).items():
            if isinstance(members, str):
                members = [members]
            if not isinstance(members, list) or not members:
                self.fail(f"fields.{name}", "fields_list")
            self.groups[norm(name)] = [norm(m) for m in members]

    def fail(self, where: str, problem: str, **values: Any) -> None:
        """Raise the error of this target's rule at ``where``: ``problem`` is an ``import.rule.*`` key."""
        problem_text = texts(f"import.rule.{problem}", **values)
        raise StrategyError(
            both("import.error.service_rule", target=self.target, where=where, problem=problem_text)
        )

    def fields(self, ref: Any, where: str) -> tuple[str, ...]:
        if ref is None or ref == [] or ref == "":
            self.fail(where, "fields_missing")
        items = [ref] if isinstance(ref, str) else ref
        if not isinstance(items, list):
            self.fail(where, "fields_invalid", ref=ref)
        out: list[str] = []
        for item in items:
            name = norm(item)
            for f in self.groups.get(name, [name]):
                if f not in out:
                    out.append(f)
        return tuple(out)

    def comparison(self, raw: Mapping[str, Any], where: str) -> tuple[str, float]:
        ops = [k for k in raw if k in COMPARISONS]
        if len(ops) != 1:
            self.fail(where, "one_comparison", valid=", ".join(COMPARISONS))
        try:
            threshold = float(raw[ops[0]])
        except (TypeError, ValueError):
            threshold = math.nan
        if math.isnan(threshold):
            self.fail(where, "threshold_not_number", value=raw[ops[0]])
        return ops[0], threshold

    def values(self, raw: Any, where: str) -> frozenset[str]:
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            self.fail(where, "values_list")
        if any(isinstance(v, bool) or v is None for v in items):
            # YAML reads yes/no/on/off/true/false and ~ as booleans or null: ask for quotes.
            self.fail(where, "value_boolean", items=items)
        return frozenset(norm(v) for v in items)

    def compile(self, raw: Any, where: str) -> Condition:
        if isinstance(raw, list):
            raw = {"all": raw}
        if not isinstance(raw, dict):
            self.fail(where, "condition_invalid", raw=raw)
        reason = raw.get("reason")
        if isinstance(reason, str):
            reason = {"fr": reason, "en": reason}
        if reason is not None and not isinstance(reason, dict):
            self.fail(where, "reason_text")
        cond = self._compile(raw, where)
        if reason:
            cond = Condition(
                cond.code, cond.test, cond.numeric, cond.categorical, dict(reason), cond.required
            )
        return cond

    def _compile(self, raw: dict, where: str) -> Condition:
        keys = set(raw) - {"reason", "field", "fields", "to_sum_of", *COMPARISONS}
        if len(keys) != 1:
            if keys:
                self.fail(where, "one_operator", found=", ".join(sorted(keys)))
            self.fail(where, "no_operator")
        op = keys.pop()
        arg = raw[op]
        if op == "whole_number":
            fs = self.fields(arg, where)
            return Condition(
                f"whole_number({', '.join(fs)})",
                lambda r, fs=fs: all(whole_number(r.get(f)) is not None for f in fs),
                numeric=fs,
                required=fs,
            )
        if op in ("in", "all_in", "any_in", "none_in"):
            fs = self.fields(raw.get("fields", raw.get("field")), where)
            vals = self.values(arg, where)
            quant = {"in": all, "all_in": all, "any_in": any, "none_in": None}[op]
            if quant is None:

                def test(r: Mapping[str, str], fs=fs, vals=vals) -> bool:
                    return not any(norm(r.get(f)) in vals for f in fs)
            else:

                def test(r: Mapping[str, str], fs=fs, vals=vals, quant=quant) -> bool:
                    return quant(norm(r.get(f)) in vals for f in fs)

            label = "in" if op == "all_in" else op
            code = f"{label}({', '.join(fs)}: {', '.join(sorted(v.upper() for v in vals))})"
            required = fs if quant is all else ()
            return Condition(code, test, categorical={f: vals for f in fs}, required=required)
        if op == "sum":
            fs = self.fields(arg, where)
            cmp, th = self.comparison(raw, where)

            def test_sum(r: Mapping[str, str], fs=fs, cmp=COMPARISONS[cmp], th=th) -> bool:
                return cmp(sum(whole_number(r.get(f)) or 0 for f in fs), th)

            return Condition(f"sum({', '.join(fs)}) {SYMBOLS[cmp]} {th:g}", test_sum, numeric=fs)
        if op == "ratio":
            nums = self.fields(arg, where)
            if len(nums) != 1:
                self.fail(where, "ratio_single")
            num = nums[0]
            den = self.fields(raw.get("to_sum_of"), f"{where}.to_sum_of")
            cmp, th = self.comparison(raw, where)

            def test_ratio(r: Mapping[str, str], num=num, den=den, cmp=COMPARISONS[cmp], th=th) -> bool:
                top = whole_number(r.get(num))
                total = sum(whole_number(r.get(f)) or 0 for f in den)
                return top is not None and total > 0 and cmp(top / total, th)

            numeric = (num, *[f for f in den if f != num])
            code = f"{num} / sum({', '.join(den)}) {SYMBOLS[cmp]} {th:g}"
            return Condition(code, test_ratio, numeric=numeric)
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                self.fail(where, "conditions_list", op=op)
            parts = [self.compile(c, f"{where}.{op}[{i}]") for i, c in enumerate(arg)]
            quant = all if op == "all" else any
            numeric = tuple(dict.fromkeys(f for p in parts for f in p.numeric))
            categorical: dict[str, frozenset[str]] = {}
            for p in parts:
                for f, v in p.categorical.items():
                    categorical[f] = categorical.get(f, frozenset()) | v
            required = tuple(dict.fromkeys(f for p in parts for f in p.required)) if op == "all" else ()
            return Condition(
                f"{op}({'; '.join(p.code for p in parts)})",
                lambda r, parts=parts, quant=quant: quant(p.test(r) for p in parts),
                numeric,
                categorical,
                required=required,
            )
        if op == "not":
            inner = self.compile(arg, f"{where}.not")
            return Condition(
                f"not({inner.code})",
                lambda r, inner=inner: not inner.test(r),
                inner.numeric,
                inner.categorical,
            )
        self.fail(where, "unknown_operator", op=op)
        raise AssertionError  # pragma: no cover - fail() always raises


def compile_rule(target: str, raw: Any) -> ServiceRule:
    """Compile and check the ``service_rule`` mapping of one target."""
    comp = _Compiler(target, {})
    if not isinstance(raw, dict):
        comp.fail("service_rule", "mapping")
    comp = _Compiler(target, raw.get("fields") or {})
    unknown = set(raw) - {"fields", "denominator", "numerator", "description"}
    if unknown:
        comp.fail("service_rule", "unknown_keys", keys=sorted(unknown), n=len(unknown))
    parts = []
    for part in ("denominator", "numerator"):
        conds = raw.get(part)
        if conds is None:
            comp.fail(part, "part_missing")
        if not isinstance(conds, list):
            conds = [conds]
        parts.append(tuple(comp.compile(c, f"{part}[{i}]") for i, c in enumerate(conds)))
    codes = [c.code for c in parts[0]]
    if len(set(codes)) != len(codes):
        comp.fail("denominator", "identical")
    return ServiceRule(target, parts[0], parts[1])


def strategy_rules(strategy: Strategy) -> dict[str, ServiceRule]:
    """The compiled service rules of a strategy's targets (targets without one are left out)."""
    return {tg.id: compile_rule(tg.id, tg.service_rule) for tg in strategy.targets if tg.service_rule}
