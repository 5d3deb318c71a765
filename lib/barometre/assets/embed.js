/* Baromètre: draw every chart of the page with the offline Vega bundle (no network).
   Charts fit their container: a single view takes the container's width, small multiples
   wrap to as many columns as fit, panels side by side go one under the other when they do not
   fit, titles and long row labels wrap at the width, anything wider still is scaled down (see
   style.css); a chart whose container changes width is drawn again. */
(function () {
  function fit(spec, width) {
    var multi = spec.hconcat || spec.vconcat || spec.concat || spec.repeat;
    // The drawn chart is one image with the figure's text alternative (role="img" below), whose
    // children assistive technologies never read: no ARIA labels on each mark and axis.
    spec.config = Object.assign({}, spec.config, {aria: false});
    spec.config.mark = Object.assign({}, spec.config.mark, {aria: false});
    if (spec.hconcat && naturalWidth(spec.hconcat) > width) { stack(spec, width); }
    if (!multi && !spec.facet && typeof spec.width === 'number') {
      spec.width = 'container';
      spec.autosize = {type: 'fit-x', contains: 'padding'};
    } else if (spec.facet && spec.columns && spec.spec && typeof spec.spec.width === 'number') {
      spec.columns = Math.max(1, Math.min(spec.columns, Math.floor(width / (spec.spec.width + 70))));
    }
    wrapTitle(spec, width - 24);
    if (width < 600) {  // a phone: shorter axis labels, legends in one column
      var limit = Math.round(width * 0.4);
      capLabels(spec, limit);
      spec.config.axis = Object.assign({}, spec.config.axis, {labelLimit: limit});
      spec.config.title = Object.assign({}, spec.config.title, {limit: width - 24});  // a word wider still
      spec.config.legend = Object.assign({}, spec.config.legend, {columns: 1, labelLimit: width - 100});
      wrapLegends(spec, Math.floor((width - 100) / 6.5));
    }
    wrapRowLabels(spec, spec, null, width < 600 ? Math.round(width * 0.45) : null, width < 600 ? 5 : 3);
    return spec;
  }
  // Row labels (a nominal y axis) wider than their room take up to maxLines lines, measured in the
  // page's font, instead of being cut with an ellipsis (« Ministère fictif de la Cul… » on a phone,
  // « Ambition 1 — Les citoyens sont au cœur de l'évolution des services, des pro… » on a desktop);
  // the rows grow to hold them, and panels side by side keep one height.
  var ROW_TYPES = {nominal: true, ordinal: true};
  function rowAxes(node, data) {  // [{y: encoding, data: the data it reads}] of a unit or a layer
    var found = [];
    var own = node.data || data;
    var y = node.encoding && node.encoding.y;
    if (y && typeof y.field === 'string' && ROW_TYPES[y.type] && y.axis !== null && !(y.axis && y.axis.labelExpr)) {
      found.push({y: y, data: own});  // an axis with its own labelExpr is left as it is
    }
    (node.layer || []).forEach(function (child) { found = found.concat(rowAxes(child, own)); });
    return found;
  }
  function rowsOf(top, d) {
    if (!d) { return null; }
    if (d.values) { return d.values; }
    return d.name && top.datasets ? top.datasets[d.name] || null : null;
  }
  function wrapRowLabels(top, node, data, phoneLimit, maxLines) {
    if (!node || typeof node !== 'object' || node.facet || node.repeat) { return; }
    var panels = node.hconcat || node.vconcat || node.concat;
    if (panels) {
      panels.forEach(function (panel) { wrapRowLabels(top, panel, node.data || data, phoneLimit, maxLines); });
      if (node.hconcat) {  // side by side, the rows of each panel stay level with their neighbours'
        var tallest = Math.max.apply(null, node.hconcat.map(function (p) { return typeof p.height === 'number' ? p.height : 0; }));
        node.hconcat.forEach(function (p) { if (typeof p.height === 'number') { p.height = tallest; } });
      }
      return;
    }
    var axes = rowAxes(node, data);
    if (!axes.length || typeof node.height !== 'number') { return; }
    var values = rowsOf(top, axes[0].data);
    var field = axes[0].y.field;
    if (!values) { return; }
    var conf = top.config || {};
    var axis = Object.assign({}, conf.axis, axes[0].y.axis);
    var size = axis.labelFontSize || 10;
    var font = (axis.labelFontWeight || 'normal') + ' ' + size + 'px ' + (axis.labelFont || conf.font || 'sans-serif');
    var limit = phoneLimit || axis.labelLimit || 180;
    var labels = [];
    values.forEach(function (row) {
      var v = row[field];
      if (v !== undefined && v !== null && labels.indexOf(String(v)) < 0) { labels.push(String(v)); }
    });
    if (!labels.length) { return; }
    var cases = [];
    var most = 1;
    labels.forEach(function (label) {
      var lines = [].concat(wrapLines(label, font, limit));
      if (lines.length > maxLines) { lines = lines.slice(0, maxLines); lines[maxLines - 1] = ellipsis(lines[maxLines - 1], font, limit); }
      if (lines.length > 1) {
        cases.push('datum.value === ' + JSON.stringify(label) + ' ? ' + JSON.stringify(lines));
        most = Math.max(most, lines.length);
      }
    });
    if (!cases.length) { return; }
    var lineHeight = size + 2;
    var expr = cases.concat(['datum.label']).join(' : ');
    axes.forEach(function (a) {
      if (a.y.field === field) {
        a.y.axis = Object.assign({}, a.y.axis, {labelExpr: expr, labelLimit: limit, labelLineHeight: lineHeight});
      }
    });
    node.height = Math.max(node.height, labels.length * (most * lineHeight + 6));
  }
  function ellipsis(line, font, max) {
    var ctx = measuring(font);
    var words = line.split(' ');
    while (words.length > 1 && ctx.measureText(words.join(' ') + '…').width > max) { words.pop(); }
    return words.join(' ').replace(/[\s,;:.—-]+$/, '') + '…';
  }
  // Panels side by side that are wider than the container go one under the other, each as wide as the
  // container allows (scaled down, the overview's status column was unreadable on a phone). A panel that
  // hid its row axis because its left neighbour showed it gets the axis back.
  function naturalWidth(panels) {
    return panels.reduce(function (sum, p) { return sum + (typeof p.width === 'number' ? p.width : 200) + 80; }, 0);
  }
  function stack(spec, width) {
    spec.vconcat = spec.hconcat.map(function (panel) {
      if (typeof panel.width === 'number') { panel.width = Math.max(120, width - 140); }
      showRowAxis(panel);
      return panel;
    });
    delete spec.hconcat;
    spec.spacing = 24;  // the side-by-side spacing made room for text right of a panel, not above the next
  }
  function showRowAxis(node) {
    if (!node || typeof node !== 'object') { return; }
    var y = node.encoding && node.encoding.y;
    if (y && y.axis === null && (y.type === 'nominal' || y.type === 'ordinal')) { y.axis = {title: null, domain: false, ticks: false, labelPadding: 10}; }
    (node.layer || []).forEach(showRowAxis);
  }
  // The title and subtitle lines wrap at the chart's width, measured in the page's own font: on a
  // phone a long title used to be cut with an ellipsis ("Cible 1.1 : évolution de la valeur gouverne…").
  function wrapTitle(spec, max) {
    if (spec.title === undefined || spec.title === null) { return; }
    var title = typeof spec.title === 'object' && !Array.isArray(spec.title) ? spec.title : {text: spec.title};
    var conf = Object.assign({}, spec.config && spec.config.title);
    var family = conf.font || (spec.config && spec.config.font) || 'sans-serif';
    title.text = wrapLines(title.text, (conf.fontWeight || 'bold') + ' ' + (conf.fontSize || 13) + 'px ' + family, max);
    if (title.subtitle !== undefined) {
      title.subtitle = wrapLines(title.subtitle, (conf.subtitleFontWeight || 'normal') + ' ' +
        (conf.subtitleFontSize || conf.fontSize || 13) + 'px ' + family, max);
    }
    spec.title = title;
  }
  // Legend labels longer than n characters take two lines (a legend's own labelExpr is kept).
  var LEGEND_CHANNELS = ['color', 'fill', 'stroke', 'shape', 'size', 'opacity', 'strokeDash'];
  function wrapLegends(node, n) {
    if (!node || typeof node !== 'object') { return; }
    if (node.encoding && typeof node.encoding === 'object') {
      LEGEND_CHANNELS.forEach(function (ch) {
        var def = node.encoding[ch];
        if (def && typeof def === 'object' && def.field && def.legend !== null) {
          def.legend = Object.assign({labelExpr: twoLines('datum.label', n)}, def.legend);
        }
      });
    }
    Object.keys(node).forEach(function (k) { if (k !== 'data' && k !== 'datasets') { wrapLegends(node[k], n); } });
  }
  // A Vega expression: the label in two lines, cut at the last space before n characters, when longer.
  function twoLines(label, n) {
    var cut = 'lastindexof(slice(' + label + ', 0, ' + n + '), " ")';
    return 'length(' + label + ') > ' + n + ' && ' + cut + ' > 0 ? [slice(' + label + ', 0, ' + cut + '), slice(' +
      label + ', ' + cut + ' + 1)] : ' + label;
  }
  // One canvas measures every text of the page, set to the given font.
  function measuring(font) {
    var ctx = measuring.ctx || (measuring.ctx = document.createElement('canvas').getContext('2d'));
    ctx.font = font;
    return ctx;
  }
  function wrapLines(text, font, max) {
    if (typeof text !== 'string' && !Array.isArray(text)) { return text; }  // an expression: left as is
    var ctx = measuring(font);
    var lines = [];
    [].concat(text).forEach(function (given) {
      var line = '';
      // break at ordinary spaces only, never before « % », « : », « ; », « ? », « ! », « » » or after « « »
      var glued = String(given).replace(/ ([%:;?!\u00bb])/g, '\u00a0$1').replace(/\u00ab /g, '\u00ab\u00a0');
      glued.split(/[ \t\n]+/).forEach(function (word) {
        var next = line ? line + ' ' + word : word;
        if (line && ctx.measureText(next).width > max) { lines.push(line); line = word; } else { line = next; }
      });
      lines.push(line);
    });
    return lines.length === 1 ? lines[0] : lines;
  }
  function capLabels(node, limit) {
    if (!node || typeof node !== 'object') { return; }
    if (typeof node.labelLimit === 'number' && node.labelLimit > limit) { node.labelLimit = limit; }
    Object.keys(node).forEach(function (k) {  // a panel's title keeps its own width (the panel's)
      if (k !== 'data' && k !== 'datasets' && k !== 'header') { capLabels(node[k], limit); }
    });
  }
  // Each chart is fitted to its container's width when drawn, and drawn again when that width changes
  // (a phone turned sideways, a window resized): the layout chosen for one width (panels stacked,
  // titles and labels wrapped) is wrong at another.
  var drawn = [];
  function draw(el, chart) {
    var target = document.getElementById(el.getAttribute('data-target'));
    var width = target.clientWidth || 320;
    var payload = JSON.parse(el.textContent);
    chart = chart || {el: el, target: target, generation: 0};
    chart.width = width;
    var generation = ++chart.generation;
    var chosen = inputs(target).map(function (e) { return e.type === 'checkbox' ? e.checked : e.value; });
    if (chart.view) { chart.view.finalize(); chart.view = null; }
    vegaEmbed(target, fit(payload.spec, width), payload.options).then(function (result) {
      if (generation !== chart.generation) { result.finalize(); return; }  // a later draw replaces it
      chart.view = result;
      restore(inputs(target), chosen);
      return roomBelow(result.view, target.querySelector('svg')).then(function () {
        if (generation !== chart.generation) { return; }
        target.setAttribute('data-rendered', 'true');
        target.setAttribute('data-width', String(width));
        var svg = target.querySelector('svg');
        if (svg) {
          svg.setAttribute('role', 'img');
          svg.setAttribute('aria-label', target.getAttribute('aria-label'));
        }
      });
    }).catch(function (err) {
      target.setAttribute('data-error', String(err));
      console.error(err);
    });
    return chart;
  }
  // Vega leaves the second line of a legend label wrapped above out of the chart's height: under the
  // evolution chart on a phone, « 50 % des organisations) » was cut off at the bottom. The chart grows
  // by what its text sticks out below (nothing at all where no text does, as on a desktop).
  function roomBelow(view, svg) {
    if (!svg || !view) { return Promise.resolve(); }
    var box = svg.getBoundingClientRect();
    var scale = svg.height.baseVal.value ? box.height / svg.height.baseVal.value : 1;
    var past = 0;
    svg.querySelectorAll('text').forEach(function (t) {
      if (parseFloat(getComputedStyle(t).opacity) > 0) { past = Math.max(past, t.getBoundingClientRect().bottom - box.bottom); }
    });
    if (past < 0.5 || !scale) { return Promise.resolve(); }
    var padding = view.padding();
    return view.padding(Object.assign({}, padding, {bottom: padding.bottom + Math.ceil(past / scale) + 2})).runAsync();
  }
  // A chart drawn again keeps what the reader chose in its own controls (the organisation highlighted).
  function inputs(target) { return [].slice.call(target.querySelectorAll('.vega-bind select, .vega-bind input')); }
  function restore(elements, values) {
    elements.forEach(function (e, i) {
      if (i >= values.length) { return; }
      if (e.type === 'checkbox' ? e.checked === values[i] : e.value === values[i]) { return; }
      if (e.type === 'checkbox') { e.checked = values[i]; } else { e.value = values[i]; }
      e.dispatchEvent(new Event('input'));
      e.dispatchEvent(new Event('change'));
    });
  }
  function redrawResized() {
    drawn.forEach(function (chart) {
      if (Math.abs((chart.target.clientWidth || 320) - chart.width) > 24) { draw(chart.el, chart); }
    });
  }
  var pending = null;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(redrawResized, 250);
  });
  // A tooltip goes away with Escape, the pointer where it is (WCAG 1.4.13); the next mark hovered shows its own.
  document.addEventListener('keydown', function (e) {
    var tip = document.getElementById('vg-tooltip-element');
    if (e.key === 'Escape' && tip) { tip.classList.remove('visible'); }
  });
  document.querySelectorAll('script.vega-spec').forEach(function (el) { drawn.push(draw(el)); });
})();
/* Data tables beside the charts sort by any column: each header becomes a button. */
(function () {
  function key(text) {
    var t = text.replace(/[\s\u00a0\u202f%]|pts?/g, '').replace('−', '-').replace(',', '.');
    return t !== '' && !isNaN(t) ? parseFloat(t) : null;
  }
  document.querySelectorAll('details.chart-data table').forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 3) { return; }
    table.querySelectorAll('thead th').forEach(function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(button);
      button.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending';
        table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent, kx = key(x), ky = key(y);
          var c = kx !== null && ky !== null ? kx - ky : x.localeCompare(y, document.documentElement.lang);
          return up ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
