// The sign-in form every page shares: exchanges the user name and password for an access token and a refresh token (the
// embedded issuer's /api/auth/token), keeps them in this tab's session storage under the page's own key, and hands the
// access token to the page. The access token is short-lived: it is renewed silently (/api/auth/refresh) before it
// expires, and pages ask freshToken(key) for it each time they send one (requests and SignalR (re)connections).
(() => {
  const refreshKey = (key) => `${key}:refresh`;
  const expiresKey = (key) => `${key}:expires`;
  const lifetimeKey = (key) => `${key}:lifetime`;
  const timers = {};

  function keep(key, tokens) {
    sessionStorage.setItem(key, tokens.accessToken);
    sessionStorage.setItem(refreshKey(key), tokens.refreshToken);
    sessionStorage.setItem(expiresKey(key), String(Date.now() + tokens.expiresIn * 1000));
    sessionStorage.setItem(lifetimeKey(key), String(tokens.expiresIn * 1000));
    schedule(key);
  }

  function forget(key) {
    [refreshKey(key), expiresKey(key), lifetimeKey(key)].forEach((k) => sessionStorage.removeItem(k));
    clearTimeout(timers[key]);
  }

  // Renewed when a fifth of its lifetime is left, so that no request carries a token about to expire.
  function schedule(key) {
    clearTimeout(timers[key]);
    const expires = Number(sessionStorage.getItem(expiresKey(key)));
    const lifetime = Number(sessionStorage.getItem(lifetimeKey(key)));
    if (!expires || !sessionStorage.getItem(key)) return;
    timers[key] = setTimeout(() => refresh(key), Math.max(0, expires - lifetime / 5 - Date.now()));
  }

  // A signed-out page (its access token removed) never renews from a refresh token left behind.
  async function refresh(key) {
    const refreshToken = sessionStorage.getItem(refreshKey(key));
    if (!refreshToken || !sessionStorage.getItem(key)) return null;
    try {
      const response = await fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken }),
      });
      if (response.ok) { keep(key, await response.json()); return sessionStorage.getItem(key); }
      if (response.status === 401) forget(key); // the session is over: the page's next 401 signs out
      else timers[key] = setTimeout(() => refresh(key), 10000);
    } catch {
      timers[key] = setTimeout(() => refresh(key), 10000);
    }
    return null;
  }

  /** The page's current access token, renewed first when it is (nearly) expired or after a 401 (force). */
  window.freshToken = async (key, force = false) => {
    const expires = Number(sessionStorage.getItem(expiresKey(key)));
    if (force || (expires && Date.now() > expires - 30000)) {
      const renewed = await refresh(key);
      if (force) return renewed;
    }
    return sessionStorage.getItem(key);
  };

  /** fetch with the page's bearer token; on a 401 the token is renewed once and the request sent again. */
  window.fetchAuthorized = async (key, url, init = {}) => {
    const send = (token) => fetch(url, { ...init, headers: { ...(init.headers || {}), Authorization: `Bearer ${token}` } });
    const response = await send(await window.freshToken(key));
    if (response.status !== 401) return response;
    const renewed = await window.freshToken(key, true);
    return renewed ? send(renewed) : response;
  };

  window.signIn = (storageKey, onToken) => {
    schedule(storageKey);
    const form = document.getElementById("login");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const data = new FormData(form);
      const response = await fetch("/api/auth/token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: data.get("username"), password: data.get("password") }),
      });
      if (!response.ok) {
        document.getElementById("login-error").textContent = i18n.t(response.status === 429 ? "login.tooMany" : "login.wrong");
        return;
      }
      keep(storageKey, await response.json());
      document.getElementById("login-error").textContent = "";
      onToken(sessionStorage.getItem(storageKey));
    });
  };
})();
