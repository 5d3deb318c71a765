/* Baromètre: draw every chart of the page with the offline Vega bundle (no network).
   Charts fit their container: a single view takes the container's width, small multiples
   wrap to as many columns as fit, anything wider is scaled down (see style.css). */
(function () {
  function fit(spec, width) {
    var multi = spec.hconcat || spec.vconcat || spec.concat || spec.repeat;
    if (!multi && !spec.facet && typeof spec.width === 'number') {
      spec.width = 'container';
      spec.autosize = {type: 'fit-x', contains: 'padding'};
    } else if (spec.facet && spec.columns && spec.spec && typeof spec.spec.width === 'number') {
      spec.columns = Math.max(1, Math.min(spec.columns, Math.floor(width / (spec.spec.width + 70))));
    }
    return spec;
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
