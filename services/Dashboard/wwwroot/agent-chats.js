// The agent's chats, e-mails and messaging conversations in the desk, several at once, from Routing's /api/agents/me: accept
// or decline one, read its transcript as it grows (polled with ?after= the last message seen), reply, transfer it, end it.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = i18n.t;
  const KINDS = ["chat", "email", "messaging"];
  const cards = new Map(); // contactId -> { el, contact, lastSeq, messages }
  let self = null; // this agent's id: a colleague's replies (before a transfer) are shown with the colleague's id

  async function call(method, path, body) {
    const response = await fetchAuthorized(TOKEN, `/api/agents/me${path}`, {
      method, headers: body ? { "Content-Type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      let title = t("error", { status: response.status });
      try { title = (await response.json()).title || title; } catch { /* not a problem document */ }
      throw new Error(title);
    }
    return response.json();
  }

  function card(contact) {
    const el = document.createElement("article");
    el.className = "chat";
    el.dataset.contactId = contact.contactId;
    el.innerHTML = `<h3></h3>
      <p class="screen-pop-line" hidden><a class="screen-pop" target="_blank" rel="noopener noreferrer"></a></p>
      <ol class="transcript" aria-live="polite"></ol>
      <div class="actions offer"><button type="button" class="accept"></button> <button type="button" class="reject"></button></div>
      <form class="reply inline"><label><span></span> <textarea rows="2" maxlength="4000" required></textarea></label>
        <button type="submit"></button></form>
      <form class="transfer-chat inline"><label><span></span> <select required><option value=""></option></select></label>
        <button type="submit" class="secondary"></button></form>
      <div class="actions end"><button type="button" class="secondary end-chat"></button></div>
      <p class="error" role="alert"></p>`;
    const entry = { el, contact, lastSeq: 0, messages: [] };
    const act = async (button, action) => {
      button.disabled = true;
      el.querySelector(".error").textContent = "";
      try { await action(); } catch (e) { el.querySelector(".error").textContent = e.message; } finally { button.disabled = false; }
      await poll();
    };
    el.querySelector(".accept").addEventListener("click", (e) => act(e.currentTarget, () => call("POST", `/calls/${contact.contactId}/answer`)));
    el.querySelector(".reject").addEventListener("click", (e) => act(e.currentTarget, () => call("POST", `/calls/${contact.contactId}/reject`)));
    el.querySelector(".end-chat").addEventListener("click", (e) => act(e.currentTarget,
      () => call("POST", `/calls/${contact.contactId}/complete`, {})));
    el.querySelector(".transfer-chat").addEventListener("submit", (e) => {
      e.preventDefault();
      const select = el.querySelector(".transfer-chat select");
      const [to, id] = select.value.split(/:(.*)/s);
      if (!id) { select.focus(); return; }
      act(e.submitter || el.querySelector(".transfer-chat button"),
        () => call("POST", `/calls/${contact.contactId}/transfer`, to === "agent" ? { agentId: id } : { queueId: id }));
    });
    el.querySelector(".reply").addEventListener("submit", (e) => {
      e.preventDefault();
      const box = el.querySelector("textarea");
      const text = box.value.trim();
      if (!text) return;
      act(e.submitter || el.querySelector(".reply button"), async () => {
        await call("POST", `/calls/${contact.contactId}/messages`, { text });
        box.value = "";
        await readMessages(entry);
        box.focus();
      });
    });
    return entry;
  }

  function label(entry) {
    const { el, contact } = entry;
    el.dataset.state = contact.state;
    el.querySelector("h3").textContent =
      `${t(`chat.kind.${contact.kind}`)} — ${t("chat.queue", { queue: contact.queueId })} — ${t(`chat.${contact.state}`)}`;
    el.querySelector(".screen-pop-line").hidden = !contact.screenPopUrl;
    el.querySelector(".screen-pop").href = contact.screenPopUrl || "#";
    el.querySelector(".screen-pop").textContent = t("call.screenPop");
    el.querySelector(".offer").hidden = contact.state !== "Offered";
    el.querySelector(".reply").hidden = el.querySelector(".end").hidden = contact.state !== "OnCall";
    el.querySelector(".accept").textContent = t("call.accept");
    el.querySelector(".reject").textContent = t("call.reject");
    el.querySelector(".reply span").textContent = t("chat.reply");
    el.querySelector(".reply button").textContent = t("chat.send");
    el.querySelector(".end-chat").textContent = t("chat.end");
    el.querySelector(".transfer-chat").hidden = contact.state !== "OnCall";
    el.querySelector(".transfer-chat span").textContent = t("call.transferTo");
    el.querySelector(".transfer-chat button").textContent = t("call.transfer");
    if (contact.state === "OnCall" && !entry.targets) {
      entry.targets = call("GET", `/calls/${contact.contactId}/transfer-targets`).catch(() => null);
      entry.targets.then(() => targets(entry));
    }
  }

  // The client company's queues and the other agents who take this kind, read once when the conversation is accepted.
  async function targets(entry) {
    const found = entry.targets && await entry.targets;
    const select = entry.el.querySelector(".transfer-chat select");
    const chosen = select.value;
    select.replaceChildren(new Option(t("call.choose"), ""));
    if (!found) return;
    const group = (label, options) => {
      if (!options.length) return;
      const g = document.createElement("optgroup");
      g.label = label;
      g.append(...options);
      select.append(g);
    };
    group(t("call.transferQueues"), found.queues.map((q) => new Option(q.name, `queue:${q.queueId}`)));
    group(t("call.transferAgents"), found.agents.map((a) => new Option(`${a.name} — ${t(`state.${a.state}`)}`, `agent:${a.agentId}`)));
    select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
  }

  function transcript(entry) {
    entry.el.querySelector(".transcript").replaceChildren(...entry.messages.map((m) => {
      const item = document.createElement("li");
      item.dataset.author = m.author;
      const who = document.createElement("strong");
      who.textContent = `${m.author === "agent" && m.agentId && self && m.agentId !== self ? m.agentId : t(`chat.author.${m.author}`)} `;
      const time = document.createElement("time");
      time.dateTime = m.sentAt;
      time.textContent = new Date(m.sentAt).toLocaleTimeString(i18n.lang, { hour: "2-digit", minute: "2-digit" });
      const text = document.createElement("span");
      text.textContent = m.text;
      item.append(who, time, " ", text);
      return item;
    }));
  }

  async function readMessages(entry) {
    const read = await call("GET", `/calls/${entry.contact.contactId}/messages?after=${entry.lastSeq}`);
    const fresh = read.messages.filter((m) => m.seq > entry.lastSeq);
    if (fresh.length === 0) return;
    entry.messages.push(...fresh);
    entry.lastSeq = fresh[fresh.length - 1].seq;
    transcript(entry);
    const list = entry.el.querySelector(".transcript");
    list.scrollTop = list.scrollHeight;
  }

  async function poll() {
    if (!sessionStorage.getItem(TOKEN) || $("desk").hidden) return;
    const response = await fetchAuthorized(TOKEN, "/api/agents/me");
    if (!response.ok) return;
    const me = await response.json();
    self = me.agentId;
    const contacts = (me.contacts || []).filter((c) => KINDS.includes(c.kind));
    for (const [id, entry] of cards)
      if (!contacts.some((c) => c.contactId === id)) { entry.el.remove(); cards.delete(id); }
    for (const contact of contacts) {
      let entry = cards.get(contact.contactId);
      if (!entry) {
        entry = card(contact);
        cards.set(contact.contactId, entry);
        $("chat-list").append(entry.el);
      }
      entry.contact = contact;
      label(entry);
      await readMessages(entry).catch(() => {});
    }
    $("no-chat").hidden = cards.size > 0;
  }

  i18n.onChange(() => cards.forEach((entry) => { label(entry); transcript(entry); targets(entry); }));
  setInterval(() => poll().catch(() => {}), 1500);
  poll().catch(() => {});
})();
