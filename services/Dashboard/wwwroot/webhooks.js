// A tenant's webhooks to the client's systems (SlaTracking's /api/sla/tenants/{id}/webhooks): add one (its signing secret is
// shown once), rotate the secret, enable or disable, remove; the dead letters, sent again on demand, and the latest deliveries.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "supervisor-token";
  const EVENTS = ["call.queued", "call.offered", "call.answered", "call.transferred", "call.overflowed", "call.completed",
    "call.abandoned", "call.wrap-up-ended", "callback.requested", "callback.attempted"];
  const t = (key, vars) => i18n.t("webhooks." + key, vars);
  const base = () => `/api/sla/tenants/${encodeURIComponent($("tenant").value)}`;

  async function send(url, init = {}) {
    const response = await fetchAuthorized(TOKEN, url, { ...init, headers: { "Content-Type": "application/json", ...(init.headers || {}) } });
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (response.status === 400 || response.status === 409) {
      const problem = await response.json();
      throw new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.detail || problem.title);
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.status === 204 || response.status === 202 ? null : response.json();
  }

  const when = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  const cell = (text) => Object.assign(document.createElement("td"), { textContent: text });
  const button = (key, action) => {
    const b = Object.assign(document.createElement("button"), { type: "button", className: "secondary", textContent: t(key) });
    b.dataset.action = key;
    b.addEventListener("click", async () => {
      $("hooks-error").textContent = "";
      try { await action(); } catch (e) { $("hooks-error").textContent = e.message; }
      load();
    });
    return b;
  };
  const empty = (columns) => {
    const tr = document.createElement("tr");
    tr.append(Object.assign(cell(t("none")), { colSpan: columns }));
    return tr;
  };

  function showSecret(answer) {
    $("secret-value").textContent = answer.secret;
    $("secret").hidden = false;
  }

  function hookRow(w) {
    const tr = document.createElement("tr");
    tr.dataset.id = w.id;
    const actions = document.createElement("td");
    actions.append(
      button(w.enabled ? "disable" : "enable", () => send(`${base()}/webhooks/${w.id}`,
        { method: "PUT", body: JSON.stringify({ url: w.url, events: w.events, enabled: !w.enabled, description: w.description }) })),
      " ", button("rotate", async () => showSecret(await send(`${base()}/webhooks/${w.id}/rotate-secret`, { method: "POST" }))),
      " ", button("remove", () => send(`${base()}/webhooks/${w.id}`, { method: "DELETE" })));
    tr.append(cell(w.url), cell(w.events.join(", ")), cell(w.enabled ? t("yes") : t("no")), actions);
    return tr;
  }

  function deadRow(d) {
    const tr = document.createElement("tr");
    tr.dataset.id = d.id;
    const actions = document.createElement("td");
    actions.append(button("redeliver", () => send(`${base()}/webhook-deliveries/${d.id}/redeliver`, { method: "POST" })));
    tr.append(cell(d.eventType), cell(when(d.occurredAt)), cell(String(d.attempts)), cell(d.lastError || ""), actions);
    return tr;
  }

  function logRow(d) {
    const tr = document.createElement("tr");
    tr.dataset.id = d.id;
    tr.append(cell(d.eventType), cell(when(d.occurredAt)), cell(t(d.status)), cell(String(d.attempts)), cell(d.lastError || ""));
    return tr;
  }

  async function load() {
    if (!$("tenant").value) return;
    try {
      const [hooks, dead, log] = await Promise.all([send(`${base()}/webhooks`), send(`${base()}/webhook-deliveries?status=dead`),
        send(`${base()}/webhook-deliveries?limit=50`)]);
      $("webhooks").querySelector("tbody").replaceChildren(...(hooks.length ? hooks.map(hookRow) : [empty(4)]));
      $("dead").querySelector("tbody").replaceChildren(...(dead.length ? dead.map(deadRow) : [empty(5)]));
      $("log").querySelector("tbody").replaceChildren(...(log.length ? log.map(logRow) : [empty(5)]));
    } catch (e) { $("hooks-error").textContent = e.message; }
  }

  async function add(event) {
    event.preventDefault();
    $("hooks-error").textContent = "";
    const events = [...$("add-events").querySelectorAll("input:checked")].map((i) => i.value);
    try {
      showSecret(await send(`${base()}/webhooks`, { method: "POST", body: JSON.stringify({ url: $("add-url").value, events }) }));
      $("add-url").value = "";
    } catch (e) { $("hooks-error").textContent = e.message; }
    load();
  }

  async function show() {
    $("login").hidden = true;
    $("hooks").hidden = false;
    $("logout").hidden = false;
    try {
      const tenants = await send("/api/tenants");
      $("tenant").replaceChildren(...tenants.map((x) => Object.assign(document.createElement("option"), { value: x.id, textContent: x.name })));
    } catch (e) { $("hooks-error").textContent = e.message; }
    load();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  $("add-events").append(...EVENTS.map((name) => {
    const label = document.createElement("label");
    label.append(Object.assign(document.createElement("input"), { type: "checkbox", value: name, checked: name === "call.completed" }), " ", name);
    return label;
  }));
  signIn(TOKEN, () => show());
  $("tenant").addEventListener("change", load);
  $("add").addEventListener("submit", add);
  $("logout").addEventListener("click", logout);
  i18n.onChange(load);
  if (sessionStorage.getItem(TOKEN)) show();
})();
