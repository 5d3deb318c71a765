"""The deck as an editable PowerPoint file (python-pptx): native charts, alt text, notes, language.

Slides: title; global index and contributions; the targets at a glance; one slide
per ambition; what changed; risks; organisations (unless left out); method and
sources. Charts are native PowerPoint charts (staff can restyle them and see the
data); every chart and table has alternative text; titles sit in title
placeholders; every text run carries the language; speaker notes hold the key
messages; every slide but the first has a footer (« données fictives » for synthetic data)
and its number. ``template`` builds on an organisation's own file (its masters and layouts,
see :mod:`.template`); the text helpers are in :mod:`.slides`.
"""

from __future__ import annotations

import math
from pathlib import Path

from pptx.util import Emu, Pt

from ..i18n import format_percent, t
from ..os_errors import written_whole
from . import slides
from .chart_labels import places
from .content import BriefContent
from .deck_charts import bar_chart
from .deck_text import changes_that_fit, organisations_slide, status_counts_line
from .file_info import set_file_info
from .target_table import alt_item, table_cells, target_columns, withheld_note
from .template import open_template

LANG_TAGS = {"fr": "fr-CA", "en": "en-CA"}
# An ambition slide holds its targets' table and chart up to three targets; with more, the chart
# (which ran off the slide below a longer table) gets a slide of its own.
AMBITION_ROWS_WITH_CHART = 3
ROW_SHARE = 0.075  # a table row's height with room to spare (its cells wrap), as a share of the slide's
GLANCE_TARGETS = 12  # targets on one glance chart; a longer strategy's are spread evenly over more slides
# A value and its target value: Okabe-Ito blue (the site's) and a grey of 4.5:1 on white (WCAG 1.4.11)


def _note(row, lang: str) -> str:
    """A target's line in the speaker notes: « 1.1 Libellé : 73,6 % — Cible atteinte ; +12,2 pts ».

    A target without a value read « 5.1 … : — — Données insuffisantes ; — »: the value is said in words,
    and a change that is not there is left out (one withheld, « — † », stays: the slide's note explains it).
    """
    value = row.value_text if row.value_text != "—" else t("deck.notes.no_value", lang)
    line = f"{row.titled}{t('punct.colon', lang)}{value} — {row.status_text}"
    if row.change_text != "—" or row.change_withheld:
        line += t("punct.semicolon", lang) + row.marked_change
    return line


def _value_and_goal(rows, lang: str, period: str) -> tuple[list, list[int]]:
    """The two series of a targets chart (value, target value) and each label's decimals (as the table's).

    Without any target value (the GC's indicators) the value alone: a « Valeur visée » legend over an empty series.
    """
    goals = [r.target_value for r in rows]
    series = [(t("deck.series.value", lang, period=period), [r.value for r in rows])]
    decimals = [[places(r.value, r.value_text, lang, r.target_value, r.at_most) for r in rows]]
    if any(r.has_target for r in rows):
        series.append((t("deck.series.target", lang), goals))
        decimals.append([places(g, format_percent(g, lang), lang) for g in goals])  # « 75 % », « 12,5 % »
    return series, decimals


def _values_alt(rows, lang: str, period: str, items: str) -> str:
    """A targets chart's text alternative: with the target values when there are some."""
    key = "deck.chart.targets_alt" if any(r.has_target for r in rows) else "deck.chart.values_alt"
    return t(key, lang, period=period, items=items)


def _table(slide, box, header: list[str], rows: list[list[str]], alt: str, size: int = 12):
    """A table under a header row that reads as one in any viewer (see :func:`slides.header_row`)."""
    frame = slide.shapes.add_table(len(rows) + 1, len(header), *box)
    table = frame.table
    first = int(box[2] * 0.34)
    table.columns[0].width = Emu(first)
    for j in range(1, len(header)):
        table.columns[j].width = Emu(int((box[2] - first) / (len(header) - 1)))
    for j, text in enumerate(header):
        table.cell(0, j).text = text
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    for cell in (table.cell(i, j) for i in range(len(rows) + 1) for j in range(len(header))):
        for p in cell.text_frame.paragraphs:
            for run in p.runs:
                run.font.size = Pt(size)
    slides.header_row(table)
    slides.alt(frame, alt)
    return frame


def _index_slide(prs, c: BriefContent, lang: str, margin: int, lower: int) -> None:
    """The global index and its contributions (or ambitions), under the headline."""
    slide = slides.new_slide(prs, "title_only")
    slides.title(slide, t(c.rollup_key("deck.slide.index"), lang))
    # the index and its contributions; without contributions, its ambitions (a lone bar said nothing)
    scored = [r for r in c.rollups if r.scope != "ambition" or not c.has_contributions]
    chart_box = _under_headline(prs, slide, c, margin, lower)
    colon, semicolon = t("punct.colon", lang), t("punct.semicolon", lang)
    items = semicolon.join(f"{r.title}{colon}{r.progress_text}" for r in scored)
    if c.has_index:  # without one the headline says why, and an empty chart would say nothing
        # « Ambition 1 » on the bar (the alt text has each title): seven titles crowded the chart
        labels = [t("nav.ambition", lang, n=r.id) if r.scope == "ambition" else r.title for r in scored]
        alt = t(c.rollup_key("deck.chart.index_alt"), lang, period=c.period, items=items)
        bar_chart(slide, chart_box, labels,
                   [(t("deck.series.progress", lang, period=c.period), [r.progress for r in scored])],
                   alt, lang, decimals=[[places(r.progress, r.progress_text, lang) for r in scored]])  # fmt: skip
    slides.notes(slide, [*_headline_lines(c), t("deck.notes.index", lang), *c.key_messages])


def _headline_lines(c: BriefContent) -> list[str]:
    """The headline and, when the targets have statuses, their counts (« ✖ Recul : 10 »)."""
    return [c.headline, *([counts] if (counts := status_counts_line(c)) else [])]


def _under_headline(prs, slide, c: BriefContent, margin: int, lower: int) -> tuple[int, int, int, int]:
    """The headline under the slide's title and the targets by status under it; the box left below them.

    Smaller when it is long (at the deadline it says how many were met).
    """
    width, height = prs.slide_width, prs.slide_height
    lines = _headline_lines(c)
    slides.caption(slide, lines[0], height * slides.CAPTION_TOP + lower, 18, int(height * 0.13))
    top = 0.38 if len(lines) > 1 else 0.3
    if len(lines) > 1:
        slides.caption(slide, lines[1], height * 0.295 + lower, 16, int(height * 0.08))
    return (
        margin,
        Emu(int(height * top) + lower),
        Emu(width - 2 * margin),
        Emu(int(height * (slides.BOTTOM - top)) - lower),
    )


def build_deck(content: BriefContent, template: Path | None = None):
    """Build the presentation object for ``content``."""
    prs = open_template(template)
    for sld in list(prs.slides._sldIdLst):  # a template's own slides are not part of the deck
        prs.part.drop_rel(sld.rId)
        prs.slides._sldIdLst.remove(sld)
    c, lang = content, content.lang
    width, height = prs.slide_width, prs.slide_height
    margin = Emu(int(width * 0.05))
    lower = slides.below_title(prs)  # a template's lower or taller title: everything under it moves down
    top = Emu(int(height * 0.26) + lower)
    full = (margin, top, Emu(width - 2 * margin), Emu(int(height * slides.BOTTOM) - top))

    slide = slides.new_slide(prs, "title")
    slides.title(slide, t("brief.deck_title", lang, period=c.period))
    sub = [c.strategy_title, c.data_date, *([c.revision] if c.revision else [])]
    sub += [t("brief.synthetic", lang)] if c.synthetic else []
    slides.bullets(slides.bodies(slide, 1)[0], sub, 18, colour=None if template else slides.GREY)
    slides.notes(slide, [*sub, *_headline_lines(c)])

    if c.has_target_values:  # without target values no index: a title over « aucun indice n'est calculé »
        _index_slide(prs, c, lang, margin, lower)
    semicolon = t("punct.semicolon", lang)

    for i, rows in enumerate(_even_chunks(c.rows, GLANCE_TARGETS)):
        slide = slides.new_slide(prs, "title_only")
        title = t("deck.slide.targets", lang)
        slides.title(slide, t("deck.slide.continued", lang, title=title) if i else title)
        items = semicolon.join(alt_item(r, target_columns(rows, c.compares).status) for r in rows)
        series, decimals = _value_and_goal(rows, lang, c.period)
        # a value that does not count says so in words beside its hatched bar (never by the look alone), and a
        # target without a value aimed at beside its lone bar (« Sans cible chiffrée »: it read as a bar missing)
        labels = [r.titled + (f" ({r.status_text})" if r.status == "insufficient_data"
                  or (c.has_target_values and not r.status) else "") for r in rows]  # fmt: skip
        # without an index slide (no target values: the GC's indicators), its headline heads the first one:
        # « En 2016-2017, 3 indicateurs ont une valeur » was in the notes only
        headed = not c.has_target_values and not i
        box = _under_headline(prs, slide, c, margin, lower) if headed else full
        bar_chart(slide, box, labels, series, _values_alt(rows, lang, c.period, items), lang, decimals=decimals,
                   uncounted=[r.status == "insufficient_data" for r in rows], at_most=[r.at_most for r in rows])  # fmt: skip
        said = [t("brief.change.withheld", lang)] if any(r.change_withheld for r in rows) else []
        sample = c.sample_text(rows)
        left_out = c.left_out_text(rows)  # what the values leave out, as the brief says it under its table
        heading = _headline_lines(c) if headed else []
        slides.notes(
            slide, heading + [_note(r, lang) for r in rows] + said + [x for x in (sample, left_out) if x]
        )

    # A table runs on to as many slides as it needs: ten targets in an ambition ran into its footnote.
    per_slide = max(1, int((slides.FOOTNOTE_TOP - 2 * slides.FOOTNOTE_LINE - top / height) / ROW_SHARE) - 1)
    for amb in _ambitions(c):
        name, full_title = t("nav.ambition", lang, n=amb["id"]), amb["title"].split(" — ", 1)[-1]
        rows, parts = amb["rows"], _even_chunks(amb["rows"], per_slide)
        columns = target_columns(rows, c.compares)  # none of « — » or « Sans cible chiffrée » on every row
        every_note = [full_title]  # the notes of every part, for the chart's own slide
        for i, part in enumerate(parts):
            slide = slides.new_slide(prs, "title_only")
            slides.title(slide, t("deck.slide.continued", lang, title=name) if i else name)
            slides.caption(slide, full_title, height * slides.CAPTION_TOP + lower)
            header, table_rows = table_cells(part, columns, c.goal_text, lang)
            _table(slide, (margin, top, Emu(width - 2 * margin), Emu(int(height * 0.06 * (len(part) + 1)))),
                   header, table_rows, f"{amb['title']} — {t('brief.h.targets', lang)} {c.period}", 10)  # fmt: skip
            notes = [full_title, *(_note(r, lang) for r in part)]
            # « — † » beside the few reporters, « ‡ » beside a change whose reporters changed: said on the slide
            # (with why) and in the notes; the method is on its own slide
            foot = []
            if withheld := withheld_note(part, columns, lang):  # without « † » when no column marks it
                foot.append(f"{withheld} {t('deck.withheld_why', lang, threshold=c.threshold_text)}")
            # what the value leaves out: on the slide, the site's notes below
            foot += [x for x in (c.sample_text(part), c.left_out_text(part)) if x]
            foot_top = slides.BOTTOM
            if foot:
                notes += foot
                foot_top = slides.footnote(slide, " ".join(foot))
            notes += [note for r in part for note in c.left_out.get(r.id, ("", []))[1]]
            every_note += notes[1:]
            slides.footnotes_last(slide)
            slides.notes(slide, notes)
        # a footnote takes the chart's room from the gap above it first; bars thinner than their 11-point labels
        # (two a target, a gap of 60 %, the plot three quarters of the frame) go to a slide of their own
        gap = max(0.0, 0.06 - (slides.BOTTOM - foot_top))  # the table's height is reckoned with room to spare
        chart_top = Emu(int(top + height * ROW_SHARE * (len(rows) + 1) + height * gap))
        room = Emu(int(height * foot_top) - chart_top)
        fits = len(rows) <= AMBITION_ROWS_WITH_CHART and room >= Pt(len(rows) * 2 * 1.6 * 11 / 0.75)
        if len(parts) == 1 and fits:
            box = (margin, chart_top, Emu(width - 2 * margin), room)
        else:  # the chart below a longer table ran off the slide: it gets a slide of its own
            slide = slides.new_slide(prs, "title_only")
            slides.title(slide, t("deck.slide.continued", lang, title=name))
            box = full
        items = semicolon.join(alt_item(r, status=False) for r in rows)
        series, decimals = _value_and_goal(rows, lang, c.period)
        bar_chart(slide, box, [r.tag for r in rows], series, _values_alt(rows, lang, c.period, items), lang,
                   decimals=decimals, uncounted=[r.status == "insufficient_data" for r in rows],
                   at_most=[r.at_most for r in rows])  # fmt: skip
        slides.footnotes_last(slide)
        if box is full:
            slides.notes(slide, every_note)

    slide = slides.new_slide(prs, "content")
    span = f" — {c.previous} → {c.period}" if c.previous else ""  # never broken at a hyphen (slides.title)
    slides.title(slide, t("deck.slide.changes", lang) + span)
    body = slides.bodies(slide, 1)[0]
    lines = changes_that_fit(c, body.width or 0, body.height or 0)
    slides.bullets(body, lines)
    slides.notes(slide, lines)

    if c.missing:  # who was expected and did not report: by target, named when few, else counted
        slide = slides.new_slide(prs, "content")
        slides.title(slide, t(c.missing.heading, lang, period=c.period))
        slides.bullets(slides.bodies(slide, 1)[0], c.missing.all_lines, 16, heading=True,
                       closing=bool(c.missing.rejected) + bool(c.missing.where))  # the count, bold; the rest plain  # fmt: skip
        slides.notes(slide, c.missing.all_lines)

    slide = slides.new_slide(prs, "content")
    slides.title(slide, t("deck.slide.risks", lang))
    lines = [
        *(c.risks or [c.risks_empty]),
        *(x for x in (c.risks_unknown, c.plans_line) if x),
    ]  # in the notes too
    slides.bullets(slides.bodies(slide, 1)[0], lines, 16)
    slides.notes(slide, lines)

    if c.organisations:
        organisations_slide(prs, c)

    slide = slides.new_slide(prs, "content")
    slides.title(slide, t("deck.slide.method", lang))
    lines = [
        c.data_date,
        *([c.rejected] if c.rejected else []),  # as the brief's notes: « 221 lignes … ont été rejetées »
        c.method,
        t("deck.source", lang, dataset=c.dataset_title, strategy=c.strategy_title, data=c.data_version),
        *([c.attribution] if c.attribution else []),
    ]
    if c.synthetic:
        lines.append(t("brief.synthetic", lang))
    slides.bullets(slides.bodies(slide, 1)[0], lines, 14)
    slides.notes(slide, lines)

    tag = LANG_TAGS[lang]
    footer = t("deck.footer_synthetic" if c.synthetic else "deck.footer", lang, period=c.period)
    for number, slide in enumerate(prs.slides, start=1):
        if number > 1:  # the title slide says it all already
            slides.footer(slide, footer, number, tag, None if template else slides.GREY)
    for slide in prs.slides:
        for shape in slide.shapes:
            slides.set_language(shape, tag)
            if shape.has_table:
                for cell in (cell for row in shape.table.rows for cell in row.cells):
                    for p in cell.text_frame.paragraphs:
                        for run in p.runs:
                            run.font._rPr.set("lang", tag)
        for shape in slide.notes_slide.shapes:
            slides.set_language(shape, tag)
    slides.set_default_language(prs, tag)  # text typed later, and the charts', is in the deck's language
    set_file_info(prs, c, tag, own_template=template is not None)
    return prs


def _even_chunks(rows: list, most: int) -> list[list]:
    """``rows`` in as few consecutive groups of at most ``most`` as possible, of even sizes (20 → 10 + 10)."""
    if not rows:
        return [rows]
    size = math.ceil(len(rows) / math.ceil(len(rows) / most))
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def _ambitions(c: BriefContent) -> list[dict]:
    """The rows of each ambition, with the ambition's title."""
    titles = {r.id: r.title for r in c.rollups if r.scope == "ambition"}
    out = []
    for aid, title in titles.items():
        rows = [r for r in c.rows if r.ambition == aid]
        if rows:
            out.append({"id": aid, "title": title, "rows": rows})
    return out


def write_deck(content: BriefContent, path: Path, template: Path | None = None) -> Path:
    """Write the deck to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deck = build_deck(content, template)
    with written_whole(path) as tmp:
        deck.save(str(tmp))
    return path
