// The agent's requests in the desk: time off (part of a day, or whole days) and shift swaps, through Scheduling's
// /api/agent-requests with the desk's token. Each request shows what the automatic check found: approved at once, or
// queued for a supervisor with the shortfall or the broken rule.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = (key, vars) => i18n.t("myRequests." + key, vars);
  let last = null;

  function translate() {
    document.querySelectorAll("[data-req]").forEach((el) => { el.textContent = t(el.dataset.req); });
    if (last) render(last);
  }

  async function send(url, init = {}) {
    const response = await fetchAuthorized(TOKEN, url, { ...init, headers: { "Content-Type": "application/json", ...(init.headers || {}) } });
    if (response.status === 400 || response.status === 409) {
      const problem = await response.json();
      throw new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.title);
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.json();
  }

  const when = (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

  function item(r, offer) {
    const li = document.createElement("li");
    li.dataset.id = r.id;
    li.dataset.status = r.status;
    const head = document.createElement("strong");
    head.textContent = `${t(r.kind)} · ${when(r.from)} → ${when(r.to)}`;
    const status = document.createElement("span");
    status.className = "pill";
    status.dataset.field = "status";
    status.textContent = offer ? t("from_", { agent: r.agentId }) : t(r.status);
    li.append(head, " ", status);
    if (!offer && r.coveringAgentId) li.append(" ", t("by", { agent: r.coveringAgentId }));
    if (!offer && (r.status === "queued" || r.status === "denied") && (r.reason || r.summary)) {
      const why = document.createElement("p");
      why.className = "muted";
      why.dataset.field = "why";
      why.textContent = r.status === "denied" ? r.reason : r.summary;
      li.append(why);
    }
    if (offer) {
      const take = document.createElement("button");
      take.type = "button";
      take.className = "secondary";
      take.textContent = t("take");
      take.addEventListener("click", () => act(() => send(`/api/agent-requests/${r.id}/accept`, { method: "POST" })));
      li.append(" ", take);
    }
    return li;
  }

  function render(mine) {
    last = mine;
    const own = mine.requests.map((r) => item(r, false));
    $("my-requests").replaceChildren(...(own.length ? own : [Object.assign(document.createElement("li"), { className: "muted", textContent: t("none") })]));
    const offers = mine.offers.map((r) => item(r, true));
    $("offers").replaceChildren(...(offers.length ? offers : [Object.assign(document.createElement("li"), { className: "muted", textContent: t("noOffers") })]));
  }

  async function load() {
    if (!sessionStorage.getItem(TOKEN) || $("desk").hidden) return;
    try { render(await send("/api/agent-requests/mine")); } catch (e) { $("requests-error").textContent = e.message; }
  }

  async function act(action) {
    $("requests-error").textContent = "";
    try { await action(); } catch (e) { $("requests-error").textContent = e.message; }
    await load();
  }

  $("time-off-whole").addEventListener("change", () => {
    for (const id of ["time-off-from", "time-off-to"]) {
      const input = $(id);
      const value = input.value;
      input.type = $("time-off-whole").checked ? "date" : "datetime-local";
      input.value = $("time-off-whole").checked ? value.slice(0, 10) : value ? `${value.slice(0, 10)}T09:00` : "";
    }
  });
  $("time-off-form").addEventListener("submit", (e) => {
    e.preventDefault();
    act(() => send("/api/agent-requests/time-off", {
      method: "POST", body: JSON.stringify({ from: $("time-off-from").value, to: $("time-off-to").value, note: $("time-off-note").value }),
    }));
  });
  $("swap-form").addEventListener("submit", (e) => {
    e.preventDefault();
    act(() => send("/api/agent-requests/swaps", { method: "POST", body: JSON.stringify({ date: $("swap-date").value }) }));
  });
  // The desk shows itself once signed in; the requests follow it.
  new MutationObserver(load).observe($("desk"), { attributes: true, attributeFilter: ["hidden"] });
  i18n.onChange(translate);
  translate();
  load();
  setInterval(load, 30000);
})();
