"""Declarative Altair charts of the barometer, each with the table of its data.

Every chart function takes the :class:`~barometre.api.Results` of a dataset and a
language (``"fr"`` first, ``"en"``) and returns an Altair chart that is:

* titled, with an accessible ``description`` (read by screen readers as the
  SVG's label) written from the figures;
* labelled from the translation catalogue (``locales/charts.yaml``), tooltips included;
* coloured with the Okabe-Ito colour-blind-safe palette, the status always shown
  by a shape and by text as well as by colour;
* formatted with d3 format strings (``.0%``, ``.1%``) and carrying the Vega
  number/time locale of the language twice: in ``config.locale`` (used by Vega
  itself and by vl-convert) and in ``usermeta.embedOptions`` (used by vega-embed),
  so « 12,5 % » is shown in French whichever way the spec is embedded.

Each ``*_chart`` function has a ``*_table`` companion returning the same data as
a tidy DataFrame with human column names in the language (``formatted=True``
turns the numbers into locale-formatted strings for display).

Pass ``configure=False`` to get a chart without top-level configuration, for
combining charts with ``alt.vconcat``/``alt.hconcat``; then call
:func:`localize` on the combination.
"""

from .base import (
    DOT_PLOT_MAX,
    GREY,
    NO_TARGET_GREY,
    OKABE_ITO,
    ON_WHITE,
    SERIES_COLOURS,
    SERIES_DASHES,
    STATUS_COLOURS,
    STATUS_ORDER,
    STATUS_SHAPES,
    WIDTH,
    display_chart,
    embed_options,
    localize,
    mimebundle,
    status_label,
    time_format_locale,
)
from .organisation import organisation_chart, organisation_table
from .organisations import (
    distribution_chart,
    distribution_table,
    furthest_chart,
    furthest_table,
    furthest_tie,
    furthest_with_tie,
)
from .overview import index_chart, index_table, overview_chart, overview_table
from .trend import comparison_chart, trend_chart, trend_table
from .value_axis import PCT_AXIS

__all__ = [
    "DOT_PLOT_MAX",
    "GREY",
    "NO_TARGET_GREY",
    "PCT_AXIS",
    "SERIES_COLOURS",
    "SERIES_DASHES",
    "STATUS_ORDER",
    "WIDTH",
    "OKABE_ITO",
    "ON_WHITE",
    "STATUS_COLOURS",
    "STATUS_SHAPES",
    "comparison_chart",
    "display_chart",
    "distribution_chart",
    "distribution_table",
    "embed_options",
    "furthest_chart",
    "furthest_table",
    "furthest_tie",
    "furthest_with_tie",
    "index_chart",
    "index_table",
    "localize",
    "mimebundle",
    "organisation_chart",
    "organisation_table",
    "overview_chart",
    "overview_table",
    "status_label",
    "time_format_locale",
    "trend_chart",
    "trend_table",
]
