// Each agent's team (docs/reporting.md, Teams), from Routing's admin API: an admin types or picks a team and saves it (the
// agent's whole definition is read again and put back with only the team changed); a supervisor reads the teams.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "admin-token";
  const t = (key, vars) => i18n.t("teams." + key, vars);
  let agents = null;

  async function send(url, init = {}) {
    const response = await fetchAuthorized(TOKEN, url, { ...init, headers: { "Content-Type": "application/json", ...(init.headers || {}) } });
    if (response.status === 401) { logout(); throw new Error("401"); }
    if (response.status === 400) {
      const problem = await response.json();
      throw new Error(Object.values(problem.errors || {}).flat().join(" ") || problem.title);
    }
    if (!response.ok) throw new Error(i18n.t("error", { status: response.status }));
    return response.json();
  }

  // The role is only a hint for the page: Routing refuses a supervisor's write whatever the page shows.
  function isAdmin() {
    try {
      const payload = JSON.parse(atob(sessionStorage.getItem(TOKEN).split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
      return [].concat(payload.role || []).includes("admin");
    } catch { return false; }
  }

  const cell = (text) => Object.assign(document.createElement("td"), { textContent: text });

  function row(a, editable) {
    const tr = document.createElement("tr");
    tr.dataset.agent = a.id;
    const name = Object.assign(document.createElement("th"), { scope: "row", textContent: `${a.name} (${a.id})` });
    if (!editable) { tr.append(name, cell(a.team ?? t("none")), cell("")); return tr; }
    const input = Object.assign(document.createElement("input"), { value: a.team ?? "", placeholder: t("none"), maxLength: 100 });
    input.setAttribute("list", "known-teams");
    input.setAttribute("aria-label", `${t("team")} — ${a.name} (${a.id})`);
    const save = Object.assign(document.createElement("button"), { type: "button", textContent: t("save") });
    save.setAttribute("aria-label", `${t("save")} — ${a.name} (${a.id})`);
    save.addEventListener("click", async () => {
      $("teams-error").textContent = "";
      $("teams-status").textContent = "";
      try {
        const current = (await send(`/api/admin/agents/${encodeURIComponent(a.id)}`)).agent;
        const team = input.value.trim() || null;
        await send(`/api/admin/agents/${encodeURIComponent(a.id)}`, {
          method: "PUT",
          body: JSON.stringify({ name: current.name, skills: current.skills, capacity: current.capacity, mixVoiceAndDigital: current.mixVoiceAndDigital, team }),
        });
        $("teams-status").textContent = t("saved", { agent: current.name });
        // Only this row changed: rendering the table again would drop what is being typed in another row.
        a.team = team;
        listKnownTeams();
      } catch (e) { $("teams-error").textContent = e.message; }
    });
    const action = document.createElement("td");
    action.append(save);
    tr.append(name, Object.assign(document.createElement("td"), {}), action);
    tr.children[1].append(input);
    return tr;
  }

  function listKnownTeams() {
    const teams = [...new Set(agents.map((a) => a.team).filter(Boolean))].sort((x, y) => x.localeCompare(y, i18n.locale));
    $("known-teams").replaceChildren(...teams.map((name) => new Option(name, name)));
  }

  function render() {
    if (!agents) return;
    const editable = isAdmin();
    $("read-only").hidden = editable;
    listKnownTeams();
    const rows = agents.map((a) => row(a, editable));
    const empty = document.createElement("tr");
    empty.append(Object.assign(cell(t("empty")), { colSpan: 3 }));
    $("team-table").querySelector("tbody").replaceChildren(...(rows.length ? rows : [empty]));
  }

  async function load() {
    try {
      agents = (await send("/api/admin/agents")).map((r) => r.agent)
        .sort((x, y) => x.name.localeCompare(y.name, i18n.locale) || (x.id < y.id ? -1 : 1));
      render();
    } catch (e) { $("teams-error").textContent = e.message; }
  }

  function show() {
    $("login").hidden = true;
    $("teams").hidden = false;
    $("logout").hidden = false;
    load();
  }

  function logout() {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }

  signIn(TOKEN, () => show());
  $("logout").addEventListener("click", logout);
  i18n.onChange(render);
  if (sessionStorage.getItem(TOKEN)) show();
})();
