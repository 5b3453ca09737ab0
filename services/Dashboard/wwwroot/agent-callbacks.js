// The agent's callbacks in the desk, from Routing's /api/agents/me (the pushed desk carries the phone call only): accept or
// decline one, follow the PBX's dial, talk, end it. The number is never shown: the PBX dials it.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = i18n.t;
  let shown = [];
  let dialing = new Map(); // callId -> attempt being dialled, to tell the agent when a dial did not reach the customer

  function render(callbacks) {
    shown = callbacks;
    $("no-callback").hidden = callbacks.length > 0;
    const list = $("callback-list");
    list.replaceChildren(...callbacks.map((c) => {
      const item = document.createElement("li");
      item.dataset.callId = c.contactId;
      item.dataset.stage = c.state === "Offered" ? "Offered" : c.callbackStage;
      const text = document.createElement("span");
      text.textContent = `${t("callback.item", { queue: c.queueId, attempt: c.callbackAttempt })} — ${t(`callback.${item.dataset.stage}`)}`;
      item.append(text);
      const button = (label, cls, path) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = cls;
        b.textContent = t(label);
        b.addEventListener("click", () => act(b, c.contactId, path));
        item.append(" ", b);
      };
      if (c.state === "Offered") {
        button("call.accept", "accept", "answer");
        button("call.reject", "reject", "reject");
      } else if (c.callbackStage === "Connected") {
        button("callback.complete", "secondary", "complete");
      }
      return item;
    }));
  }

  async function act(button, callId, path) {
    button.disabled = true;
    await fetchAuthorized(TOKEN, `/api/agents/me/calls/${callId}/${path}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
    });
    await poll();
  }

  async function poll() {
    if (!sessionStorage.getItem(TOKEN) || $("desk").hidden) return;
    const response = await fetchAuthorized(TOKEN, "/api/agents/me");
    if (!response.ok) return;
    const callbacks = ((await response.json()).contacts || []).filter((c) => c.kind === "callback");
    // A dial that left the desk without reaching the customer: the PBX reported no answer or busy.
    for (const [callId, attempt] of dialing)
      if (!callbacks.some((c) => c.contactId === callId)) $("callback-outcome").textContent = t("callback.unreached", { attempt });
    dialing = new Map(callbacks.filter((c) => c.callbackStage === "Dialing").map((c) => [c.contactId, c.callbackAttempt]));
    if (callbacks.some((c) => c.callbackStage === "Connected")) $("callback-outcome").textContent = "";
    render(callbacks);
  }

  i18n.onChange(() => render(shown));
  setInterval(() => poll().catch(() => {}), 1500);
  poll().catch(() => {});
})();
