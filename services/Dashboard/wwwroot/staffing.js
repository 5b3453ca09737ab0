// The staffing what-if: how many agents an interval needs for the target (Erlang C, or Erlang A with a patience), and the
// service level that each head count around it would give, as a curve. Everything is Scheduling's staffing API.
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
    const response = await fetch(url, {
      method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: JSON.stringify(body),
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

  function show() {
    $("login").hidden = true;
    $("staffing").hidden = false;
    $("logout").hidden = false;
    compute();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  signIn(TOKEN, (t) => { token = t; show(); });
  $("question").addEventListener("submit", (e) => { e.preventDefault(); compute(); });
  $("logout").addEventListener("click", logout);
  i18n.onChange(() => { if (token && !$("staffing").hidden) compute(); });
  if (token) show();
})();
