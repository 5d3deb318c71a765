"""The rules of the organisations' distribution chart: the target (or each organisation's threshold), the government."""

from __future__ import annotations

from ..i18n import format_goal, t
from ..strategy import Target
from .base import _pct, _target_value, goal_text


def _rules(target: Target, gov: float | None, lang: str) -> tuple[list[dict], str, list[str], str]:
    """The rules on the organisations' axis, the description's target clause, subtitle lines, the government.

    A share-of-organisations target (6.1: 60 % of organisations over 50 %) is met by each organisation at its
    threshold: the rule is there (« Seuil : plus de 50 % »). The government's value is a share of
    organisations, not a value on this axis: drawn there (« Gouvernement : 69,6 % », « Cible : 60 % »), an
    organisation at 56,8 % with ✔ sat left of the target's line; the subtitle gives it with its target.
    """
    gov_text = _pct(gov, lang)
    if target.threshold is not None:
        edge = format_goal(target.threshold, lang, above=not target.inclusive)
        rule = {"x": target.threshold, "label": t("chart.threshold_line", lang, value=edge), "kind": "target"}
        share = t("chart.distribution.share_line", lang, value=gov_text, goal=goal_text(target, lang))
        return (
            [rule],
            t("chart.distribution.threshold_clause", lang, value=edge),
            [share] if gov is not None else [],
            t("chart.distribution.share_of_organisations", lang, value=gov_text),
        )
    rules = (
        []
        if gov is None
        else [{"x": gov, "label": t("chart.government_line", lang, value=gov_text), "kind": "gov"}]
    )
    tv = _target_value(target)
    if tv is None:
        return rules, "", [], gov_text
    goal = goal_text(target, lang)
    rules.append({"x": tv, "label": t("chart.target_line", lang, value=goal), "kind": "target"})
    return rules, t("chart.distribution.target_clause", lang, value=goal), [], gov_text
