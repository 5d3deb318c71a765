"""What a render says when it ends: each failed page, then the totals, French then English; its exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import RenderError
from ..i18n import LANGUAGES, both, format_number, t

if TYPE_CHECKING:
    from .site import RenderSummary


def summary_table(summary: RenderSummary) -> str:
    """Plain-text summary of a render, French then English: each failed page, then the totals."""
    lines = []
    total = sum(r.seconds for r in summary.results)
    for lang in LANGUAGES:
        for r in summary.failed:
            cell = t("site.summary.cell", lang, cell=r.cell) if r.cell is not None else ""
            error = r.texts.get(lang, r.error)
            lines.append(t("site.summary.page_failed", lang, page=r.key, cell=cell, error=error))
        counts = {
            k: format_number(summary.count(state), lang)
            for k, state in (("rendered", "rendered"), ("unchanged", "skipped"), ("failed", "failed"))
        }
        lines.append(t("site.summary.totals", lang, period=summary.period, seconds=format_number(total, lang, 1),
                       **counts))  # fmt: skip
    lines.append(f"Site{t('punct.colon', 'fr')}{summary.out / 'index.html'}")
    return "\n".join(lines)


def raise_if_failed(summary: RenderSummary) -> None:
    """Raise a :class:`RenderError` (exit code 1) when a page failed."""
    if summary.failed:
        key = "site.error.first_withheld" if summary.withheld else "site.error.pages_failed"
        raise RenderError(both(key, n=len(summary.failed), period=summary.period))
