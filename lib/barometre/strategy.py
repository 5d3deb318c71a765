"""Strategies as data: load, validate and look up the bundled YAML strategies.

A strategy (ambitions, targets, contributions, periods, methodology options) is a
YAML file. The bundled ones live in ``barometre/strategies/<id>.yaml``; any other
file can be loaded by path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import yaml_text
from .errors import StrategyError

PERIOD_RE = re.compile(r"^(\d{4})-(\d{4})$")
AGGREGATIONS = ("pooled", "share_of_organisations")
DIRECTIONS = ("increase", "decrease")
PACE_METHODS = ("linear", "cagr")


def period_year(period: str) -> int:
    """Return the first calendar year of a fiscal-year label (``2022-2023`` → 2022)."""
    m = PERIOD_RE.match(str(period))
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        raise StrategyError(
            f"Période « {period} » invalide : une période s'écrit AAAA-AAAA (ex. 2022-2023). "
            f"/ Invalid period '{period}': write it as YYYY-YYYY (e.g. 2022-2023)."
        )
    return int(m.group(1))


@dataclass(frozen=True)
class Text:
    """A French/English pair."""

    fr: str
    en: str

    def __call__(self, lang: str = "fr") -> str:
        """Return the text in ``lang`` (French if the language is unknown)."""
        return self.en if lang == "en" else self.fr


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

    def short(self, lang: str = "fr") -> str:
        """A short label for tables and slides (``short_label``, else the label cut at 60 characters)."""
        if self.short_label is not None:
            return self.short_label(lang)
        text = self.label(lang)
        return text if len(text) <= 60 else text[:59].rstrip() + "…"

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
        m = PERIOD_RE.match(str(period))
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            return False
        return int(m.group(1)) >= period_year(self.first_period)

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
            f"Cible inconnue « {target_id} » ; cibles de la stratégie : {', '.join(self.target_ids)}. "
            f"/ Unknown target '{target_id}'; targets: {', '.join(self.target_ids)}."
        )

    def ambition(self, ambition_id: str | int) -> Ambition:
        """Return the ambition ``ambition_id`` or raise a :class:`StrategyError`."""
        for amb in self.ambitions:
            if amb.id == str(ambition_id):
                return amb
        ids = ", ".join(a.id for a in self.ambitions)
        raise StrategyError(
            f"Ambition inconnue « {ambition_id} » ; ambitions : {ids}. "
            f"/ Unknown ambition '{ambition_id}'; ambitions: {ids}."
        )

    def targets_of(self, ambition_id: str | int) -> list[Target]:
        """Targets that belong to one ambition."""
        return [t for t in self.targets if t.ambition == str(ambition_id)]

    def years_to_deadline(self) -> int:
        """Number of fiscal years from the baseline to the deadline."""
        return period_year(self.deadline_period) - period_year(self.baseline_period)


def _text(raw: Any, where: str, required: bool = True) -> Text:
    if raw is None and not required:
        return Text("", "")
    if isinstance(raw, str):
        return Text(raw, raw)
    if not isinstance(raw, dict) or "fr" not in raw:
        raise StrategyError(
            f"{where} : un texte doit avoir au moins une version française (clé fr). "
            f"/ {where}: a text needs at least a French version (key fr)."
        )
    return Text(str(raw["fr"]), str(raw.get("en") or raw["fr"]))


def _require(raw: dict, key: str, where: str) -> Any:
    if key not in raw or raw[key] is None:
        raise StrategyError(
            f"{where} : la clé obligatoire « {key} » est absente. / {where}: required key '{key}' is missing."
        )
    return raw[key]


def _mapping(raw: Any, where: str) -> dict:
    if not isinstance(raw, dict):
        raise StrategyError(
            f"{where} : un dictionnaire (clé: valeur) est attendu, pas {raw!r}. "
            f"/ {where}: a mapping (key: value) is expected, not {raw!r}."
        )
    return raw


def _list(raw: dict, key: str, where: str, required: bool = True) -> list:
    value = _require(raw, key, where) if required else (raw.get(key) or [])
    if not isinstance(value, list):
        raise StrategyError(f"{where} : « {key} » doit être une liste. / {where}: '{key}' must be a list.")
    return value


def _proportion(value: Any, key: str, where: str) -> float:
    """A number in [0, 1] (booleans and text are refused)."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1
    if not ok:
        raise StrategyError(
            f"{where} : {key} = {value!r} doit être une proportion entre 0 et 1. "
            f"/ {where}: {key} = {value!r} must be a proportion between 0 and 1."
        )
    return float(value)


def _flag(raw: dict, key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise StrategyError(
            f"{where} : {key} = {value!r} doit valoir true ou false. "
            f"/ {where}: {key} = {value!r} must be true or false."
        )
    return value


def _parse_target(raw: dict, ambitions: set[str], where: str) -> Target:
    raw = _mapping(raw, f"{where}, cible")
    tid = str(_require(raw, "id", where))
    where = f"{where}, cible {tid}"
    amb = str(_require(raw, "ambition", where))
    if amb not in ambitions:
        raise StrategyError(
            f"{where} : ambition inconnue « {amb} » (ambitions déclarées : {', '.join(sorted(ambitions))}). "
            f"/ {where}: unknown ambition '{amb}'."
        )
    tv = raw.get("target_value")
    if tv is not None:
        tv = _proportion(tv, "target_value", where)
    direction = str(raw.get("direction", "increase"))
    if direction not in DIRECTIONS:
        raise StrategyError(
            f"{where} : sens « {direction} » inconnu ({', '.join(DIRECTIONS)}). "
            f"/ {where}: unknown direction '{direction}'."
        )
    agg = raw.get("aggregation") or {"method": "pooled"}
    if isinstance(agg, str):
        agg = {"method": agg}
    agg = _mapping(agg, f"{where}, aggregation")
    method = str(agg.get("method", "pooled"))
    if method not in AGGREGATIONS:
        raise StrategyError(
            f"{where} : agrégation « {method} » inconnue ({', '.join(AGGREGATIONS)}). "
            f"/ {where}: unknown aggregation '{method}'."
        )
    threshold = agg.get("threshold")
    if method == "share_of_organisations":
        if threshold is None:
            raise StrategyError(
                f"{where} : l'agrégation share_of_organisations exige un seuil (threshold). "
                f"/ {where}: share_of_organisations needs a threshold."
            )
        threshold = _proportion(threshold, "threshold", where)
    return Target(
        id=tid,
        ambition=amb,
        label=_text(_require(raw, "label", where), where),
        effect=_text(raw.get("effect"), where, required=False),
        unit=_text(raw.get("unit"), where, required=False),
        numerator=_text(raw.get("numerator"), where, required=False),
        denominator=_text(raw.get("denominator"), where, required=False),
        target_value=tv,
        direction=direction,
        aggregation=method,
        threshold=threshold,
        inclusive=_flag(agg, "inclusive", True, where),
        illustrative=_flag(raw, "illustrative", False, where),
        service_rule=raw.get("service_rule"),
        short_label=_text(raw["short_label"], where) if raw.get("short_label") else None,
    )


def parse_strategy(raw: Any, source: str = "<strategy>") -> Strategy:
    """Validate a strategy mapping (as read from YAML) and return a :class:`Strategy`.

    Every problem raises a :class:`StrategyError` with a French/English message.
    """
    try:
        return _parse_strategy(raw, source)
    except StrategyError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError) as exc:  # a shape no check foresaw
        raise StrategyError(
            f"{source} : structure de stratégie invalide ({type(exc).__name__} : {exc}). "
            f"/ {source}: invalid strategy structure ({type(exc).__name__}: {exc})."
        ) from None


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
            raise StrategyError(
                f"{where} : « periods » s'écrit soit comme une liste, soit {{from: AAAA-AAAA}} "
                f"(période ouverte){' ; clé inconnue : ' + ', '.join(unknown) if unknown else ''}. "
                f"/ {where}: 'periods' is either a list or {{from: YYYY-YYYY}} (open-ended)"
                f"{'; unknown key: ' + ', '.join(unknown) if unknown else ''}."
            )
        first = period_year(str(value["from"]))
        ends = [first]
        for key in ("baseline_period", "deadline_period"):
            if raw.get(key) is not None:
                ends.append(period_year(str(raw[key])))
        return tuple(f"{y}-{y + 1}" for y in range(first, max(ends) + 1)), True
    return tuple(str(p) for p in _list(raw, "periods", where)), False


def _parse_strategy(raw: Any, source: str) -> Strategy:
    where = source
    if not isinstance(raw, dict):
        raise StrategyError(
            f"{where} : le fichier de stratégie doit être un dictionnaire YAML. "
            f"/ {where}: a strategy file must be a YAML mapping."
        )
    sid = str(_require(raw, "id", where))
    periods, open_ended = _periods(raw, where)
    for p in periods:
        period_year(p)
    if list(periods) != sorted(periods, key=period_year) or len(set(periods)) != len(periods):
        raise StrategyError(
            f"{where} : les périodes doivent être uniques et en ordre chronologique. "
            f"/ {where}: periods must be unique and in chronological order."
        )
    baseline = str(_require(raw, "baseline_period", where))
    deadline = str(_require(raw, "deadline_period", where))
    for name, p in (("baseline_period", baseline), ("deadline_period", deadline)):
        period_year(p)
        if p not in periods:
            raise StrategyError(
                f"{where} : {name} « {p} » ne fait pas partie des périodes déclarées. "
                f"/ {where}: {name} '{p}' is not one of the declared periods."
            )
    if period_year(deadline) <= period_year(baseline):
        raise StrategyError(
            f"{where} : l'échéance doit suivre la période de référence. "
            f"/ {where}: the deadline must come after the baseline."
        )
    pace = str(raw.get("pace_method", "linear"))
    if pace not in PACE_METHODS:
        raise StrategyError(
            f"{where} : méthode de rythme « {pace} » inconnue ({', '.join(PACE_METHODS)}). "
            f"/ {where}: unknown pace method '{pace}'."
        )
    ambitions = []
    for a in _list(raw, "ambitions", where):
        a = _mapping(a, f"{where}, ambition")
        aid = str(_require(a, "id", f"{where}, ambition"))
        ambitions.append(Ambition(aid, _text(_require(a, "title", where), where)))
    amb_ids = [a.id for a in ambitions]
    if len(set(amb_ids)) != len(amb_ids):
        raise StrategyError(f"{where} : identifiant d'ambition en double. / {where}: duplicate ambition id.")
    targets = [_parse_target(t, set(amb_ids), where) for t in _list(raw, "targets", where)]
    if not targets:
        raise StrategyError(f"{where} : aucune cible déclarée. / {where}: no target declared.")
    ids = [t.id for t in targets]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise StrategyError(
            f"{where} : identifiant de cible en double : {', '.join(dupes)}. "
            f"/ {where}: duplicate target id: {', '.join(dupes)}."
        )
    contributions = []
    for c in _list(raw, "contributions", where, required=False):
        c = _mapping(c, f"{where}, contribution")
        cid = str(_require(c, "id", f"{where}, contribution"))
        if cid in {x.id for x in contributions}:
            raise StrategyError(
                f"{where} : identifiant de contribution en double : {cid}. "
                f"/ {where}: duplicate contribution id: {cid}."
            )
        members = tuple(str(x) for x in _list(c, "targets", f"{where}, contribution {cid}"))
        unknown = [m for m in members if m not in ids]
        if unknown:
            raise StrategyError(
                f"{where}, contribution {cid} : cible inconnue {', '.join(unknown)}. "
                f"/ {where}, contribution {cid}: unknown target {', '.join(unknown)}."
            )
        contributions.append(Contribution(cid, _text(_require(c, "title", where), where), members))
    cov = _proportion(raw.get("coverage_threshold", 0.5), "coverage_threshold", where)
    known = {
        "id", "title", "government", "periods", "baseline_period", "deadline_period",
        "deadline_date", "pace_method", "coverage_threshold", "ambitions", "targets",
        "contributions",
    }  # fmt: skip
    return Strategy(
        id=sid,
        title=_text(_require(raw, "title", where), where),
        government=_text(raw.get("government") or "", where, required=False),
        periods=periods,
        baseline_period=baseline,
        deadline_period=deadline,
        deadline_date=str(raw["deadline_date"]) if raw.get("deadline_date") else None,
        pace_method=pace,
        coverage_threshold=cov,
        ambitions=tuple(ambitions),
        targets=tuple(targets),
        contributions=tuple(contributions),
        source_path=source,
        extra={k: v for k, v in raw.items() if k not in known},
        open_ended=open_ended,
    )


def bundled_strategies() -> list[str]:
    """Ids of the strategies shipped with the package."""
    folder = resources.files("barometre").joinpath("strategies")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read_yaml(path: Path) -> Any:
    try:
        return yaml_text.load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StrategyError(
            f"Impossible de lire la stratégie {path} : {exc.strerror}. "
            f"/ Cannot read strategy {path}: {exc.strerror}."
        ) from None
    except yaml.YAMLError as exc:
        raise StrategyError(
            f"{path} n'est pas un YAML valide : {exc}. / {path} is not valid YAML: {exc}."
        ) from None


@lru_cache(maxsize=32)
def _load_cached(key: str, mtime_ns: int = 0) -> Strategy:
    """Parse once per file and modification time (an edited file is read again)."""
    if key in bundled_strategies():
        path = Path(str(resources.files("barometre").joinpath(f"strategies/{key}.yaml")))
    else:
        path = Path(key)
        if not path.exists():
            raise StrategyError(
                f"Stratégie introuvable : « {key} » n'est ni une stratégie fournie "
                f"({', '.join(bundled_strategies())}) ni un fichier existant. "
                f"/ Strategy not found: '{key}' is neither a bundled strategy nor an existing file."
            )
    return parse_strategy(_read_yaml(path), str(path))


def load_strategy(id_or_path: str | Path, base_dir: Path | None = None) -> Strategy:
    """Load a bundled strategy by id, or a strategy file by path (relative to ``base_dir``)."""
    key = str(id_or_path)
    if key not in bundled_strategies():
        path = Path(key)
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        if not path.is_file():
            raise StrategyError(
                f"Stratégie introuvable : « {id_or_path} » n'est ni une stratégie fournie "
                f"({', '.join(bundled_strategies())}) ni un fichier existant ({path}). "
                f"/ Strategy not found: '{id_or_path}' is neither a bundled strategy "
                f"({', '.join(bundled_strategies())}) nor an existing file ({path})."
            )
        return _load_cached(str(path.resolve()), path.stat().st_mtime_ns)
    return _load_cached(key)


def strategy_sha256(strategy: Strategy) -> str:
    """Return the sha256 of the strategy's source file (for provenance and caching)."""
    import hashlib

    return hashlib.sha256(Path(strategy.source_path).read_bytes()).hexdigest()
