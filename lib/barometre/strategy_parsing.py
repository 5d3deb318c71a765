"""Check a strategy mapping (as read from YAML) and build its :class:`.Strategy`."""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from .errors import StrategyError
from .i18n import both, texts
from .strategy_model import (
    Ambition,
    Contribution,
    Strategy,
    Target,
    Text,
    fiscal_year_of,
    period_end,
    period_year,
)

AGGREGATIONS = ("pooled", "share_of_organisations")
DIRECTIONS = ("increase", "decrease")
PACE_METHODS = ("linear", "cagr")
STRATEGY_KEYS = ("id", "title", "government", "periods", "baseline_period", "deadline_period", "deadline_date",
                 "pace_method", "coverage_threshold", "ambitions", "targets", "contributions")  # fmt: skip
TARGET_KEYS = ("id", "ambition", "label", "short_label", "effect", "unit", "numerator", "denominator",
               "target_value", "direction", "aggregation", "illustrative", "service_rule", "whole_counts")  # fmt: skip
AGGREGATION_KEYS = ("method", "threshold", "inclusive")


# a place in the file; per language when it names a part (« cible S2 » / "target S2")
Where = str | dict[str, str]


def _at(where: Where, fr: str, en: str) -> dict[str, str]:
    """``where`` followed by a part of the file, in each language: « x.yaml, cible S2 », "x.yaml, target S2"."""
    base = where if isinstance(where, dict) else {"fr": where, "en": where}
    return {"fr": f"{base['fr']}, {fr}", "en": f"{base['en']}, {en}"}


# the places whose text has no English (``en``) while the file is read: English pages show the French
_UNTRANSLATED: ContextVar[list[tuple[str, str, str]] | None] = ContextVar("untranslated", default=None)


def _text(raw: Any, where: Where, required: bool = True, key: str = "") -> Text:
    """A French/English text of the file at ``where`` (its ``key``, named when it has no French)."""
    if raw is None and not required:
        return Text("", "")
    if isinstance(raw, str):
        return Text(raw, raw)
    if not isinstance(raw, dict) or "fr" not in raw:  # « cible 1.2 » alone did not say which of its texts
        place = _at(where, f"clé «\u00a0{key}\u00a0»", f"key '{key}'") if key else where
        raise StrategyError(both("error.strategy.text_needs_fr", where=place))
    _text_keys(raw, where, key)
    found = _UNTRANSLATED.get()
    if not raw.get("en") and found is not None:  # (place in French, in English, the French text)
        place = where if isinstance(where, dict) else {"fr": where, "en": where}
        found.append((place["fr"], place["en"], str(raw["fr"])))
    return Text(str(raw["fr"]), str(raw.get("en") or raw["fr"]))


def _text_keys(raw: dict, where: Where, key: str) -> None:
    """Refuse a key of a text other than fr and en: one that cut it, a near miss (« eng »), any other.

    « {fr: 1 si l'audit a été réalisé, sinon 0} » reads « sinon 0 » as a key without a value: the pages showed
    « 1 si l'audit a été réalisé. » and no word was said.
    """
    place = _at(where, f"clé «\u00a0{key}\u00a0»", f"key '{key}'") if key else where
    for name, value in raw.items():  # « {fr: Taux de réussite, 2023} »: a key 2023, not a text
        if name not in ("fr", "en") and value is None:
            raise StrategyError(both("error.strategy.text_cut", where=place, field=str(name)))
    _misspelt_keys(raw, ("fr", "en"), place)
    # « {fr: dossier traité, soit : fermé ou refusé} »: a key « soit » with a value, the text cut all the same
    if extra := [str(k) for k in raw if k not in ("fr", "en")]:
        raise StrategyError(both("error.strategy.text_extra", where=place, field=extra[0]))


def _misspelt_keys(raw: dict, known: tuple[str, ...], where: Where, elsewhere: tuple[str, ...] = ()) -> None:
    """Refuse a key that is a near miss of a key read here, or one read only elsewhere in the file.

    « direcion », « target_valeu », a target's own « baseline_period » were ignored in silence: a target to
    bring down read as one to raise, a target value lost, every status changed. Other keys (a note of the file's authors) are kept as they are, unread; a text's keys are checked by :func:`_text_keys`.
    """
    import difflib

    for key in map(str, raw):
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.8)
        if close or key in elsewhere:
            hint = texts("error.strategy.misspelt_hint", known=close[0]) if close else ""
            raise StrategyError(both("error.strategy.misspelt_key", where=where, field=key, hint=hint,
                                     valid=", ".join(known)))  # fmt: skip


def _require(raw: dict, key: str, where: Where) -> Any:
    if key not in raw or raw[key] is None:
        raise StrategyError(both("error.strategy.key_missing", where=where, field=key))
    return raw[key]


def _mapping(raw: Any, where: Where) -> dict:
    if not isinstance(raw, dict):
        raise StrategyError(both("error.strategy.mapping_expected", where=where, raw=raw))
    return raw


def _list(raw: dict, key: str, where: Where, required: bool = True) -> list:
    value = _require(raw, key, where) if required else (raw.get(key) or [])
    if not isinstance(value, list):
        raise StrategyError(both("error.strategy.list_expected", where=where, field=key))
    return value


def _proportion(value: Any, key: str, where: Where) -> float:
    """A number in [0, 1] (booleans and text are refused)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    if not ok:
        raise StrategyError(both("error.strategy.proportion_expected", where=where, field=key, value=value))
    return float(value)


def _flag(raw: dict, key: str, default: bool, where: Where) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise StrategyError(both("error.strategy.flag_expected", where=where, field=key, value=value))
    return value


def _parse_target(raw: dict, ambitions: set[str], where: Where) -> Target:
    raw = _mapping(raw, _at(where, "cible", "target"))
    tid = str(_require(raw, "id", where))
    where = _at(where, f"cible {tid}", f"target {tid}")
    _misspelt_keys(raw, TARGET_KEYS, where, elsewhere=STRATEGY_KEYS + AGGREGATION_KEYS)
    amb = str(_require(raw, "ambition", where))
    if amb not in ambitions:
        valid = ", ".join(sorted(ambitions))
        raise StrategyError(both("error.strategy.unknown_ambition", where=where, ambition=amb, valid=valid))
    tv = raw.get("target_value")
    if tv is not None:
        tv = _proportion(tv, "target_value", where)
    direction = str(raw.get("direction", "increase"))
    if direction not in DIRECTIONS:
        valid = ", ".join(DIRECTIONS)
        raise StrategyError(
            both("error.strategy.unknown_direction", where=where, direction=direction, valid=valid)
        )
    agg = raw.get("aggregation") or {"method": "pooled"}
    if isinstance(agg, str):
        agg = {"method": agg}
    agg = _mapping(agg, _at(where, "agrégation", "aggregation"))
    _misspelt_keys(agg, AGGREGATION_KEYS, _at(where, "agrégation", "aggregation"), elsewhere=TARGET_KEYS)
    method = str(agg.get("method", "pooled"))
    if method not in AGGREGATIONS:
        valid = ", ".join(AGGREGATIONS)
        raise StrategyError(
            both("error.strategy.unknown_aggregation", where=where, method=method, valid=valid)
        )
    threshold = agg.get("threshold")
    if method == "share_of_organisations":
        if threshold is None:
            raise StrategyError(both("error.strategy.threshold_needed", where=where))
        threshold = _proportion(threshold, "threshold", where)
    return Target(
        id=tid,
        ambition=amb,
        label=_text(_require(raw, "label", where), where, key="label"),
        effect=_text(raw.get("effect"), where, required=False, key="effect"),
        unit=_text(raw.get("unit"), where, required=False, key="unit"),
        numerator=_text(raw.get("numerator"), where, required=False, key="numerator"),
        denominator=_text(raw.get("denominator"), where, required=False, key="denominator"),
        target_value=tv,
        direction=direction,
        aggregation=method,
        threshold=threshold,
        inclusive=_flag(agg, "inclusive", True, where),
        illustrative=_flag(raw, "illustrative", False, where),
        service_rule=raw.get("service_rule"),
        short_label=_text(raw["short_label"], where, key="short_label") if raw.get("short_label") else None,
        whole_counts=_flag(raw, "whole_counts", True, where),
    )


def parse_strategy(raw: Any, source: str = "<strategy>") -> Strategy:
    """Validate a strategy mapping (as read from YAML) and return a :class:`Strategy`.

    Every problem raises a :class:`StrategyError` with a French/English message.
    """
    found: list[tuple[str, str, str]] = []
    token = _UNTRANSLATED.set(found)
    try:
        strategy = _parse_strategy(raw, source)
        return replace(strategy, untranslated=tuple(dict.fromkeys(found))) if found else strategy
    except StrategyError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a shape no check foresaw
        raise StrategyError(
            both("error.strategy.invalid_structure", where=source, kind=type(exc).__name__, reason=exc)
        ) from None
    finally:
        _UNTRANSLATED.reset(token)


def _year(period: Any, key: str, where: Where) -> int:
    """The first year of ``period``, found under ``key``; a period not written AAAA-AAAA names the file and key."""
    try:
        return period_year(str(period))
    except StrategyError:
        raise StrategyError(
            both("error.strategy.invalid_period_at", where=where, field=key, period=period)
        ) from None


def _deadline_date(raw: dict, deadline: str, where: str) -> str | None:
    """``deadline_date`` as an ISO date; it must fall in the fiscal year ``deadline_period`` names.

    The key was read and never used: a file with ``deadline_period: 2022-2023`` and ``deadline_date:
    2024-03-31`` gave no sign that one of the two is wrong. The reports write the deadline with its day.
    """
    value = raw.get("deadline_date")
    if value is None or value == "":
        return None
    try:  # YAML reads 2023-03-31 as a date; quoted, it is text
        if isinstance(value, dt.datetime):  # « 2023-03-31 00:00:00 »: YAML's timestamp, its day is meant
            value = value.date()
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise StrategyError(both("error.strategy.deadline_date_invalid", where=where, value=value)) from None
    start, end = dt.date(period_year(deadline), 4, 1), period_end(deadline)
    if not start <= day <= end:
        raise StrategyError(both("error.strategy.deadline_date_mismatch", where=where, date=day.isoformat(),
                                 fiscal=fiscal_year_of(day), deadline=deadline, start=start.isoformat(),
                                 end=end.isoformat()))  # fmt: skip
    return day.isoformat()


def _periods(raw: dict, where: str) -> tuple[tuple[str, ...], bool]:
    """The declared periods, and whether the list is open-ended.

    ``periods: [P1, P2, …]`` is a closed list. ``periods: {from: P}`` is open-ended:
    every fiscal year from P on belongs to the strategy, the list is extended to the
    latest year of the data (:meth:`Strategy.extended_to`); before any data it runs
    from P to the later of the baseline and deadline periods.
    """
    value = _require(raw, "periods", where)
    if isinstance(value, dict):
        unknown = sorted(set(map(str, value)) - {"from"})
        if "from" not in value or unknown:
            keys = ", ".join(unknown)
            raise StrategyError(
                both(
                    "error.strategy.periods_shape",
                    where=where,
                    unknown=texts("error.strategy.periods_unknown_key", keys=keys) if unknown else "",
                )
            )
        first = _year(value["from"], "periods.from", where)
        ends = [first]
        for key in ("baseline_period", "deadline_period"):
            if raw.get(key) is not None:
                ends.append(_year(raw[key], key, where))
        return tuple(f"{y}-{y + 1}" for y in range(first, max(ends) + 1)), True
    return tuple(str(p) for p in _list(raw, "periods", where)), False


def _parse_strategy(raw: Any, source: str) -> Strategy:
    where = source
    if not isinstance(raw, dict):
        raise StrategyError(both("error.strategy.mapping_file", where=where))
    sid = str(_require(raw, "id", where))
    _misspelt_keys(raw, STRATEGY_KEYS, where, elsewhere=TARGET_KEYS + AGGREGATION_KEYS)
    periods, open_ended = _periods(raw, where)
    for p in periods:
        _year(p, "periods", where)
    if list(periods) != sorted(periods, key=period_year) or len(set(periods)) != len(periods):
        raise StrategyError(both("error.strategy.periods_order", where=where))
    baseline = str(_require(raw, "baseline_period", where))
    deadline = str(_require(raw, "deadline_period", where))
    for name, p in (("baseline_period", baseline), ("deadline_period", deadline)):
        _year(p, name, where)
        if p not in periods:
            raise StrategyError(both("error.strategy.period_not_declared", where=where, name=name, period=p))
    if period_year(deadline) <= period_year(baseline):
        raise StrategyError(both("error.strategy.deadline_order", where=where))
    pace = str(raw.get("pace_method", "linear"))
    if pace not in PACE_METHODS:
        raise StrategyError(
            both("error.strategy.unknown_pace", where=where, pace=pace, valid=", ".join(PACE_METHODS))
        )
    ambitions = []
    for a in _list(raw, "ambitions", where):
        a = _mapping(a, _at(where, "ambition", "ambition"))
        aid = str(_require(a, "id", _at(where, "ambition", "ambition")))
        ambitions.append(
            Ambition(
                aid,
                _text(
                    _require(a, "title", where), _at(where, f"ambition {aid}", f"ambition {aid}"), key="title"
                ),
            )
        )
    amb_ids = [a.id for a in ambitions]
    if len(set(amb_ids)) != len(amb_ids):
        raise StrategyError(both("error.strategy.duplicate_ambition", where=where))
    targets = [_parse_target(target, set(amb_ids), where) for target in _list(raw, "targets", where)]
    if not targets:
        raise StrategyError(both("error.strategy.no_target", where=where))
    ids = [target.id for target in targets]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise StrategyError(both("error.strategy.duplicate_target", where=where, ids=", ".join(dupes)))
    # an ambition no target names (its target moved under another id): its page said « 0 cible »
    empty = [a for a in amb_ids if a not in {target.ambition for target in targets}]
    if empty:
        raise StrategyError(
            both("error.strategy.empty_ambition", where=where, ids=", ".join(empty), n=len(empty))
        )
    contributions = []
    for c in _list(raw, "contributions", where, required=False):
        c = _mapping(c, _at(where, "contribution", "contribution"))
        cid = str(_require(c, "id", _at(where, "contribution", "contribution")))
        if cid in {x.id for x in contributions}:
            raise StrategyError(both("error.strategy.duplicate_contribution", where=where, id=cid))
        members = tuple(
            str(x) for x in _list(c, "targets", _at(where, f"contribution {cid}", f"contribution {cid}"))
        )
        if not members:  # its index, the mean progress of no target, was never a figure
            raise StrategyError(both("error.strategy.empty_contribution", where=where, id=cid))
        unknown = [m for m in members if m not in ids]
        if unknown:
            raise StrategyError(
                both(
                    "error.strategy.contribution_unknown_target",
                    where=where,
                    id=cid,
                    targets=", ".join(unknown),
                )
            )
        contributions.append(
            Contribution(
                cid,
                _text(
                    _require(c, "title", where),
                    _at(where, f"contribution {cid}", f"contribution {cid}"),
                    key="title",
                ),
                members,
            )
        )
    cov = _proportion(raw.get("coverage_threshold", 0.5), "coverage_threshold", where)
    known = set(STRATEGY_KEYS)
    return Strategy(
        id=sid,
        title=_text(_require(raw, "title", where), where, key="title"),
        government=_text(raw.get("government") or "", where, required=False, key="government"),
        periods=periods,
        baseline_period=baseline,
        deadline_period=deadline,
        deadline_date=_deadline_date(raw, deadline, where),
        pace_method=pace,
        coverage_threshold=cov,
        ambitions=tuple(ambitions),
        targets=tuple(targets),
        contributions=tuple(contributions),
        source_path=source,
        extra={k: v for k, v in raw.items() if k not in known},
        open_ended=open_ended,
    )
