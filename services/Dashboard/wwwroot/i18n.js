// The pages' words come from the platform's one set of texts (shared/CallCentre.Hosting/Languages/*.json), which /texts.js
// hands over as window.callCentreTexts: French, English, Dutch and German. The choice is kept in this browser; without one,
// a page may offer its own default (the portal: the client's language), else French, the centre's. Static text carries
// data-i18n="key"; scripts call i18n.t(key, {vars}) and re-render on i18n.onChange. Numbers and dates follow the language's
// culture (the "culture" text, the same one the server's reports use) through Intl.
window.i18n = (() => {
  const texts = window.callCentreTexts;
  const languages = Object.keys(texts);
  const saved = localStorage.getItem("lang");
  let lang = languages.includes(saved) ? saved : "fr";
  const listeners = [];

  function t(key, vars) {
    let text = texts[lang][key] ?? texts.fr[key] ?? key;
    for (const [name, value] of Object.entries(vars || {})) text = text.replace(`{${name}}`, value);
    return text;
  }

  function apply() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-label]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.i18nLabel)));
    if (document.body.dataset.title) document.title = t(document.body.dataset.title);
    const select = document.getElementById("lang-switch");
    if (select) {
      select.value = lang;
      select.setAttribute("aria-label", t("lang.choose"));
    }
  }

  function change(next, keep) {
    if (keep) localStorage.setItem("lang", next);
    if (next === lang) return;
    lang = next;
    apply();
    listeners.forEach((f) => f());
  }

  const select = document.getElementById("lang-switch");
  if (select) {
    // Each language named in itself, so that a reader who cannot read the current one still finds theirs.
    select.replaceChildren(...languages.map((l) => Object.assign(document.createElement("option"), { value: l, lang: l, textContent: texts[l]["lang.self"] })));
    select.addEventListener("change", () => change(select.value, true));
  }
  apply();
  return {
    t,
    languages,
    get lang() { return lang; },
    get locale() { return texts[lang].culture; },
    onChange: (f) => listeners.push(f),
    /** A page's default (the client's language) when this browser has no choice of its own. */
    preferByDefault: (l) => { if (!languages.includes(localStorage.getItem("lang")) && languages.includes(l)) change(l, false); },
  };
})();
