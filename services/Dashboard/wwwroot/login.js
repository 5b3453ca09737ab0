// The sign-in form every page shares: exchanges the user name and password for a token (the embedded issuer's
// /api/auth/token), keeps it in this tab's session storage under the page's own key, and hands it to the page.
window.signIn = (storageKey, onToken) => {
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
      document.getElementById("login-error").textContent = i18n.t("login.wrong");
      return;
    }
    const token = (await response.json()).accessToken;
    sessionStorage.setItem(storageKey, token);
    document.getElementById("login-error").textContent = "";
    onToken(token);
  });
};
