// The supervisor's queue of agents' requests (Scheduling's /api/agent-requests): what the automatic check found (the
// shortfall per interval, the broken rule), a reason, approve or deny; the audit of each request on demand.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "supervisor-token";
  const t = (key, vars) => i18n.t("requests." + key, vars);
  let last = null;

  async function send(url, init = {}) {
    const response = await fetchAuthorized(TOKEN, url, { ...init, headers: { "Content-Type": "application/json", ...(init.headers || {}) } });
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (response.status === 400 || response.status === 409) {
      const problem = await response.json();
      throw new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.title);
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.json();
  }

  const when = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const cell = (text) => Object.assign(document.createElement("td"), { textContent: text });

  function row(r) {
    const tr = document.createElement("tr");
    tr.dataset.id = r.id;
    tr.dataset.status = r.status;
    const kind = t(r.kind) + (r.coveringAgentId ? ` (${t("covering", { agent: r.coveringAgentId })})` : "") + (r.note ? ` — ${r.note}` : "");
    const check = cell(r.summary || "");
    check.dataset.field = "summary";
    if (r.assessment && !(r.assessment.shortfalls.length === 0 && r.assessment.brokenRules.length === 0 && r.assessment.unknown.length === 0)) check.className = "bad";
    const decision = document.createElement("td");
    if (r.status === "queued" || r.status === "offered") {
      const reason = Object.assign(document.createElement("input"), { placeholder: t("reason"), maxLength: 500 });
      reason.setAttribute("aria-label", t("reason"));
      reason.dataset.field = "reason";
      const decide = (approve) => async () => {
        $("queue-error").textContent = "";
        if (!reason.value.trim()) { $("queue-error").textContent = t("needReason"); return; }
        try {
          await send(`/api/agent-requests/${r.id}/decision`, { method: "POST", body: JSON.stringify({ approve, reason: reason.value }) });
        } catch (e) { $("queue-error").textContent = e.message; }
        load();
      };
      const buttons = [];
      if (r.status === "queued") buttons.push(Object.assign(document.createElement("button"), { type: "button", className: "accept", textContent: t("approve") }));
      buttons.push(Object.assign(document.createElement("button"), { type: "button", className: "reject", textContent: t("deny") }));
      buttons.forEach((b) => b.addEventListener("click", decide(b.className === "accept")));
      decision.append(reason, " ", ...buttons);
    } else {
      decision.textContent = `${t(r.status)} — ${r.decidedBy || ""} : ${r.reason || ""}`;
    }
    const audit = document.createElement("details");
    audit.append(Object.assign(document.createElement("summary"), { textContent: t("audit") }));
    const lines = document.createElement("ol");
    audit.append(lines);
    audit.addEventListener("toggle", async () => {
      if (!audit.open || lines.childElementCount) return;
      const detail = await send(`/api/agent-requests/${r.id}`);
      lines.replaceChildren(...detail.decisions.map((d) =>
        Object.assign(document.createElement("li"), { textContent: `${when(d.at)} · ${d.decidedBy} · ${t(d.outcome)} · ${d.reason}` })));
    });
    decision.append(audit);
    tr.append(cell(r.agentId), cell(kind), cell(`${when(r.from)} → ${when(r.to)}`), check, decision);
    return tr;
  }

  function render(list) {
    last = list;
    const rows = list.requests.map(row);
    const empty = document.createElement("tr");
    empty.append(Object.assign(cell(t("none")), { colSpan: 5 }));
    $("requests").querySelector("tbody").replaceChildren(...(rows.length ? rows : [empty]));
  }

  async function load() {
    try { render(await send(`/api/agent-requests/?status=${$("status").value}`)); } catch (e) { $("queue-error").textContent = e.message; }
  }

  function translate() {
    document.querySelectorAll("[data-req]").forEach((el) => { el.textContent = t(el.dataset.req); });
    document.title = t("pageTitle");
    if (last) render(last);
  }

  function show() {
    $("login").hidden = true;
    $("queue").hidden = false;
    $("logout").hidden = false;
    load();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  signIn(TOKEN, () => show());
  $("status").addEventListener("change", load);
  $("logout").addEventListener("click", logout);
  i18n.onChange(translate);
  translate();
  if (sessionStorage.getItem(TOKEN)) show();
})();
