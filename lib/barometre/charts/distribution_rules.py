"""The rules of the distribution chart (government, target, threshold) and the words that go with them."""

from __future__ import annotations

from ..i18n import format_goal, t
from ..strategy import Target
from .base import _pct, _target_value, goal_text


def government_rules(
    target: Target, gov: float | None, lang: str, mean: bool = False
) -> tuple[list[dict], str, list[str], str]:
    """The rules on the organisations' axis, the description's target clause, subtitle lines, the government.

    A share-of-organisations target (6.1: 60 % of organisations over 50 %) is met by each organisation at its
    threshold: the rule is there (« Seuil : plus de 50 % »). The government's value is a share of
    organisations, not a value on this axis: drawn there (« Gouvernement : 69,6 % », « Cible : 60 % »), an
    organisation at 56,8 % with ✔ sat left of the target's line; the subtitle gives it with its target.

    ``mean``: ``gov`` is the mean of the organisations' values (the explorer's « moyenne » view), a value on
    this axis whatever the target: its rule says « Moyenne des organisations : 50,6 % » (it said
    « Gouvernement : 55,9 % », the pooled value, beside a comparison chart and a table at 50,6 %).
    """
    gov_text = _pct(gov, lang)
    line = t("chart.mean_line" if mean else "chart.government_line", lang, value=gov_text)
    gov_rules = [] if gov is None else [{"x": gov, "label": line, "kind": "gov"}]
    if mean:
        gov_text = t("chart.distribution.mean_value", lang, value=gov_text)
    if target.threshold is not None:
        edge = format_goal(target.threshold, lang, above=not target.inclusive)
        rule = {"x": target.threshold, "label": t("chart.threshold_line", lang, value=edge), "kind": "target"}
        clause = t("chart.distribution.threshold_clause", lang, value=edge)
        if mean:
            return [*gov_rules, rule], clause, [], gov_text
        share = t("chart.distribution.share_line", lang, value=gov_text, goal=goal_text(target, lang))
        return (
            [rule],
            clause,
            [share] if gov is not None else [],
            t("chart.distribution.share_of_organisations", lang, value=gov_text),
        )
    tv = _target_value(target)
    if tv is None:
        return gov_rules, "", [], gov_text
    goal = goal_text(target, lang)
    gov_rules.append({"x": tv, "label": t("chart.target_line", lang, value=goal), "kind": "target"})
    return gov_rules, t("chart.distribution.target_clause", lang, value=goal), [], gov_text


__all__ = ["government_rules"]
