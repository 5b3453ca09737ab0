// The wallboard's service level through the day: one line per client company the supervisor may see (or the one the
// client filter picks), by half hour, from SlaTracking's report API; refreshed every minute.
(() => {
  const $ = (id) => document.getElementById(id);
  const colours = ["#5aa0ff", "#2fb37a", "#e0a526", "#c678dd", "#e5534b", "#56b6c2"];
  let chart = null;

  let zones = null;   // tenant id -> IANA time zone, from /api/tenants

  // Today in the client company's time zone (yyyy-MM-dd): its report's day, whatever the browser's zone.
  function today(timeZone) {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone || undefined, year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  }

  async function loadZones(token) {
    const response = await fetchAuthorized("token", "/api/tenants");
    zones = response.ok ? new Map((await response.json()).map((t) => [t.id, t.timeZone])) : new Map();
  }

  async function tenantSeries(token, tenantId) {
    const day = today(zones.get(tenantId));
    const params = new URLSearchParams({ tenantId, from: day, to: day, granularity: "interval", interval: "30", format: "json", lang: i18n.lang });
    const response = await fetchAuthorized("token", `/api/sla/reports?${params}`);
    if (!response.ok) return null;
    const report = await response.json();
    return { name: report.tenantName, rows: report.rows.filter((r) => r.queueId === "*") };
  }

  async function refresh() {
    const token = sessionStorage.getItem("token");
    if (!token || $("wallboard").hidden) return;
    const select = $("filters").elements.tenantId;
    const chosen = select.value;
    const tenants = chosen ? [chosen] : [...select.options].map((o) => o.value).filter(Boolean);
    if (tenants.length === 0) return;
    if (!zones) await loadZones(token);
    const series = (await Promise.all(tenants.map((id) => tenantSeries(token, id)))).filter(Boolean);
    if (series.length === 0) return;
    const labels = series[0].rows.map((r) => r.period.slice(11, 16));
    const data = {
      labels,
      datasets: series.map((s, i) => ({
        label: s.name, data: s.rows.map((r) => (r.figures.serviceLevel == null ? null : r.figures.serviceLevel * 100)),
        borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], spanGaps: true, pointRadius: 2,
      })),
    };
    if (chart) { chart.data = data; chart.update(); return; }
    chart = new Chart($("day-chart"), {
      type: "line", data,
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { color: "#c7d3df", callback: (v) => `${v} %` } }, x: { ticks: { color: "#c7d3df" } } },
        plugins: { legend: { labels: { color: "#e8edf2" } } },
      },
    });
  }

  $("filters").addEventListener("change", refresh);
  i18n.onChange(refresh);
  setInterval(refresh, 60_000);
  // The client filter fills in as the first tiles arrive: draw as soon as there is a tenant to draw.
  const first = setInterval(() => { if ($("filters").elements.tenantId.options.length > 1) { clearInterval(first); refresh(); } }, 500);
})();
