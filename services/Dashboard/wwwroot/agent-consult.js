// Consult (warm) transfer in the desk, from Routing's /api/agents/me (polled, as the pushed desk carries only the phone call):
// the consulting agent starts it from the call's target select, then completes or cancels it; the consulted agent answers,
// declines or leaves it. The consulting agent is told how a consult ended when it did not become the colleague's call.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = i18n.t;
  let consult = null;
  let outcome = null;

  async function call(method, path, body) {
    $("consult-outcome").textContent = "";
    const response = await fetchAuthorized(TOKEN, `/api/agents/me${path}`, {
      method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      let title = t("error", { status: response.status });
      try {
        const problem = await response.json();
        title = Object.values(problem.errors || {}).flat()[0] || problem.title || title;
      } catch { /* not a problem document */ }
      $("consult-outcome").textContent = title;
      return null;
    }
    return response.json();
  }

  function render() {
    const panel = $("consult");
    panel.hidden = !consult;
    $("consult-start").hidden = !!consult;
    if (consult) {
      panel.dataset.role = consult.role;
      panel.dataset.state = consult.state;
      const state = t(`consult.${consult.state}`);
      $("consult-banner").textContent = consult.role === "consulting"
        ? t("consult.consulting", { agent: consult.agentName, state })
        : t("consult.consulted", { agent: consult.agentName, queue: consult.queueId, state });
      const ringing = consult.state === "Ringing";
      $("consult-accept").hidden = $("consult-decline").hidden = !(consult.role === "consulted" && ringing);
      $("consult-leave").hidden = !(consult.role === "consulted" && !ringing);
      $("consult-complete").hidden = $("consult-cancel").hidden = consult.role !== "consulting";
      $("consult-complete").disabled = ringing;
    }
    if (outcome && outcome !== "Completed") $("consult-outcome").textContent = t(`consult.outcome.${outcome}`);
  }

  function apply(me) {
    if (!me) return;
    $("transfer-failed").hidden = !(me.call && me.call.transferFailed);
    const before = consult;
    consult = me.consult || null;
    // Said once, when the agent's own consult has just ended.
    outcome = !consult && before && before.role === "consulting" ? me.lastConsultOutcome : null;
    render();
  }

  async function poll() {
    if (!sessionStorage.getItem(TOKEN) || $("desk").hidden) return;
    const response = await fetchAuthorized(TOKEN, "/api/agents/me");
    if (response.ok) apply(await response.json());
  }

  async function act(button, method, path, body) {
    button.disabled = true;
    try { apply(await call(method, path, body)); } finally { button.disabled = false; render(); }
  }

  $("consult-start").addEventListener("click", (e) => {
    const [kind, id] = $("transfer-target").value.split(/:(.*)/s);
    if (!id) { $("transfer-target").focus(); return; }
    act(e.currentTarget, "POST", `/calls/${$("call").dataset.callId}/consult`, kind === "agent" ? { agentId: id } : { queueId: id });
  });
  $("consult-accept").addEventListener("click", (e) => act(e.currentTarget, "POST", `/calls/${consult.callId}/answer`));
  $("consult-decline").addEventListener("click", (e) => act(e.currentTarget, "POST", `/calls/${consult.callId}/reject`));
  $("consult-leave").addEventListener("click", (e) => act(e.currentTarget, "POST", `/calls/${consult.callId}/consult/cancel`));
  $("consult-cancel").addEventListener("click", (e) => act(e.currentTarget, "POST", `/calls/${consult.callId}/consult/cancel`));
  $("consult-complete").addEventListener("click", (e) => act(e.currentTarget, "POST", `/calls/${consult.callId}/consult/complete`));

  i18n.onChange(render);
  setInterval(() => poll().catch(() => {}), 1000);
  poll().catch(() => {});
})();
