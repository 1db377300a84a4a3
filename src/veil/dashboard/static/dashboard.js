/* veil's dashboard: clickable rows, self-submitting filters, and the overview's uPlot charts.
   Served under a Content-Security-Policy without inline script: the chart data is read from
   the page's <script type="application/json" id="chart-data"> block. */
"use strict";

(function () {
  // A click anywhere on a row with data-href opens it (links and selected text aside).
  document.addEventListener("click", function (ev) {
    const row = ev.target.closest("tr[data-href]");
    if (!row || ev.target.closest("a, button, input, select, summary")) return;
    if (String(window.getSelection())) return;
    window.location.assign(row.dataset.href);
  });

  // A changed filter applies at once; empty fields stay out of the address.
  document.addEventListener("change", function (ev) {
    if (ev.target.matches("select[data-autosubmit]")) ev.target.form.requestSubmit();
  });
  document.addEventListener("formdata", function (ev) {
    for (const [name, value] of Array.from(ev.formData.entries())) {
      if (value === "") ev.formData.delete(name);
    }
  });

  const block = document.getElementById("chart-data");
  if (!block || typeof uPlot === "undefined") return;
  const charts = JSON.parse(block.textContent);
  const style = getComputedStyle(document.documentElement);
  const css = (name) => style.getPropertyValue(name).trim();
  const tierColor = (tier) => css("--tier-" + tier.toLowerCase().replace(/[^a-z]/g, "")) || css("--tier-none");
  const axis = () => ({
    stroke: css("--muted"),
    grid: { stroke: css("--grid"), width: 1 },
    ticks: { stroke: css("--grid"), width: 1 },
  });
  const utc = (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC");
  const drawn = [];

  function widthOf(el) {
    return Math.max(280, el.clientWidth);
  }

  function requests(el, chart) {
    // Stacked bars: each series holds the running total up to its tier, drawn from the top of
    // the stack down so that each lower tier paints over the one above it.
    const totals = [];
    let running = chart.x.map(() => 0);
    for (const s of chart.series) {
      running = running.map((sum, i) => sum + s.values[i]);
      totals.push(running);
    }
    const order = chart.series.map((_, i) => i).reverse();
    const bars = uPlot.paths.bars({ size: [0.8, 48] });
    const half = (chart.x.length > 1 ? chart.x[1] - chart.x[0] : 3600) / 2; // whole first and last bars
    return new uPlot(
      {
        width: widthOf(el),
        height: 240,
        tzDate: utc,
        cursor: { points: { show: false } },
        scales: {
          x: { time: true, range: (u, min, max) => [min - half, max + half] },
          y: { range: (u, min, max) => [0, Math.max(1, max)] },
        },
        axes: [axis(), Object.assign(axis(), { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : "")) })],
        series: [
          { label: "time (UTC)" },
          ...order.map((i) => ({
            label: chart.series[i].label,
            fill: tierColor(chart.series[i].label),
            stroke: tierColor(chart.series[i].label),
            width: 0,
            paths: bars,
            points: { show: false },
            value: (u, v, si, idx) => (idx == null ? "–" : String(chart.series[i].values[idx])),
          })),
        ],
      },
      [chart.x, ...order.map((i) => totals[i])],
      el,
    );
  }

  function latency(el, chart) {
    return new uPlot(
      {
        width: widthOf(el),
        height: 240,
        tzDate: utc,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [axis(), axis()],
        series: [
          { label: "time (UTC)" },
          {
            label: "veil ms",
            stroke: css("--accent"),
            paths: () => null,
            points: { show: true, size: 5, fill: css("--accent"), stroke: css("--accent") },
            value: (u, v) => (v == null ? "–" : v.toFixed(2)),
          },
        ],
      },
      [chart.x, chart.y],
      el,
    );
  }

  for (const el of document.querySelectorAll(".plot[data-series]")) {
    const chart = charts[el.dataset.series];
    if (!chart || !chart.x.length) continue;
    drawn.push([el, el.dataset.series === "requests" ? requests(el, chart) : latency(el, chart)]);
  }
  window.addEventListener("resize", function () {
    for (const [el, plot] of drawn) plot.setSize({ width: widthOf(el), height: 240 });
  });
})();
