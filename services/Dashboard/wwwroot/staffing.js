// The staffing what-if: how many agents an interval needs for the target (Erlang C, or Erlang A with a patience), and the
// service level that each head count around it would give, as a curve; then a schedule's coverage against a day's
// requirement (Scheduling's requirements and rostering APIs). Everything is Scheduling's API.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "supervisor-token";
  let token = sessionStorage.getItem(TOKEN);
  let chart = null;
  const pct = (x) => new Intl.NumberFormat(i18n.locale, { style: "percent", maximumFractionDigits: 1 }).format(x);

  function question(agents) {
    const patience = $("patience").value ? Number($("patience").value) : null;
    const body = {
      callsPerInterval: Number($("calls").value), intervalSeconds: Number($("interval").value), ahtSeconds: Number($("aht").value),
      targetAnswerSeconds: Number($("threshold").value), targetServiceLevel: Number($("target").value) / 100,
      shrinkage: $("shrinkage").value ? Number($("shrinkage").value) / 100 : 0,
    };
    if (patience) body.patienceSeconds = patience;
    if (agents) body.agents = agents;
    return { url: patience ? "/api/staffing/erlang-a" : "/api/staffing/erlang-c", body };
  }

  async function ask(agents) {
    const { url, body } = question(agents);
    return post(url, body);
  }

  async function post(url, body) {
    const response = await fetchAuthorized(TOKEN, url, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (response.status === 400) {
      const problem = await response.json();
      const error = new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.title);
      error.badRequest = true;
      throw error;
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.json();
  }

  async function compute() {
    $("staffing-error").textContent = "";
    try {
      const needed = await ask(null);
      $("result").textContent = i18n.t("staffing.result", {
        agents: needed.agents, scheduled: needed.scheduledAgents, sl: pct(needed.serviceLevel),
        asa: `${new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(needed.asaSeconds)} s`, occ: pct(needed.occupancy),
      }) + (needed.abandonRate != null ? i18n.t("staffing.abandon", { ab: pct(needed.abandonRate) }) : "");
      const counts = [];
      for (let n = Math.max(1, needed.agents - 5); n <= needed.agents + 6; n++) counts.push(n);
      // Head counts below the traffic have no steady state in Erlang C: the API says so (400) and the curve skips them.
      const levels = await Promise.all(counts.map((n) => ask(n).then((r) => r.serviceLevel * 100, (e) => (e.badRequest ? null : Promise.reject(e)))));
      draw(counts, levels, needed.agents);
    } catch (e) {
      $("staffing-error").textContent = e.message;
    }
  }

  function draw(counts, levels, needed) {
    const target = Number($("target").value);
    if (chart) chart.destroy();
    chart = new Chart($("curve"), {
      data: {
        labels: counts,
        datasets: [
          { type: "line", label: i18n.t("staffing.curve"), data: levels, borderColor: "#5aa0ff", backgroundColor: "#5aa0ff",
            pointRadius: counts.map((n) => (n === needed ? 7 : 3)), spanGaps: false },
          { type: "line", label: i18n.t("portal.target"), data: counts.map(() => target), borderColor: "#e0a526", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          y: { min: 0, max: 100, ticks: { color: "#c7d3df", callback: (v) => `${v} %` } },
          x: { title: { display: true, text: i18n.t("staffing.agents"), color: "#c7d3df" }, ticks: { color: "#c7d3df" } },
        },
        plugins: { legend: { labels: { color: "#e8edf2" } } },
      },
    });
  }

  // A schedule's coverage: a day's requirement (two peaks, 8:00 to 20:00) from the what-if's parameters, then the team's
  // schedule on three shift templates, charted interval by interval against the requirement.
  const PROFILE = [0.45, 0.8, 1, 0.9, 0.7, 0.55, 0.65, 0.85, 0.95, 0.75, 0.55, 0.35]; // share of the peak, hour by hour from 8:00
  let coverageChart = null;
  let lastSchedule = null;
  let lastCheck = null;

  function nextMonday() {
    const d = new Date();
    d.setDate(d.getDate() + ((8 - d.getDay()) % 7 || 7));
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function requirementRequest(day, minutes) {
    const forecast = [];
    for (let m = 8 * 60; m < 20 * 60; m += minutes) {
      const start = `${day}T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`;
      forecast.push({ start, calls: Math.round(Number($("coverage-peak").value) * PROFILE[Math.floor(m / 60) - 8] * 10) / 10 });
    }
    const queue = {
      id: "what-if", skillGroup: "team", ahtSeconds: Number($("aht").value), targetServiceLevel: Number($("target").value) / 100,
      targetAnswerSeconds: Number($("threshold").value), forecast,
    };
    if ($("patience").value) queue.patienceSeconds = Number($("patience").value);
    return { intervalMinutes: minutes, queues: [queue] };
  }

  function scheduleRequest(day, minutes, intervals) {
    const shift = (name, earliestStart, latestStart) => ({
      name, lengthMinutes: 480, earliestStart, latestStart, startEveryMinutes: 30,
      break: { minutes, earliestAfterMinutes: 120, latestAfterMinutes: 180 }, lunch: { minutes: 30, earliestAfterMinutes: 210, latestAfterMinutes: 300 },
    });
    const team = Number($("coverage-team").value);
    return {
      firstDay: day, weeks: 1, intervalMinutes: minutes, timeLimitSeconds: 5,
      templates: [shift("early", "08:00", "09:00"), shift("late", "11:00", "12:00"),
        { name: "part-time", lengthMinutes: 240, earliestStart: "08:00", latestStart: "16:00", startEveryMinutes: 60,
          break: { minutes, earliestAfterMinutes: 90, latestAfterMinutes: 150 } }],
      agents: Array.from({ length: team }, (_, i) => ({ id: `agent${String(i + 1).padStart(2, "0")}`, skills: ["team"] })),
      requirement: intervals,
    };
  }

  async function solveCoverage() {
    $("coverage-error").textContent = "";
    $("coverage-status").textContent = i18n.t("coverage.solving");
    $("coverage-solve").disabled = true;
    try {
      const day = $("coverage-day").value;
      const minutes = Number($("interval").value) / 60;
      const requirement = await post("/api/staffing/requirements", requirementRequest(day, minutes));
      const schedule = await post("/api/schedules/solve", scheduleRequest(day, minutes, requirement.intervals));
      lastSchedule = { day, team: Number($("coverage-team").value), schedule, requirement: requirementRequest(day, minutes) };
      lastCheck = null;
      drawCoverage();
    } catch (e) {
      $("coverage-status").textContent = "";
      $("coverage-error").textContent = e.message;
    } finally {
      $("coverage-solve").disabled = false;
    }
  }

  function drawCoverage() {
    if (!lastSchedule) return;
    const { day, team, schedule } = lastSchedule;
    const number = (x, digits) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: digits }).format(x);
    const rows = schedule.coverage.filter((c) => c.start.startsWith(day) && (c.required > 0 || c.onDuty > 0));
    const time = (c) => c.start.slice(11, 16);
    $("coverage-status").textContent = i18n.t("coverage.done", { secs: `${number(schedule.wallSeconds, 1)}\u00a0s`, shifts: schedule.shifts.length, team });
    const figures = $("coverage-figures");
    const field = (name, text, value) => {
      const dd = figures.querySelector(`[data-field=${name}]`);
      dd.textContent = text;
      dd.dataset.value = value;
    };
    field("status", i18n.t(`coverage.${schedule.status}`), schedule.status);
    field("gap", schedule.gap == null ? "—" : pct(schedule.gap), schedule.gap ?? "");
    field("under", number(schedule.underStaffed, 0), schedule.underStaffed);
    field("over", number(schedule.overStaffed, 0), schedule.overStaffed);
    field("paid", number(schedule.paidHours, 1), schedule.paidHours);
    field("shifts", number(schedule.shifts.length, 0), schedule.shifts.length);
    figures.hidden = false;

    $("coverage-box").hidden = false;
    if (coverageChart) coverageChart.destroy();
    coverageChart = new Chart($("coverage-chart"), {
      data: {
        labels: rows.map(time),
        datasets: [
          { type: "bar", label: i18n.t("coverage.onDuty"), data: rows.map((c) => c.onDuty), backgroundColor: "#5aa0ff", order: 2 },
          { type: "line", label: i18n.t("coverage.required"), data: rows.map((c) => c.required), borderColor: "#e0a526",
            backgroundColor: "#e0a526", stepped: "middle", pointRadius: 0, borderWidth: 3, order: 1 },
        ],
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          y: { beginAtZero: true, ticks: { color: "#c7d3df", precision: 0 }, title: { display: true, text: i18n.t("staffing.agents"), color: "#c7d3df" } },
          x: { ticks: { color: "#c7d3df" } },
        },
        plugins: { legend: { labels: { color: "#e8edf2" } } },
      },
    });

    $("check-form").hidden = false;
    const checked = new Map((lastCheck?.queues[0]?.intervals ?? []).map((i) => [i.start.slice(0, 16), i]));
    for (const th of document.querySelectorAll(".check-col")) th.hidden = !lastCheck;
    const spread = (mean, sd) => (mean == null ? "—" : `${pct(mean)} ± ${pct(sd ?? 0)}`);
    const body = $("coverage-details").querySelector("tbody");
    body.replaceChildren(...rows.map((c) => {
      const tr = document.createElement("tr");
      const sim = checked.get(c.start.slice(0, 16));
      const values = [time(c), c.required, c.onDuty, c.under, c.over];
      if (lastCheck) {
        values.push(sim?.erlangServiceLevel == null ? "—" : pct(sim.erlangServiceLevel), spread(sim?.simulatedServiceLevel, sim?.serviceLevelSpread),
          spread(sim?.simulatedAbandoned, sim?.abandonedSpread), sim?.missedTargetShare == null ? "—" : pct(sim.missedTargetShare));
      }
      for (const value of values) {
        const td = document.createElement("td");
        td.textContent = value;
        tr.append(td);
      }
      if (c.under > 0) tr.children[3].className = "bad";
      if (sim?.missedTargetShare > 0.5) tr.children[8].className = "bad";
      return tr;
    }));
    $("coverage-details").hidden = false;
  }

  // The schedule just solved, played by the Simulator with the routing engine over a few days (Scheduling's checks API).
  function tenants() {
    try {
      const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      return [].concat(claims.tenant ?? []);
    } catch { return []; }
  }

  async function runCheck() {
    if (!lastSchedule) return;
    $("check-error").textContent = "";
    $("check-status").textContent = i18n.t("check.running");
    $("check-run").disabled = true;
    try {
      const { schedule, requirement } = lastSchedule;
      const agents = [...new Set(schedule.shifts.map((s) => s.agentId))].map((id) => ({ id, skills: ["team"] }));
      const local = (t) => t.slice(0, 16);
      const range = (r) => (r ? { from: local(r.from), to: local(r.to) } : undefined);
      const shifts = schedule.shifts.map((s) => ({ agentId: s.agentId, template: s.template, start: local(s.start), end: local(s.end),
        break: range(s.break), lunch: range(s.lunch) }));
      lastCheck = await post("/api/schedules/checks/", { tenantId: $("check-tenant").value, seeds: Number($("check-seeds").value), requirement, agents, shifts });
      drawCheckSummary();
      drawCoverage();
      $("coverage-details").open = true;
    } catch (e) {
      $("check-status").textContent = "";
      $("check-error").textContent = e.message;
    } finally {
      $("check-run").disabled = false;
    }
  }

  function drawCheckSummary() {
    if (!lastCheck) return;
    const rows = lastCheck.queues.flatMap((q) => q.intervals).filter((i) => i.simulatedServiceLevel != null);
    const mean = (f) => rows.reduce((s, i) => s + f(i), 0) / Math.max(1, rows.length);
    $("check-status").textContent = i18n.t("check.done", {
      runs: lastCheck.runs, sim: pct(mean((i) => i.simulatedServiceLevel)), erlang: pct(mean((i) => i.erlangServiceLevel ?? 0)),
      ab: pct(mean((i) => i.simulatedAbandoned ?? 0)),
      missed: new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(lastCheck.expectedMissedIntervals),
    });
  }

  // The published schedule of a tenant's day as the Simulator played it against the queues' forecast (asked for by
  // publishing it, kept by Scheduling), beside Erlang's figures and the contract's expected penalties; polled while pending.
  let publishedTimer = null;

  async function getJson(url) {
    const response = await fetchAuthorized(TOKEN, url);
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.json();
  }

  async function showPublished(again) {
    clearTimeout(publishedTimer);
    $("published-error").textContent = "";
    const tenantId = $("published-tenant").value;
    const day = $("published-day").value;
    if (!tenantId || !day) return;
    try {
      if (again) await fetchAuthorized(TOKEN, "/api/schedules/checks/published", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ tenantId, day }),
      });
      const checks = await getJson(`/api/schedules/checks/?tenantId=${encodeURIComponent(tenantId)}&day=${day}`);
      drawPublished(checks[0] ?? null);
      if (checks[0]?.status === "pending") publishedTimer = setTimeout(() => showPublished(false), 2000);
    } catch (e) {
      $("published-error").textContent = e.message;
    }
  }

  let lastPublished;

  function drawPublished(check) {
    lastPublished = check;
    const status = $("published-status");
    const queues = $("published-queues");
    const details = $("published-details");
    status.dataset.status = check?.status ?? "none";
    queues.replaceChildren();
    $("published-penalties").textContent = "";
    details.hidden = true;
    if (!check) { status.textContent = i18n.t("published.none"); return; }
    if (check.status === "pending") { status.textContent = i18n.t("published.pending", { attempts: check.attempts }); return; }
    if (check.status === "failed") { status.textContent = i18n.t("published.failed", { problem: check.problem ?? "" }); return; }
    const time = new Intl.DateTimeFormat(i18n.locale, { hour: "2-digit", minute: "2-digit" }).format(new Date(check.checkedAt));
    const money = (amount, currency) => new Intl.NumberFormat(i18n.locale, { style: "currency", currency }).format(amount);
    status.textContent = i18n.t("published.done", { time, runs: check.runs });
    queues.replaceChildren(...check.queues.map((q) => {
      const li = document.createElement("li");
      li.dataset.queue = q.queueId;
      li.dataset.sl = q.day?.simulatedServiceLevel ?? "";
      li.dataset.penalty = q.expectedPenalty ?? "";
      const penalty = q.expectedPenalty != null ? i18n.t("published.penalty", { amount: money(q.expectedPenalty, q.currency) })
        : q.contractPeriod === "month" ? i18n.t("published.monthly") : i18n.t("published.noContract");
      li.textContent = i18n.t("published.queueLine", {
        queue: q.queueId, time, sl: q.day?.simulatedServiceLevel == null ? "—" : pct(q.day.simulatedServiceLevel), spread: pct(q.day?.serviceLevelSpread ?? 0),
        erlang: q.day?.erlangServiceLevel == null ? "—" : pct(q.day.erlangServiceLevel), ab: pct(q.day?.simulatedAbandoned ?? 0),
        target: pct(q.serviceLevelTarget), penalty,
      });
      return li;
    }));
    if (check.expectedPenalties.length > 0)
      $("published-penalties").textContent = i18n.t("published.total", { amounts: check.expectedPenalties.map((p) => money(p.amount, p.currency)).join(" + ") });
    const spread = (mean, sd) => (mean == null ? "—" : `${pct(mean)} ± ${pct(sd ?? 0)}`);
    details.querySelector("tbody").replaceChildren(...check.queues.flatMap((q) => q.intervals.filter((i) => i.forecastCalls > 0 || i.agents > 0).map((i) => {
      const tr = document.createElement("tr");
      for (const value of [q.queueId, i.start.slice(11, 16), new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 1 }).format(i.forecastCalls), i.agents,
        i.erlangServiceLevel == null ? "—" : pct(i.erlangServiceLevel), spread(i.simulatedServiceLevel, i.serviceLevelSpread),
        spread(i.simulatedAbandoned, i.abandonedSpread), i.missedTargetShare == null ? "—" : pct(i.missedTargetShare)]) {
        const td = document.createElement("td");
        td.textContent = value;
        tr.append(td);
      }
      if (i.missedTargetShare > 0.5) tr.children[7].className = "bad";
      return tr;
    })));
    details.hidden = false;
  }

  function show() {
    $("check-tenant").replaceChildren(...tenants().map((t) => Object.assign(document.createElement("option"), { value: t, textContent: t })));
    $("published-tenant").replaceChildren(...tenants().map((t) => Object.assign(document.createElement("option"), { value: t, textContent: t })));
    $("login").hidden = true;
    $("staffing").hidden = false;
    $("logout").hidden = false;
    compute();
    showPublished(false);
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  signIn(TOKEN, (t) => { token = t; show(); });
  $("question").addEventListener("submit", (e) => { e.preventDefault(); compute(); });
  $("coverage-day").value = nextMonday();
  $("coverage-form").addEventListener("submit", (e) => { e.preventDefault(); solveCoverage(); });
  $("check-form").addEventListener("submit", (e) => { e.preventDefault(); runCheck(); });
  $("published-day").value = nextMonday();
  $("published-form").addEventListener("submit", (e) => { e.preventDefault(); showPublished(false); });
  $("published-again").addEventListener("click", () => showPublished(true));
  $("logout").addEventListener("click", logout);
  i18n.onChange(() => { if (token && !$("staffing").hidden) { compute(); drawCoverage(); drawCheckSummary(); if (lastPublished !== undefined) drawPublished(lastPublished); } });
  if (token) show();
})();
