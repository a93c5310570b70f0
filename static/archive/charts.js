/* Draw the metrics charts from <script type="application/json" id="chart-data"> (no inline JS). */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var label = "合计（" + data.unit + "）";
    var color = "#8b1a1a";
    var common = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } };
    var bar = document.getElementById("chart-city");
    if (bar && data.by_city.length) {
      new Chart(bar, {
        type: "bar",
        data: { labels: data.by_city.map(function (r) { return r[0]; }),
                datasets: [{ label: label, data: data.by_city.map(function (r) { return r[1]; }), backgroundColor: color }] },
        options: Object.assign({}, common, { plugins: { legend: { display: false }, title: { display: true, text: "按城市" + label } } })
      });
    }
    var line = document.getElementById("chart-year");
    if (line && data.by_year.length) {
      new Chart(line, {
        type: "line",
        data: { labels: data.by_year.map(function (r) { return String(r[0]); }),
                datasets: [{ label: label, data: data.by_year.map(function (r) { return r[1]; }), borderColor: color, backgroundColor: color, tension: 0 }] },
        options: Object.assign({}, common, { plugins: { legend: { display: false }, title: { display: true, text: "按年份" + label } } })
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
