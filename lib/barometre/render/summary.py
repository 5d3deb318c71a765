"""What a render says when it ends: each failed page, then the totals, French then English; its exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RenderError
from ..i18n import LANGUAGES, both, format_number, t


@dataclass
class PageResult:
    """What happened to one page."""

    key: str
    state: str  # rendered, skipped, failed
    seconds: float = 0.0
    error: str = ""
    cell: int | None = None
    texts: dict[str, str] = field(default_factory=dict)  # ``error`` in each language, when it has them
    warnings: list[str] = field(default_factory=list)  # written all the same (a brief over two pages)


@dataclass
class RenderSummary:
    """Outcome of a whole render."""

    period: str
    out: Path
    results: list[PageResult] = field(default_factory=list)
    # failed pages (a first publication, or any in a publication): nothing was published
    withheld: bool = False
    revised: bool = False  # published with other figures than its last publication (its pages say it)
    revised_key: str = "site.summary.revised"  # its line: the figures revised, or the plans only
    notices: list[str] = field(default_factory=list)  # the period's own warnings (a target value changed)

    @property
    def failed(self) -> list[PageResult]:
        """Pages that failed."""
        return [r for r in self.results if r.state == "failed"]

    @property
    def warnings(self) -> list[str]:
        """What pages were written despite (a brief over two pages), for the publication's run record."""
        return [*self.notices, *(w for r in self.results for w in r.warnings)]

    def count(self, state: str) -> int:
        """Number of pages in ``state``."""
        return sum(r.state == state for r in self.results)


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
        if (
            summary.revised and not summary.withheld
        ):  # which periods a run revised: the log said nothing of it
            lines.append(t(summary.revised_key, lang, period=summary.period))
    lines.append(f"Site{t('punct.colon', 'fr')}{summary.out / 'index.html'}")
    return "\n".join(lines)


def raise_if_failed(summary: RenderSummary) -> None:
    """Raise a :class:`RenderError` (exit code 1) when a page failed."""
    if summary.failed:
        key = "site.error.first_withheld" if summary.withheld else "site.error.pages_failed"
        raise RenderError(both(key, n=len(summary.failed), period=summary.period))
