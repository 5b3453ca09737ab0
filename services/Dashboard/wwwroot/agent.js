// The agent desktop: log in, follow one's own state and offers pushed over SignalR (/hubs/agent), and act through
// Routing's agent API (/api/agents/me) with the agent's token.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = i18n.t;
  const known = (prefix, key) => (t(`${prefix}.${key}`) === `${prefix}.${key}` ? key : t(`${prefix}.${key}`));
  let connection = "disconnected";

  let token = null;
  let desk = null;
  let clockOffset = 0; // server time minus this browser's time, so that the timers run on the server's clock
  let focusedOffer = null;
  // Each client company's disposition codes ({ tenantId: [{ code, labels: { fr, en } }] }), from Routing's agent API.
  let dispositions = {};
  let dispositionsFor = null; // the tenant whose codes the select holds, in the language they were written in
  // The connected call's hold, from Routing's agent API (the pushed desk does not carry it): { callId, heldSince, holdSeconds }.
  let hold = null;

  const now = () => Date.now() + clockOffset;
  const at = (iso) => (iso ? Date.parse(iso) : NaN);
  const isKnown = (iso) => iso && !iso.startsWith("0001-");
  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const two = (x) => String(x).padStart(2, "0");
    return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${two(m)}:${two(r)}`;
  }

  function setConnection(state) {
    connection = state;
    $("connection").textContent = t(`conn.${state}`);
    $("connection").className = "state " + (state === "disconnected" ? "" : state);
  }

  function showError(text) { $("desk-error").textContent = text || ""; }

  function render(next) {
    desk = next;
    const state = desk.state;
    $("agent-name").textContent = `${desk.agentName} (${desk.agentId})`;
    const pill = $("agent-state");
    pill.dataset.state = state;
    pill.textContent = state === "NotReady" && desk.reason
      ? `${t("state.NotReady")} — ${known("reason", desk.reason)}`
      : known("state", state);
    $("go-available").disabled = ["Available", "Reserved", "OnCall"].includes(state);
    $("not-ready").querySelector("button").disabled = ["Reserved", "OnCall"].includes(state);

    const call = desk.call;
    const article = $("call");
    $("no-call").hidden = !!call;
    article.hidden = !call;
    if (call) {
      article.dataset.status = call.status;
      article.dataset.callId = call.callId;
      let banner = known("call", call.status);
      if (call.status === "Ringing") banner += ` — ${call.clientName}`;
      if (call.status === "Completed" && state !== "AfterCallWork") banner = t("call.lastCompleted");
      if (call.status === "Completed" && call.disposition) banner += ` — ${dispositionLabel(call.tenantId, call.disposition)}`;
      $("call-banner").textContent = banner;
      const field = (name) => article.querySelector(`[data-field="${name}"]`);
      field("client").textContent = call.clientName;
      field("queue").textContent = call.queueName;
      field("language").textContent = known("lang", call.language);
      field("caller").textContent = `${call.caller} (${t(call.returningCaller ? "call.returning" : "call.new")})`;
      const hasDisposition = call.status === "Completed" && !!call.disposition;
      $("disposition-label").hidden = !hasDisposition;
      field("disposition").hidden = !hasDisposition;
      field("disposition").textContent = hasDisposition ? dispositionLabel(call.tenantId, call.disposition) : "";
      $("screen-pop-line").hidden = !call.screenPopUrl || !["Ringing", "Connected"].includes(call.status);
      $("screen-pop").href = call.screenPopUrl || "#";
      $("offer-actions").hidden = call.status !== "Ringing";
      $("accept").disabled = $("reject").disabled = call.status !== "Ringing";
      const connected = call.status === "Connected";
      if (!connected || (hold && hold.callId !== call.callId)) hold = null;
      const held = !!(hold && hold.heldSince);
      article.dataset.hold = held ? "true" : "false";
      if (held) banner = `${known("call", call.status)} — ${t("call.onHold")}`;
      $("call-banner").textContent = banner;
      $("hold-actions").hidden = !connected;
      $("hold").disabled = !connected;
      $("hold").textContent = t(held ? "call.resume" : "call.hold");
      $("transfer").hidden = !connected;
      if (connected) fillTransferTargets(call.callId);
      $("complete").querySelector("button").disabled = call.status !== "Connected";
      $("complete").hidden = call.status !== "Connected";
      $("call-timer-label").hidden = field("timer").hidden = !call.answeredAt;
      if (call.status === "Ringing" && focusedOffer !== call.callId) {
        focusedOffer = call.callId;
        $("accept").focus();
      }
      if (call.status !== "Connected") $("disposition").value = "";
      else fillDispositions(call.tenantId);
    }
    tick();
  }

  // The client company's queues and the other agents who may take the call: read when it connects, and again when the agent
  // goes to the list, since colleagues change state meanwhile.
  let targetsFor = null;
  let targets = null;
  function fillTransferTargets(callId, again = false) {
    if (targetsFor === callId && !again) return;
    if (targetsFor !== callId) targets = null;
    targetsFor = callId;
    api("GET", `/calls/${callId}/transfer-targets`).then((found) => {
      if (targetsFor !== callId || !found) return;
      targets = found;
      showTransferTargets();
    });
  }
  $("transfer-target").addEventListener("focus", () => { if (targetsFor) fillTransferTargets(targetsFor, true); });

  function showTransferTargets() {
    const select = $("transfer-target");
    const chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    select.querySelectorAll("optgroup").forEach((g) => g.remove());
    if (!targets) return;
    const group = (label, items) => {
      const g = document.createElement("optgroup");
      g.label = label;
      items.forEach((o) => g.append(o));
      if (items.length) select.append(g);
    };
    group(t("call.transferQueues"), targets.queues.map((q) => new Option(q.name, `queue:${q.queueId}`)));
    group(t("call.transferAgents"), targets.agents.map((a) => new Option(`${a.name} — ${known("state", a.state)}`, `agent:${a.agentId}`)));
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  }

  function dispositionLabel(tenantId, code) {
    const found = (dispositions[tenantId] || []).find((d) => d.code === code);
    return found ? found.labels[i18n.lang] || found.labels.fr || code : code;
  }

  // The select offers only the codes of the call's client company; Routing refuses any other.
  function fillDispositions(tenantId) {
    if (!dispositions[tenantId]) {
      // Once per tenant: the agent may have been given its queues since the list was read.
      if (!askedFor.has(tenantId)) { askedFor.add(tenantId); loadDispositions(); }
      return;
    }
    const key = `${tenantId}|${i18n.lang}`;
    if (dispositionsFor === key) return;
    dispositionsFor = key;
    const select = $("disposition");
    const chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const d of dispositions[tenantId]) select.add(new Option(d.labels[i18n.lang] || d.labels.fr || d.code, d.code));
    select.value = dispositions[tenantId].some((d) => d.code === chosen) ? chosen : "";
  }

  const askedFor = new Set();
  let loadingDispositions = null;
  function loadDispositions() {
    loadingDispositions ??= api("GET", "/dispositions").then((lists) => {
      if (lists) dispositions = Object.fromEntries(lists.map((l) => [l.tenantId, l.dispositions]));
      dispositionsFor = null;
      if (desk) render(desk);
    }).finally(() => { loadingDispositions = null; });
  }

  function tick() {
    if (!desk) return;
    $("state-timer").textContent = isKnown(desk.since) ? duration(now() - at(desk.since)) : "—";
    const call = desk.call;
    if (!call) return;
    const field = (name) => $("call").querySelector(`[data-field="${name}"]`);
    const waitedUntil = call.answeredAt ? at(call.answeredAt) : call.status === "Ringing" ? now() : at(call.endedAt || call.offeredAt);
    field("waited").textContent = duration(waitedUntil - at(call.queuedAt));
    // The call timer keeps running on hold; while held, how long this hold has lasted follows it.
    if (call.answeredAt) {
      let text = duration((call.endedAt ? at(call.endedAt) : now()) - at(call.answeredAt));
      if (hold && hold.heldSince && call.status === "Connected") text += ` (${t("call.onHold")} ${duration(now() - at(hold.heldSince))})`;
      field("timer").textContent = text;
    }
  }

  function applyHold(me) {
    const c = me && me.state === "OnCall" ? me.call : null;
    hold = c ? { callId: c.callId, heldSince: c.onHold ? c.heldSince : null, holdSeconds: c.holdSeconds } : null;
  }

  async function api(method, path, body) {
    showError("");
    const response = await fetchAuthorized(TOKEN, "/api/agents/me" + path, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401) { logOut(); return null; }
    if (!response.ok) {
      let title = t("error", { status: response.status });
      try { title = (await response.json()).title || title; } catch { /* not a problem document */ }
      showError(title);
      return null;
    }
    return response.json();
  }

  async function act(button, action) {
    button.disabled = true;
    try { await action(); } finally { if (desk) render(desk); }
  }

  $("go-available").addEventListener("click", (e) => act(e.currentTarget, () => api("PUT", "/state", { state: "Available" })));
  $("not-ready").addEventListener("submit", (e) => {
    e.preventDefault();
    act(e.submitter || e.target.querySelector("button"), () => api("PUT", "/state", { state: "NotReady", reason: $("reason").value }));
  });
  $("accept").addEventListener("click", (e) => act(e.currentTarget, () => api("POST", `/calls/${desk.call.callId}/answer`)));
  $("reject").addEventListener("click", (e) => act(e.currentTarget, () => api("POST", `/calls/${desk.call.callId}/reject`)));
  $("hold").addEventListener("click", (e) => act(e.currentTarget, async () => {
    const held = !!(hold && hold.heldSince);
    const me = await api("POST", `/calls/${desk.call.callId}/${held ? "resume" : "hold"}`);
    if (me) applyHold(me);
    else await refreshHold(); // e.g. 409: someone (another tab) changed it; show what Routing holds
  }).then(() => { if (!$("hold").hidden) $("hold").focus(); })); // the keyboard stays on the button
  $("transfer").addEventListener("submit", (e) => {
    e.preventDefault();
    const [kind, id] = $("transfer-target").value.split(/:(.*)/s);
    if (!id) { $("transfer-target").focus(); return; }
    act(e.submitter || e.target.querySelector("button"),
      () => api("POST", `/calls/${desk.call.callId}/transfer`, kind === "agent" ? { agentId: id } : { queueId: id }));
  });
  $("complete").addEventListener("submit", (e) => {
    e.preventDefault();
    const disposition = $("disposition").value;
    if (!disposition) { showError(t("call.chooseDisposition")); $("disposition").focus(); return; }
    act(e.submitter || e.target.querySelector("button"),
      () => api("POST", `/calls/${desk.call.callId}/complete`, { disposition }));
  });

  // Before any push arrives (or when this Dashboard process has not yet seen the agent), Routing's API says where the agent is.
  async function refreshHold() {
    const response = await fetchAuthorized(TOKEN, "/api/agents/me");
    if (response.ok) applyHold(await response.json());
  }

  async function loadFromRouting() {
    const me = await api("GET", "/");
    if (me) applyHold(me);
    if (!me) return;
    // A push may have come while Routing answered: show the hold just learnt on the pushed desk.
    if (desk && isKnown(desk.since)) { render(desk); return; }
    render({
      agentId: me.agentId, agentName: desk?.agentName || me.agentId, state: me.state, reason: me.reason, since: me.since,
      call: null, serverTime: new Date(now()).toISOString(),
    });
  }

  async function connect() {
    $("login").hidden = true;
    $("desk").hidden = false;
    $("logout").hidden = false;
    const hub = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/agent", { accessTokenFactory: () => freshToken(TOKEN), skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .build();
    hub.on("Desk", (next) => {
      clockOffset = Date.parse(next.serverTime) - Date.now();
      if (!isKnown(next.since) && desk && isKnown(desk.since)) next = { ...next, state: desk.state, reason: desk.reason, since: desk.since };
      render(next);
    });
    hub.onreconnecting(() => setConnection("reconnecting"));
    hub.onreconnected(() => setConnection("connected"));
    hub.onclose(() => setConnection("disconnected"));
    try {
      await hub.start();
      setConnection("connected");
      loadDispositions();
      if (!desk || !isKnown(desk.since)) await loadFromRouting();
      else { await refreshHold(); render(desk); } // a reload during a held call shows it held
    } catch (e) {
      sessionStorage.removeItem(TOKEN);
      $("desk").hidden = true;
      $("logout").hidden = true;
      $("login").hidden = false;
      $("login-error").textContent = t("login.notAgent");
    }
  }

  function logOut() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  signIn(TOKEN, (t) => { token = t; connect(); });

  $("logout").addEventListener("click", async () => {
    // Leaving the desk logs the agent out of routing too, unless a call is connected (Routing refuses then).
    if (desk && !["OnCall", "Reserved", "LoggedOut"].includes(desk.state)) await api("PUT", "/state", { state: "LoggedOut" });
    logOut();
  });

  i18n.onChange(() => { setConnection(connection); showTransferTargets(); if (desk) render(desk); });
  setInterval(tick, 1000);
  setConnection("disconnected");
  token = sessionStorage.getItem(TOKEN);
  if (token) connect();
})();
