// The supervisor wallboard: log in, connect to the hub, and keep one tile per queue, the agent grid and the alert feed
// up to date. Everything the hub sends is kept, so that a change of language or filter redraws it.
(() => {
  const $ = (id) => document.getElementById(id);
  const t = i18n.t;
  const tiles = new Map();      // queueId -> last QueueMetrics
  const agents = new Map();     // agentId -> last AgentTile
  const alerts = new Map();     // alert id -> WallboardAlert
  const intraday = new Map();   // queueId -> its QueueIntraday, with the tenant's timeZone and intervalMinutes
  let connection = "disconnected";

  // A non-breaking space before the unit, so that "80,0 %" never wraps; the decimal separator follows the language.
  const pct = (x) => `${new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x * 100)}\u00a0%`;
  const secs = (x) => `${Math.round(x)}\u00a0s`;
  const clock = (iso) => {
    if (iso.startsWith("0001-")) return "—";
    const s = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
    const two = (x) => String(x).padStart(2, "0");
    return `${two(Math.floor(s / 60))}:${two(s % 60)}`;
  };

  const kinds = ["voice", "callback", "chat", "email", "messaging"];
  const kindsText = (counts) => kinds.filter((k) => (counts || {})[k] > 0)
    .map((k) => t(`wallboard.kind.${k}.${counts[k] === 1 ? "one" : "other"}`, { n: count(counts[k]) })).join(" · ");

  function setState(state) {
    connection = state;
    $("connection").textContent = t(`conn.${state}`);
    $("connection").className = "state " + (state === "disconnected" ? "" : state);
  }

  function filtered(tile) {
    const form = new FormData($("filters"));
    return ["tenantId", "lineOfBusiness", "language"].every((k) => !form.get(k) || form.get(k) === tile[k]);
  }

  function addFilterOption(name, value) {
    const select = $("filters").elements[name];
    if ([...select.options].some((o) => o.value === value)) return;
    const option = new Option(value, value);
    const after = [...select.options].slice(1).find((o) => o.value > value);
    select.insertBefore(option, after || null);
  }

  function renderTile(tile) {
    tiles.set(tile.queueId, tile);
    addFilterOption("tenantId", tile.tenantId);
    addFilterOption("lineOfBusiness", tile.lineOfBusiness);
    addFilterOption("language", tile.language);
    let el = $("tiles").querySelector(`[data-queue="${tile.queueId}"]`);
    if (!el) {
      el = document.createElement("article");
      el.className = "tile";
      el.dataset.queue = tile.queueId;
      const after = [...$("tiles").children].find((c) => c.dataset.queue > tile.queueId);
      $("tiles").insertBefore(el, after || null);
    }
    el.hidden = !filtered(tile);
    el.classList.toggle("below", tile.offered > 0 && tile.serviceLevel < tile.targetServiceLevel);
    el.classList.toggle("waiting", tile.callsWaiting > 0);
    el.innerHTML = `
      <h2></h2><p class="client"></p>
      <div class="sl" title="${t("tile.sl")}">${tile.offered > 0 ? pct(tile.serviceLevel) : "—"}</div>
      <dl>
        <dt>${t("tile.target")}</dt><dd>${t("tile.targetValue", { pct: pct(tile.targetServiceLevel), secs: secs(tile.thresholdSeconds) })}</dd>
        <dt>${t("tile.waiting")}</dt><dd data-field="waiting">${tile.callsWaiting}</dd>
        <dt>${t("tile.byKind")}</dt><dd data-field="kinds"></dd>
        <dt>${t("tile.oldest")}</dt><dd>${secs(tile.oldestWaitSeconds)}</dd>
        <dt>${t("tile.counts")}</dt><dd data-field="counts">${tile.offered} / ${tile.answered} / ${tile.abandoned}</dd>
        <dt>${t("tile.asa")}</dt><dd>${secs(tile.averageSpeedOfAnswerSeconds)}</dd>
        <dt>${t("tile.agents")}</dt>
        <dd data-field="agents">${tile.agentsAvailable} / ${tile.agentsOnCall + tile.agentsReserved} / ${tile.agentsAfterCallWork} / ${tile.agentsNotReady}</dd>
      </dl>`;
    renderIntraday(el, intraday.get(tile.queueId));
    el.querySelector("[data-field=kinds]").textContent = kindsText(tile.waitingByKind) || "—";
    el.querySelector("h2").textContent = tile.queueName;
    el.querySelector(".client").textContent = `${tile.tenantId} · ${tile.lineOfBusiness} · ${tile.language}`;
  }

  const count = (x) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 0 }).format(x);
  const sum = (list, field) => list.reduce((total, i) => total + i[field], 0);

  // Forecast against actual so far, the reforecast of the rest of the day, and the first interval not yet over that the
  // schedule leaves short, in the client company's time zone.
  function renderIntraday(el, day) {
    if (!day) return;
    const over = day.intervals.filter((i) => i.actualCalls != null);
    const rest = day.intervals.filter((i) => i.actualCalls == null);
    const short = rest.find((i) => i.requiredAgents > i.scheduledAgents);
    const gap = short ? short.requiredAgents - short.scheduledAgents : 0;
    const time = short ? new Intl.DateTimeFormat(i18n.locale, { hour: "2-digit", minute: "2-digit", timeZone: day.timeZone }).format(new Date(short.start)) : "";
    const factor = new Intl.NumberFormat(i18n.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(day.volumeFactor);
    const box = document.createElement("dl");
    box.className = "intraday";
    box.innerHTML = `<dt>${t("intraday.calls")}</dt><dd data-field="intraday-calls"></dd><dt>${t("intraday.rest")}</dt><dd data-field="intraday-rest"></dd>`;
    box.querySelector("[data-field=intraday-calls]").textContent = t("intraday.callsValue", { actual: count(sum(over, "actualCalls")), forecast: count(sum(over, "forecastCalls")) });
    box.querySelector("[data-field=intraday-rest]").textContent = t("intraday.restValue", { calls: count(sum(rest, "reforecastCalls")), factor });
    const staffing = document.createElement("p");
    staffing.className = short ? "gap short" : "gap";
    staffing.dataset.field = "gap";
    staffing.textContent = short ? t(gap === 1 ? "intraday.short.one" : "intraday.short.other", { agents: gap, time }) : t("intraday.covered");
    el.append(box, staffing);
  }

  function applyIntraday(update) {
    update.queues.forEach((q) => {
      intraday.set(q.queueId, { ...q, timeZone: update.timeZone, intervalMinutes: update.intervalMinutes });
      if (tiles.has(q.queueId)) renderTile(tiles.get(q.queueId));
    });
  }

  const stateText = (a) => a.state === "NotReady" && a.reason
    ? `${t("state.NotReady")} — ${t(`reason.${a.reason}`) === `reason.${a.reason}` ? a.reason : t(`reason.${a.reason}`)}`
    : a.state === "Reserved" ? t("grid.Reserved") : t(`state.${a.state}`);

  const minutes = (seconds) => new Intl.NumberFormat(i18n.locale, { maximumFractionDigits: 0 }).format(Math.round((seconds || 0) / 60));
  const activityText = (activity) => t(`activity.${activity}`) === `activity.${activity}` ? activity : t(`activity.${activity}`);
  // "scheduled: break, actual: On call (6 min)"; the actual state comes as State or State:reason.
  function adherenceText(alert) {
    const [state, reason] = (alert.actualState || "").split(":");
    return t("adherence.detail").replace("{0}", activityText(alert.expectedActivity))
      .replace("{1}", stateText({ state, reason })).replace("{2}", minutes(alert.outForSeconds));
  }

  function renderAgent(agent) {
    const known = agents.get(agent.agentId);
    // A supervisor of several clients may get the same agent from two clients' feeds, one of them without the call.
    if (agent.callHidden && known && known.since === agent.since && known.callQueueName)
      agent = { ...agent, callQueueId: known.callQueueId, callQueueName: known.callQueueName, callHidden: false };
    agents.set(agent.agentId, agent);
    const body = $("agents").querySelector("tbody");
    let row = body.querySelector(`tr[data-agent="${agent.agentId}"]`);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.agent = agent.agentId;
      row.innerHTML = '<th scope="row"></th><td data-field="state"></td><td data-field="since" class="num"></td><td data-field="call"></td><td data-field="contacts"></td>';
      const after = [...body.children].find((r) => r.dataset.agent > agent.agentId);
      body.insertBefore(row, after || null);
    }
    row.dataset.state = agent.state;
    row.querySelector("th").textContent = `${agent.agentName} (${agent.agentId})`;
    row.querySelector("[data-field=state]").textContent = stateText(agent);
    const since = row.querySelector("[data-field=since]");
    since.dataset.since = agent.since;
    since.textContent = clock(agent.since);
    row.querySelector("[data-field=call]").textContent = agent.callQueueName || (agent.callHidden ? t("agents.otherClient") : "");
    row.querySelector("[data-field=contacts]").textContent = kindsText(agent.contacts);
    $("agents").hidden = false;
    $("no-agents").hidden = true;
  }

  function renderAlert(alert) {
    alerts.set(alert.id, alert);
    let item = $("alerts").querySelector(`li[data-id="${CSS.escape(alert.id)}"]`);
    if (!item) {
      item = document.createElement("li");
      item.dataset.id = alert.id;
      item.dataset.kind = alert.kind;
      item.dataset.at = alert.at;
      const after = [...$("alerts").children].find((li) => li.dataset.at < alert.at);
      $("alerts").insertBefore(item, after || null);
    }
    const when = document.createElement("time");
    when.dateTime = alert.at;
    // In the client company's time zone, as its supervisors and contract count the day.
    when.textContent = new Intl.DateTimeFormat(i18n.locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: alert.timeZone || undefined }).format(new Date(alert.at));
    when.title = alert.timeZone || "";
    const what = document.createElement("span");
    const subject = alert.queueName || `${alert.agentName} (${alert.agentId})`;
    const figures = alert.serviceLevel != null ? ` — ${pct(alert.serviceLevel)} / ${pct(alert.targetServiceLevel)}`
      : alert.kind === "adherence-out" ? ` — ${adherenceText(alert)}`
      : alert.kind === "adherence-back" ? ` — ${t("adherence.outFor").replace("{0}", minutes(alert.outForSeconds))}` : "";
    what.textContent = `${t(`alert.${alert.kind}`)} · ${subject}${figures}`;
    item.replaceChildren(when, what);
    while ($("alerts").children.length > 50) {
      alerts.delete($("alerts").lastElementChild.dataset.id);
      $("alerts").lastElementChild.remove();
    }
    $("no-alerts").hidden = true;
  }

  function redraw() {
    setState(connection);
    tiles.forEach(renderTile);
    agents.forEach(renderAgent);
    alerts.forEach(renderAlert);
  }

  $("filters").addEventListener("change", () => tiles.forEach(renderTile));
  i18n.onChange(redraw);
  setInterval(() => document.querySelectorAll("#agents [data-since]").forEach((cell) => { cell.textContent = clock(cell.dataset.since); }), 1000);

  async function connect(token) {
    $("login").hidden = true;
    $("wallboard").hidden = false;
    $("logout").hidden = false;
    const hub = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/wallboard?updates=rows", { accessTokenFactory: () => freshToken("token"), skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .build();
    hub.on("QueueMetrics", (batch) => batch.forEach(renderTile)); // every tile, on each (re)connection
    // Then the changed tiles as rows of their live figures (fields named once per message, updatedAt in ms since 1970),
    // merged into the tile the snapshot gave; a row older than the tile (sent just before the snapshot) is dropped.
    hub.on("TileRows", (batch) => batch.rows.forEach((row) => {
      const known = tiles.get(row[batch.fields.indexOf("queueId")]);
      if (!known) return;
      const tile = { ...known };
      batch.fields.forEach((field, i) => { tile[field] = row[i]; });
      if (tile.updatedAt < Date.parse(known.updatedAt)) return;
      tile.updatedAt = new Date(tile.updatedAt).toISOString();
      renderTile(tile);
    }));
    hub.on("Agents", (batch) => batch.forEach(renderAgent));
    hub.on("Alerts", (batch) => batch.forEach(renderAlert));
    hub.on("Intraday", applyIntraday);
    hub.onreconnecting(() => setState("reconnecting"));
    hub.onreconnected(() => setState("connected"));
    hub.onclose(() => setState("disconnected"));
    try {
      await hub.start();
      setState("connected");
    } catch (e) {
      sessionStorage.removeItem("token");
      location.reload();
    }
  }

  signIn("token", (t) => connect(t));

  $("logout").addEventListener("click", () => { sessionStorage.removeItem("token"); location.reload(); });

  setState("disconnected");
  const saved = sessionStorage.getItem("token");
  if (saved) connect(saved);
})();
