// Builds the report's charts from the JSON in #data (written by hvlab's HtmlReport).
(function () {
  var status = document.getElementById('render-status');
  window.addEventListener('error', function (e) { status.textContent = 'error: ' + e.message; });
  var data = JSON.parse(document.getElementById('data').textContent);
  var summary = data.summary;
  var root = document.getElementById('charts');
  var palette = ['#4472c4', '#ed7d31', '#a5a5a5', '#ffc000', '#5b9bd5', '#70ad47', '#264478', '#9e480e'];
  var charts = 0;

  function heading(level, text) {
    var h = document.createElement('h' + level);
    h.textContent = text;
    root.appendChild(h);
  }

  function chart(config) {
    var box = document.createElement('div');
    box.className = 'chart';
    var canvas = document.createElement('canvas');
    box.appendChild(canvas);
    root.appendChild(box);
    config.options = Object.assign({ animation: false, maintainAspectRatio: false, responsive: true }, config.options || {});
    new Chart(canvas, config);
    charts++;
  }

  function note(text) {
    var p = document.createElement('p');
    p.textContent = text;
    root.appendChild(p);
  }

  summary.workloads.forEach(function (w) {
    heading(2, w);
    var rows = summary.rows.filter(function (r) { return r.workload === w; });
    var units = [];
    rows.forEach(function (r) { if (units.indexOf(r.unit) < 0) units.push(r.unit); });
    units.forEach(function (u) {
      var rs = rows.filter(function (r) { return r.unit === u; });
      chart({
        type: 'bar',
        data: {
          labels: rs.map(function (r) { return r.metric; }),
          datasets: summary.hypervisors.map(function (h, i) {
            return { label: h, backgroundColor: palette[i % palette.length],
                     data: rs.map(function (r) { return r.values[h] === undefined ? null : r.values[h]; }) };
          })
        },
        options: { plugins: { title: { display: true, text: w + ' (' + u + ', ' + rs[0].better + ' is better)' } } }
      });
    });
    var runs = data.runs.filter(function (r) { return r.workload === w; });
    var names = [];
    runs.forEach(function (r) { Object.keys(r.histograms).forEach(function (n) { if (names.indexOf(n) < 0) names.push(n); }); });
    names.forEach(function (n) {
      var first = runs.filter(function (r) { return r.histograms[n]; })[0].histograms[n];
      var used = 1;
      runs.forEach(function (r) {
        var h = r.histograms[n];
        if (h) h.counts.forEach(function (c, i) { if (c > 0) used = Math.max(used, i + 1); });
      });
      var labels = [];
      for (var i = 0; i < used; i++) labels.push((i * first.width) + (i === first.counts.length - 1 ? '+' : ''));
      chart({
        type: 'bar',
        data: {
          labels: labels,
          datasets: runs.filter(function (r) { return r.histograms[n]; }).map(function (r) {
            return { label: r.hypervisor, backgroundColor: palette[summary.hypervisors.indexOf(r.hypervisor) % palette.length],
                     data: r.histograms[n].counts.slice(0, used) };
          })
        },
        options: { plugins: { title: { display: true, text: n + ': samples per ' + first.width + ' ' + first.unit + ' bucket' } },
                   scales: { x: { title: { display: true, text: first.unit } } } }
      });
    });
    runs.forEach(function (r) {
      var paths = Object.keys(r.costLedger);
      if (paths.length === 0) return;
      var steps = [];
      paths.forEach(function (p) { Object.keys(r.costLedger[p]).forEach(function (s) { if (steps.indexOf(s) < 0) steps.push(s); }); });
      chart({
        type: 'bar',
        data: {
          labels: paths,
          datasets: steps.map(function (s, i) {
            return { label: s, backgroundColor: palette[i % palette.length],
                     data: paths.map(function (p) { return r.costLedger[p][s] || 0; }) };
          })
        },
        options: { plugins: { title: { display: true, text: r.hypervisor + ': cycles by path and step (cost ledger)' } },
                   scales: { x: { stacked: true }, y: { stacked: true } } }
      });
    });
  });
  if (!data.runs.some(function (r) { return Object.keys(r.costLedger).length > 0; })) {
    note('No cost ledger in these runs: only hypervisor models record one (native runs have none).');
  }
  if (status.textContent.indexOf('error') !== 0) status.textContent = 'rendered ' + charts + ' charts';
})();
