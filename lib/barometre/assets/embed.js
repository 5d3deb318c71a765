/* Baromètre: draw every chart of the page with the offline Vega bundle (no network).
   Charts fit their container: a single view takes the container's width, small multiples
   wrap to as many columns as fit, anything wider is scaled down (see style.css). */
(function () {
  function fit(spec, width) {
    var multi = spec.hconcat || spec.vconcat || spec.concat || spec.repeat;
    // The drawn chart is one image with the figure's text alternative (role="img" below), whose
    // children assistive technologies never read: no ARIA labels on each mark and axis.
    spec.config = Object.assign({}, spec.config, {aria: false});
    spec.config.mark = Object.assign({}, spec.config.mark, {aria: false});
    if (!multi && !spec.facet && typeof spec.width === 'number') {
      spec.width = 'container';
      spec.autosize = {type: 'fit-x', contains: 'padding'};
    } else if (spec.facet && spec.columns && spec.spec && typeof spec.spec.width === 'number') {
      spec.columns = Math.max(1, Math.min(spec.columns, Math.floor(width / (spec.spec.width + 70))));
    }
    if (width < 600) {  // a phone: shorter axis labels, titles cut to the width, legends in one column
      var limit = Math.round(width * 0.4);
      capLabels(spec, limit);
      spec.config.axis = Object.assign({}, spec.config.axis, {labelLimit: limit});
      spec.config.title = Object.assign({}, spec.config.title, {limit: width - 24});
      spec.config.legend = Object.assign({}, spec.config.legend, {columns: 1, labelLimit: width - 100});
    }
    return spec;
  }
  function capLabels(node, limit) {
    if (!node || typeof node !== 'object') { return; }
    if (typeof node.labelLimit === 'number' && node.labelLimit > limit) { node.labelLimit = limit; }
    Object.keys(node).forEach(function (k) { if (k !== 'data' && k !== 'datasets') { capLabels(node[k], limit); } });
  }
  function draw(el) {
    var payload = JSON.parse(el.textContent);
    var target = document.getElementById(el.getAttribute('data-target'));
    var spec = fit(payload.spec, target.clientWidth || 320);
    vegaEmbed(target, spec, payload.options).then(function () {
      target.setAttribute('data-rendered', 'true');
      var svg = target.querySelector('svg');
      if (svg) {
        svg.setAttribute('role', 'img');
        svg.setAttribute('aria-label', target.getAttribute('aria-label'));
      }
    }).catch(function (err) {
      target.setAttribute('data-error', String(err));
      console.error(err);
    });
  }
  document.querySelectorAll('script.vega-spec').forEach(draw);
})();
/* Data tables beside the charts sort by any column: each header becomes a button. */
(function () {
  function key(text) {
    var t = text.replace(/[\s\u00a0\u202f%]|pts/g, '').replace('−', '-').replace(',', '.');
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
