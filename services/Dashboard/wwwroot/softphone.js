// The desk's WebRTC softphone: registers the signed-in agent with Kamailio over its WebSocket (JsSIP), using the SIP
// credentials the Telephony module derives from the agent's account (/api/telephony/sip-credentials); rings when the
// platform sends the agent a call, answers and hangs up. Media goes through rtpengine (DTLS-SRTP on this side). Without the
// Telephony module, or without a WebSocket for softphones, the panel stays hidden.
(() => {
  const $ = (id) => document.getElementById(id);
  const TOKEN = "agent-token";
  const t = (key, vars) => i18n.t("phone." + key, vars);

  let ua = null;
  let session = null;
  let state = "off";
  let renewal = null;
  let renewDue = false;

  function render() {
    document.querySelectorAll("[data-phone]").forEach((el) => { el.textContent = t(el.dataset.phone); });
    const pill = $("softphone-state");
    pill.dataset.state = state;
    pill.textContent = t(state);
    // The caller's number stays off the page, as in the rest of the desk.
    $("softphone-caller").textContent = session ? t("incoming") : "";
    $("softphone-answer").hidden = state !== "ringing";
    $("softphone-hangup").hidden = !session;
  }

  function setState(next) {
    state = next;
    render();
  }

  function sessionEnded() {
    session = null;
    $("softphone-audio").srcObject = null;
    setState(ua && ua.isRegistered() ? "registered" : "failed");
    if (renewDue) start();
  }

  function incoming(next) {
    if (session) {
      next.terminate({ status_code: 486, reason_phrase: "Busy Here" });
      return;
    }
    session = next;
    next.on("peerconnection", ({ peerconnection }) => {
      peerconnection.addEventListener("track", (e) => { $("softphone-audio").srcObject = e.streams[0]; });
    });
    next.on("accepted", () => setState("incall"));
    next.on("ended", sessionEnded);
    next.on("failed", sessionEnded);
    setState("ringing");
  }

  async function start() {
    renewDue = false;
    clearTimeout(renewal);
    const response = await fetchAuthorized(TOKEN, "/api/telephony/sip-credentials");
    if (!response.ok) return; // no Telephony module on this platform: no softphone
    const credentials = await response.json();
    if (!credentials.webSocketUrl) return;
    $("softphone").hidden = false;
    if (ua) ua.stop();
    ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(credentials.webSocketUrl)],
      uri: credentials.uri,
      authorization_user: credentials.username,
      password: credentials.password,
      realm: credentials.realm,
      register_expires: 300,
      session_timers: false,
    });
    ua.on("connecting", () => setState("connecting"));
    ua.on("registered", () => { if (!session) setState("registered"); });
    ua.on("unregistered", () => { if (!session) setState("failed"); });
    ua.on("registrationFailed", () => { if (!session) setState("failed"); });
    ua.on("newRTCSession", ({ originator, session: next }) => { if (originator === "remote") incoming(next); });
    ua.start();
    // New credentials before these expire; a call in progress keeps the registration it has until it ends.
    const lifetime = Date.parse(credentials.expiresAt) - Date.now();
    renewal = setTimeout(() => { if (session) renewDue = true; else start(); }, Math.max(60000, lifetime * 0.8));
  }

  $("softphone-answer").addEventListener("click", () => {
    if (session && state === "ringing")
      session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
  });
  $("softphone-hangup").addEventListener("click", () => { if (session) session.terminate(); });
  // The desk's hold button holds the call in Routing; the softphone holds the media (a re-INVITE the caller's side hears).
  $("hold").addEventListener("click", () => {
    if (!session || state !== "incall") return;
    if ($("call").dataset.hold === "true") session.unhold();
    else session.hold();
  });
  window.addEventListener("pagehide", () => { if (ua) ua.stop(); });

  /** What the softphone is doing, for the desk and for diagnostics: its state and the call's RTCPeerConnection. */
  window.softphone = {
    get state() { return state; },
    get peerConnection() { return session ? session.connection : null; },
  };

  // The desk shows itself once signed in; the softphone follows it.
  new MutationObserver(() => { if (!$("desk").hidden && !ua) start(); }).observe($("desk"), { attributes: true, attributeFilter: ["hidden"] });
  i18n.onChange(render);
  render();
  if (!$("desk").hidden) start();
})();
