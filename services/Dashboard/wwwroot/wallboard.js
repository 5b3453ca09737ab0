// The supervisor wallboard: log in, connect to the hub, and keep one tile per queue up to date.
(() => {
  const $ = (id) => document.getElementById(id);
  const tiles = new Map();
  const pct = (x) => `${(x * 100).toFixed(1)} %`;
  const secs = (x) => `${Math.round(x)} s`;

  function setState(text, css) {
    const el = $("connection");
    el.textContent = text;
    el.className = "state " + (css || "");
  }

  function render(tile) {
    let el = tiles.get(tile.queueId);
    if (!el) {
      el = document.createElement("article");
      el.className = "tile";
      el.dataset.queue = tile.queueId;
      tiles.set(tile.queueId, el);
      const all = [...tiles.keys()].sort();
      const container = $("tiles");
      container.insertBefore(el, container.children[all.indexOf(tile.queueId)] || null);
    }
    el.classList.toggle("below", tile.serviceLevel < tile.targetServiceLevel);
    el.innerHTML = `
      <h2></h2><p class="client"></p>
      <div class="sl" title="Niveau de service du jour">${pct(tile.serviceLevel)}</div>
      <dl>
        <dt>Objectif</dt><dd>${pct(tile.targetServiceLevel)} en ${tile.thresholdSeconds} s</dd>
        <dt>En attente</dt><dd data-field="waiting">${tile.callsWaiting}</dd>
        <dt>Attente la plus longue</dt><dd>${secs(tile.oldestWaitSeconds)}</dd>
        <dt>Présentés / répondus / abandonnés</dt><dd data-field="counts">${tile.offered} / ${tile.answered} / ${tile.abandoned}</dd>
        <dt>ASA</dt><dd>${secs(tile.averageSpeedOfAnswerSeconds)}</dd>
        <dt>Agents dispo / en appel / post-appel / absents</dt>
        <dd>${tile.agentsAvailable} / ${tile.agentsOnCall + tile.agentsReserved} / ${tile.agentsAfterCallWork} / ${tile.agentsNotReady}</dd>
      </dl>`;
    el.querySelector("h2").textContent = tile.queueName;
    el.querySelector(".client").textContent = `${tile.tenantId} · ${tile.lineOfBusiness} · ${tile.language}`;
  }

  async function connect(token) {
    $("login").hidden = true;
    $("wallboard").hidden = false;
    $("logout").hidden = false;
    const hub = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/wallboard", { accessTokenFactory: () => token })
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .build();
    hub.on("QueueMetrics", (batch) => batch.forEach(render));
    hub.onreconnecting(() => setState("reconnexion…", "reconnecting"));
    hub.onreconnected(() => setState("connecté", "connected"));
    hub.onclose(() => setState("déconnecté", ""));
    try {
      await hub.start();
      setState("connecté", "connected");
    } catch (e) {
      sessionStorage.removeItem("token");
      location.reload();
    }
  }

  $("login").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const response = await fetch("/api/auth/token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
    });
    if (!response.ok) {
      $("login-error").textContent = "Utilisateur ou mot de passe incorrect.";
      return;
    }
    const { accessToken } = await response.json();
    sessionStorage.setItem("token", accessToken);
    connect(accessToken);
  });

  $("logout").addEventListener("click", () => { sessionStorage.removeItem("token"); location.reload(); });

  const saved = sessionStorage.getItem("token");
  if (saved) connect(saved);
})();
