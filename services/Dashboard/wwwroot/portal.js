// The client portal: a client company's own service levels by day or month, against its contract's target, and its
// reports to download. Everything comes from SlaTracking's report API with the client's token, which names the tenant.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "client-token";
  let token = sessionStorage.getItem(TOKEN);
  let chart = null;
  let report = null;

  const pct = (x) => (x == null ? "—" : new Intl.NumberFormat(i18n.locale, { style: "percent", minimumFractionDigits: 1 }).format(x));
  const secs = (x) => (x == null ? "—" : `${Math.round(x)} s`);

  function monthRange() {
    const [y, m] = $("month").value.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { from: `${$("month").value}-01`, to: `${$("month").value}-${String(last).padStart(2, "0")}` };
  }

  function query(format) {
    const { from, to } = monthRange();
    const params = new URLSearchParams({ from, to, granularity: $("granularity").value, format, lang: i18n.lang });
    return `/api/sla/reports?${params}`;
  }

  // The calls behind the month's figures, counted as the report counts them.
  function contactsQuery(queueId, kind) {
    const { from, to } = monthRange();
    const params = new URLSearchParams({ from, to, granularity: "month", format: "csv", lang: i18n.lang });
    if (queueId) params.set("queueId", queueId);
    if (kind) params.set("kind", kind);
    return `/api/sla/reports/contacts?${params}`;
  }

  async function call(url, init) {
    const response = await fetchAuthorized(TOKEN, url, init);
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response;
  }

  async function load() {
    $("portal-error").textContent = "";
    try {
      report = await (await call(query("json"))).json();
      render();
    } catch (e) {
      $("portal-error").textContent = e.message;
    }
  }

  function render() {
    if (!report) return;
    $("tenant-name").textContent = `${report.tenantName} · ${report.timeZone}`;
    const totals = report.rows.filter((r) => r.queueId === "*" && r.kind === "voice");
    // The target line: the tenant-wide contract's, else the target most of the queues share.
    const voice = report.contracts.filter((c) => c.kind === "voice");
    const tenantWide = voice.find((c) => c.queueId == null);
    const targets = voice.map((c) => c.serviceLevelTarget);
    const target = tenantWide ? tenantWide.serviceLevelTarget
      : targets.sort((a, b) => targets.filter((t) => t === b).length - targets.filter((t) => t === a).length)[0] ?? 0;
    const hasCalls = totals.some((r) => r.figures.offered > 0);
    $("no-data").hidden = hasCalls;
    const day = new Intl.DateTimeFormat(i18n.locale, { day: "2-digit", month: "2-digit" });
    const month = new Intl.DateTimeFormat(i18n.locale, { month: "long", year: "numeric" });
    const labels = totals.map((r) => {
      const [y, m, d] = r.period.slice(0, 10).split("-").map(Number);
      const date = new Date(Date.UTC(y, m - 1, d || 1));
      return report.granularity === "month" ? month.format(date) : day.format(date);
    });
    const data = {
      labels,
      datasets: [
        { type: "bar", label: i18n.t("portal.total"), data: totals.map((r) => (r.figures.serviceLevel == null ? null : r.figures.serviceLevel * 100)),
          backgroundColor: totals.map((r) => (r.figures.serviceLevel != null && r.figures.serviceLevel < target ? "#e5534b" : "#2fb37a")) },
        { type: "line", label: i18n.t("portal.target"), data: labels.map(() => target * 100), borderColor: "#e0a526",
          borderDash: [6, 4], pointRadius: 0 },
      ],
    };
    const options = {
      animation: false, maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { color: "#c7d3df", callback: (v) => `${v} %` } }, x: { ticks: { color: "#c7d3df" } } },
      plugins: { legend: { labels: { color: "#e8edf2" } } },
    };
    if (chart) chart.destroy();
    chart = new Chart($("chart"), { data, options });

    const body = $("compliance").querySelector("tbody");
    body.replaceChildren(...report.compliance.map((c) => {
      const row = document.createElement("tr");
      // As the report counts: the queue's contract of the kind, the tenant's of the kind, else the queue's calls'.
      const contract = [[c.queueId, c.kind], [null, c.kind], [c.queueId, "voice"], [null, "voice"]]
        .map(([queue, kind]) => report.contracts.find((k) => k.queueId == queue && k.kind === kind)).find(Boolean);
      const cells = [
        c.queueName,
        contract ? `${pct(contract.serviceLevelTarget)} / ${contract.thresholdSeconds} s` : "—",
        pct(c.figures.serviceLevel),
        c.figures.offered, c.figures.answered, c.figures.abandoned,
        secs(c.figures.averageSpeedOfAnswerSeconds),
        c.figures.offered === 0 ? "—" : c.serviceLevel.missed > 0 ? i18n.t("portal.missed") : (c.complete ? i18n.t("portal.met") : i18n.t("portal.partial")),
        new Intl.NumberFormat(i18n.locale, { style: "currency", currency: c.currency || "EUR" }).format(c.penalties),
      ];
      cells.forEach((value, i) => {
        const cell = document.createElement("td");
        cell.textContent = value;
        if (i === 7 && c.figures.offered > 0) cell.className = c.serviceLevel.missed > 0 ? "bad" : "ok";
        row.append(cell);
      });
      const contacts = document.createElement("td");
      const link = document.createElement("button");
      link.type = "button";
      link.className = "secondary";
      link.textContent = "CSV";
      link.dataset.contactsQueue = c.queueId;
      link.dataset.contactsKind = c.kind;
      link.addEventListener("click", () => download(contactsQuery(c.queueId, c.kind), "csv"));
      contacts.append(link);
      row.append(contacts);
      return row;
    }));
  }

  async function download(url, format) {
    try {
      const response = await call(url);
      const blob = await response.blob();
      const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "")?.[1]
        || `sla-report-${monthRange().from.slice(0, 7)}.${format}`;
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (e) {
      $("portal-error").textContent = e.message;
    }
  }

  // A signed pack exists for closed months only; the server decides in the tenant's zone, this only hides the button.
  function showPack() {
    const now = new Date();
    $("pack").hidden = !$("month").value || $("month").value >= `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
  }

  // The month's latest signed pack, issued first if it has none yet.
  async function downloadPack() {
    const month = $("month").value;
    try {
      let [latest] = await (await call(`/api/sla/packs?${new URLSearchParams({ month })}`)).json();
      latest ??= await (await call("/api/sla/packs", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ month }),
      })).json();
      await download(`/api/sla/packs/download?${new URLSearchParams({ month, version: latest.version })}`, "zip");
    } catch (e) {
      $("portal-error").textContent = e.message;
    }
  }

  function show() {
    $("login").hidden = true;
    $("portal").hidden = false;
    $("logout").hidden = false;
    const now = new Date();
    $("month").value ||= `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
    showPack();
    load();
    // The client's own language, unless this browser chose one.
    call("/api/tenants").then((r) => r.json()).then(([tenant]) => tenant && i18n.preferByDefault(tenant.language)).catch(() => {});
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    token = null;
    location.reload();
  }

  signIn(TOKEN, (t) => { token = t; show(); });
  $("month").addEventListener("change", () => { showPack(); load(); });
  $("pack").addEventListener("click", downloadPack);
  $("granularity").addEventListener("change", load);
  document.querySelectorAll("[data-format]").forEach((b) => b.addEventListener("click", () => download(query(b.dataset.format), b.dataset.format)));
  $("contacts-csv").addEventListener("click", () => download(contactsQuery(null), "csv"));
  $("logout").addEventListener("click", logout);
  i18n.onChange(load);
  if (token) show();
})();
