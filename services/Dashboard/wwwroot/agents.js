// Agent performance for supervisors: SlaTracking's /api/sla/agent-report over a date range, one row per agent (sortable),
// team subtotals and the centre's total below them (a team filter keeps one team's agents and subtotal), the selected
// agent's trend per period and the distribution of their handle times (the listed agents' when none is selected).
// Every figure comes from the API (docs/reporting.md); the page only formats and sorts.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "supervisor-token";
  let token = sessionStorage.getItem(TOKEN);
  let report = null;
  let sort = { key: "agentName", descending: false };
  let selected = null; // agent id, or null for the centre
  let trendChart = null, distributionChart = null;
  const knownTeams = new Set();
  const number = (x, digits = 0) => x == null ? "—" : new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: digits }).format(x);
  const seconds = (x) => x == null ? "—" : `${number(x, 1)} s`;
  const pct = (x) => x == null ? "—" : new Intl.NumberFormat(i18n.locale, { style: "percent", maximumFractionDigits: 1 }).format(x);
  const isoDay = (d) => d.toISOString().slice(0, 10);

  function query(format) {
    const q = new URLSearchParams({ from: $("from").value, to: $("to").value, granularity: $("granularity").value, interval: "15", format, lang: i18n.lang });
    if ($("team").value) q.set("team", $("team").value);
    return q;
  }

  async function get(format) {
    const response = await fetchAuthorized(TOKEN, `/api/sla/agent-report?${query(format)}`);
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (response.status === 400) {
      const problem = await response.json();
      throw new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.title);
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response;
  }

  async function load() {
    $("perf-error").textContent = "";
    try {
      report = await (await get("json")).json();
      if (selected && !report.rows.some((r) => r.agentId === selected)) selected = null;
      listTeams();
      render();
    } catch (e) {
      $("perf-error").textContent = e.message;
    }
  }

  const totals = () => report.rows.filter((r) => r.period === "total" && r.agentId !== null);
  // Team rows, then the centre's (absent when filtered to a team): agentId null, team set or not.
  const subtotals = () => report.rows.filter((r) => r.period === "total" && r.agentId === null)
    .sort((a, b) => (a.team == null) - (b.team == null) || (a.team ?? "").localeCompare(b.team ?? "", i18n.locale));

  function listTeams() {
    for (const r of report.rows) if (r.team) knownTeams.add(r.team);
    const select = $("team"), chosen = select.value;
    const options = [...knownTeams].sort((a, b) => a.localeCompare(b, i18n.locale)).map((t) => new Option(t, t));
    select.replaceChildren(select.options[0], ...options);
    select.value = chosen;
  }

  function label(r) {
    if (r.agentId !== null) return `${r.agentName} (${r.agentId})`;
    return r.team == null ? i18n.t("perf.centre") : i18n.t("perf.teamRow", { team: r.team });
  }

  function cells(r) {
    return [label(r), r.team ?? "—", number(r.offered), number(r.answered), number(r.missed),
      number(r.rejected), number(r.transfers), seconds(r.averageTalkSeconds), seconds(r.averageHoldSeconds),
      seconds(r.averageAfterCallWorkSeconds), seconds(r.averageHandleSeconds), pct(r.occupancy), pct(r.adherence), pct(r.conformance), seconds(r.notReadySeconds), seconds(r.loggedInSeconds)];
  }

  function row(r, header) {
    const tr = document.createElement("tr");
    cells(r).forEach((value, i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      td.textContent = value;
      tr.append(td);
    });
    if (!header) {
      tr.dataset.agent = r.agentId;
      tr.tabIndex = 0;
      tr.classList.toggle("selected", r.agentId === selected);
      const pick = () => { selected = selected === r.agentId ? null : r.agentId; render(); };
      tr.addEventListener("click", pick);
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    }
    return tr;
  }

  function render() {
    if (!report) return;
    const rows = totals().sort((a, b) => {
      const x = a[sort.key], y = b[sort.key];
      const order = x == null ? (y == null ? 0 : -1) : y == null ? 1 : typeof x === "string" ? x.localeCompare(y, i18n.locale) : x - y;
      return sort.descending ? -order : order;
    });
    document.querySelectorAll("#agents-table button.sort").forEach((b) => {
      b.parentElement.setAttribute("aria-sort", b.dataset.key === sort.key ? (sort.descending ? "descending" : "ascending") : "none");
    });
    $("agents-table").querySelector("tbody").replaceChildren(...rows.map((r) => row(r, false)));
    $("agents-table").querySelector("tfoot").replaceChildren(...subtotals().map((r) => row(r, true)));
    $("no-data").hidden = rows.length > 0;
    drawTrend();
    drawDistribution();
  }

  function drawTrend() {
    const whole = subtotals().at(-1);
    const periods = report.rows.filter((r) => r.period !== "total" && (selected ? r.agentId === selected : r.agentId === null && (r.team ?? null) === (whole?.team ?? null)));
    $("trend-agent").textContent = selected ? periods[0]?.agentName ?? selected : whole ? label(whole) : i18n.t("perf.centre");
    trendChart?.destroy();
    trendChart = new Chart($("trend"), {
      data: {
        labels: periods.map((r) => r.period.replace("T00:00", "")),
        datasets: [
          { type: "bar", label: i18n.t("perf.answered"), data: periods.map((r) => r.answered), backgroundColor: "#5aa0ff", yAxisID: "calls" },
          { type: "line", label: i18n.t("perf.aht"), data: periods.map((r) => r.averageHandleSeconds), borderColor: "#e0a526",
            backgroundColor: "#e0a526", yAxisID: "seconds" },
          { type: "line", label: i18n.t("perf.occupancy"), data: periods.map((r) => r.occupancy == null ? null : r.occupancy * 100),
            borderColor: "#2fb37a", backgroundColor: "#2fb37a", yAxisID: "percent" },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          calls: { position: "left", beginAtZero: true, ticks: { color: "#c7d3df", precision: 0 } },
          seconds: { position: "right", beginAtZero: true, ticks: { color: "#e0a526" }, grid: { drawOnChartArea: false } },
          percent: { position: "right", min: 0, max: 100, ticks: { color: "#2fb37a" }, grid: { drawOnChartArea: false } },
          x: { ticks: { color: "#c7d3df" } },
        },
        plugins: { legend: { labels: { color: "#e8edf2" } } },
      },
    });
  }

  function drawDistribution() {
    const bins = new Map();
    for (const b of report.handleTimeDistribution)
      if (selected === null || b.agentId === selected) bins.set(b.fromSeconds, (bins.get(b.fromSeconds) || 0) + b.legs);
    const starts = [...bins.keys()].sort((a, b) => a - b);
    $("distribution-agent").textContent = $("trend-agent").textContent;
    distributionChart?.destroy();
    distributionChart = new Chart($("distribution"), {
      type: "bar",
      data: {
        labels: starts.map((s) => `${s}–${s + report.handleTimeBinSeconds} s`),
        datasets: [{ label: i18n.t("perf.legs"), data: starts.map((s) => bins.get(s)), backgroundColor: "#c678dd" }],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { color: "#c7d3df", precision: 0 } }, x: { ticks: { color: "#c7d3df" } } },
        plugins: { legend: { labels: { color: "#e8edf2" } } },
      },
    });
  }

  async function download(format) {
    $("perf-error").textContent = "";
    try {
      const blob = await (await get(format)).blob();
      const url = URL.createObjectURL(blob);
      if (format === "html") { window.open(url, "_blank"); return; }
      const a = document.createElement("a");
      a.href = url;
      a.download = `agents-${$("from").value}-${$("to").value}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      $("perf-error").textContent = e.message;
    }
  }

  function show() {
    $("login").hidden = true;
    $("performance").hidden = false;
    $("logout").hidden = false;
    load();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  const today = new Date();
  $("to").value = isoDay(today);
  $("from").value = isoDay(new Date(today.getTime() - 6 * 86400000));
  document.querySelectorAll("#agents-table button.sort").forEach((b) => b.addEventListener("click", () => {
    sort = { key: b.dataset.key, descending: sort.key === b.dataset.key ? !sort.descending : b.dataset.key !== "agentName" };
    render();
  }));
  document.querySelectorAll("#range button[data-format]").forEach((b) => b.addEventListener("click", () => download(b.dataset.format)));
  $("range").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("logout").addEventListener("click", logout);
  signIn(TOKEN, (t) => { token = t; show(); });
  i18n.onChange(() => { if (token && report) render(); });
  if (token) show();
})();
