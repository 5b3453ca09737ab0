// French and English for the pages: French by default (the centre's and most clients' language), the choice kept in
// this browser. Static text carries data-i18n="key"; scripts call i18n.t(key, {vars}) and re-render on i18n.onChange.
window.i18n = (() => {
  const texts = {
    fr: {
      "day.title": "Niveau de service du jour (par demi-heure)",
      "staffing.title": "CallCentre — effectifs", "staffing.page": "· effectifs (Erlang)", "staffing.calls": "Appels par intervalle",
      "staffing.interval": "Intervalle", "staffing.aht": "DMT (s)", "staffing.threshold": "Seuil (s)", "staffing.target": "Objectif (%)",
      "staffing.shrinkage": "Absentéisme (%)", "staffing.patience": "Patience moyenne (s, Erlang A)", "staffing.compute": "Calculer",
      "staffing.result": "{agents} agents au téléphone, {scheduled} à planifier : niveau de service {sl}, ASA {asa}, occupation {occ}",
      "staffing.abandon": ", abandons {ab}", "staffing.curve": "Niveau de service selon le nombre d'agents", "staffing.agents": "Agents",
      "coverage.title": "Couverture d'un planning face au besoin",
      "coverage.note": "Le besoin d'une journée de 8 h à 20 h (deux pointes), avec la DMT, le seuil, l'objectif, la patience et l'intervalle ci-dessus, puis le planning de l'équipe sur trois modèles d'horaire : matin et soir (8 h, une pause, 30 min de déjeuner) et mi-temps (4 h, une pause).",
      "coverage.day": "Jour", "coverage.team": "Agents dans l'équipe", "coverage.peak": "Appels à l'intervalle de pointe",
      "coverage.solve": "Planifier", "coverage.solving": "Calcul du besoin et du planning…",
      "coverage.done": "Planning calculé en {secs} : {shifts} vacations pour {team} agents.",
      "coverage.chart": "Agents planifiés au téléphone et agents requis par intervalle",
      "coverage.required": "Requis", "coverage.onDuty": "Au téléphone (planifiés)", "coverage.time": "Heure",
      "coverage.underShort": "Manque", "coverage.overShort": "Excédent", "coverage.table": "Détail par intervalle",
      "coverage.status": "Statut", "coverage.gap": "Écart à l'optimum", "coverage.under": "Sous-effectif (agents × intervalles)",
      "coverage.over": "Sureffectif (agents × intervalles)", "coverage.paid": "Heures payées", "coverage.shifts": "Vacations",
      "coverage.optimal": "optimal", "coverage.feasible": "réalisable (limite de temps atteinte)", "coverage.noSolution": "aucun planning trouvé",
      "check.tenant": "Client", "check.seeds": "Journées simulées", "check.run": "Vérifier par simulation",
      "check.running": "Simulation du planning avec le moteur de routage…",
      "check.done": "{runs} journées simulées : niveau de service moyen {sim} (Erlang {erlang}), abandon {ab}, {missed} intervalles attendus sous l'objectif (pénalités : ce nombre × la pénalité par période manquée du contrat).",
      "check.erlang": "NS Erlang", "check.simulated": "NS simulé (± écart)", "check.abandoned": "Abandon simulé", "check.missed": "Objectif manqué (part des journées)",
      "portal.title": "CallCentre — espace client", "portal.page": "· espace client", "portal.month": "Mois",
      "portal.granularity": "Détail", "portal.byDay": "par jour", "portal.byMonth": "par mois",
      "portal.download": "Télécharger", "portal.printable": "Rapport imprimable", "portal.chart": "Niveau de service",
      "portal.target": "Objectif", "portal.compliance": "Conformité du mois", "portal.queue": "File",
      "portal.serviceLevel": "Niveau de service", "portal.offered": "Présentés", "portal.answered": "Répondus",
      "portal.abandoned": "Abandonnés", "portal.asa": "ASA", "portal.aht": "DMT", "portal.status": "Statut",
      "portal.met": "atteint", "portal.missed": "manqué", "portal.partial": "mois en cours", "portal.penalties": "Pénalités",
      "portal.noData": "Aucun appel sur la période.", "portal.contract": "Contrat v{version}", "portal.total": "Toutes files",
      "portal.contacts": "Appels", "portal.contactsCsv": "Liste des appels (CSV)", "portal.pack": "Dossier mensuel signé",
      "wallboard.title": "CallCentre — supervision", "wallboard.page": "· supervision", "agent.title": "CallCentre — poste agent", "agent.page": "· poste agent",
      "nav.pages": "Pages", "nav.wallboard": "Supervision", "nav.agent": "Poste agent",
      "nav.agents": "Performance des conseillers",
      "perf.title": "CallCentre — performance des conseillers", "perf.page": "· performance des conseillers", "perf.from": "Du", "perf.to": "Au",
      "perf.granularity": "Détail", "perf.byInterval": "par quart d'heure", "perf.byDay": "par jour", "perf.byMonth": "par mois",
      "perf.show": "Afficher", "perf.download": "Télécharger", "perf.printable": "Rapport imprimable", "perf.table": "Conseillers sur la période",
      "perf.note": "Appels des seuls clients que vous supervisez ; temps de connexion, d'occupation et d'indisponibilité : tout le temps du conseiller. Cliquez une ligne pour son évolution.",
      "perf.agent": "Conseiller", "perf.offered": "Présentés", "perf.answered": "Répondus", "perf.missed": "Manqués (sans réponse)",
      "perf.rejected": "Refusés", "perf.transfers": "Transferts", "perf.talk": "Communication moy.", "perf.hold": "Attente moy.",
      "perf.acw": "Post-appel moy.", "perf.aht": "DMT", "perf.occupancy": "Occupation", "perf.notReady": "Indisponible",
      "perf.loggedIn": "Connecté", "perf.noData": "Aucune activité sur la période.", "perf.trend": "Évolution", "perf.centre": "Centre",
      "perf.distribution": "Répartition des durées de traitement", "perf.legs": "Appels traités",
      "conn.connected": "connecté", "conn.reconnecting": "reconnexion…", "conn.disconnected": "déconnecté",
      "login.form": "Connexion", "login.user": "Utilisateur", "login.password": "Mot de passe", "login.submit": "Se connecter", "logout": "Se déconnecter",
      "login.wrong": "Utilisateur ou mot de passe incorrect.", "login.tooMany": "Trop de tentatives : réessayez dans une minute.", "login.notAgent": "Ce compte n'est pas un compte agent, ou la session a expiré.",
      "queues": "Files d'attente", "filter.client": "Client", "filter.lob": "Activité", "filter.language": "Langue", "filter.all": "Tous",
      "tile.sl": "Niveau de service du jour", "tile.target": "Objectif", "tile.targetValue": "{pct} en {secs}", "tile.waiting": "En attente",
      "tile.oldest": "Attente la plus longue", "tile.counts": "Présentés / répondus / abandonnés", "tile.asa": "ASA",
      "tile.agents": "Agents dispo / en appel / post-appel / absents",
      "intraday.calls": "Appels jusqu'ici", "intraday.callsValue": "{actual} pour {forecast} prévus",
      "intraday.rest": "Reste de la journée", "intraday.restValue": "{calls} attendus (prévision × {factor})",
      "intraday.short.one": "{agents} agent manquant à partir de {time}", "intraday.short.other": "{agents} agents manquants à partir de {time}",
      "intraday.covered": "Effectif suffisant pour le reste de la journée",
      "alerts": "Alertes", "alerts.none": "Aucune alerte.", "agents": "Agents", "agents.none": "Aucun agent connecté.",
      "agents.agent": "Agent", "agents.state": "État", "agents.since": "Depuis", "agents.call": "Appel", "agents.otherClient": "autre client",
      "alert.sla-at-risk": "Niveau de service menacé", "alert.sla-breached": "Objectif de niveau de service manqué",
      "alert.sla-recovered": "Niveau de service rétabli", "alert.offers-missed": "Agent passé en pas prêt : offres manquées",
      "alert.offers-rejected": "Agent passé en pas prêt : offres refusées",
      "alert.adherence-out": "Hors adhérence au planning", "alert.adherence-back": "De retour en adhérence",
      "adherence.detail": "prévu : {0}, réel : {1} (depuis {2} min)", "adherence.outFor": "{0} min hors adhérence",
      "activity.work": "au téléphone", "activity.break": "pause", "activity.lunch": "déjeuner", "activity.training": "formation",
      "activity.meeting": "réunion", "activity.off": "hors service",
      "state.Available": "Disponible", "state.Reserved": "Appel entrant", "state.OnCall": "En appel", "state.AfterCallWork": "Post-appel",
      "state.NotReady": "Pas prêt", "state.LoggedOut": "Déconnecté", "grid.Reserved": "Sonnerie",
      "reason.break": "pause", "reason.lunch": "déjeuner", "reason.training": "formation", "reason.meeting": "réunion",
      "reason.missed": "offres manquées", "reason.rejected": "offres refusées", "reason.supervisor": "superviseur", "reason.unspecified": "sans motif",
      "reason.option.break": "Pause", "reason.option.lunch": "Déjeuner", "reason.option.training": "Formation", "reason.option.meeting": "Réunion",
      "desk.state": "Mon état", "desk.stateTimer": "Temps dans cet état", "desk.available": "Disponible", "desk.reason": "Motif", "desk.notReady": "Pas prêt",
      "desk.call": "Appel", "desk.noCall": "Aucun appel.", "call.client": "Client", "call.queue": "File", "call.language": "Langue",
      "call.caller": "Appelant", "call.waited": "Attente", "call.duration": "Durée de l'appel", "call.disposition": "Qualification",
      "call.accept": "Accepter", "call.reject": "Refuser", "call.complete": "Terminer l'appel", "call.choose": "— choisir —",
      "call.hold": "Mettre en attente", "call.resume": "Reprendre l'appel", "call.onHold": "en attente",
      "call.returning": "appelant récurrent", "call.new": "nouvel appelant", "call.chooseDisposition": "Choisissez une qualification.",
      "call.Ringing": "Appel entrant", "call.Connected": "En communication", "call.Completed": "Appel terminé", "call.lastCompleted": "Dernier appel terminé",
      "call.Transferred": "Appel transféré", "call.Abandoned": "L'appelant a raccroché", "call.Withdrawn": "Offre retirée",
      "disposition.resolved": "Résolu", "disposition.information": "Demande d'information", "disposition.callback": "Rappel à prévoir",
      "disposition.escalated": "Escaladé", "disposition.complaint": "Réclamation",
      "lang.fr": "français", "lang.en": "anglais", "lang.ar": "arabe", "lang.nl": "néerlandais", "lang.de": "allemand",
      "error": "Erreur {status}",
    },
    en: {
      "day.title": "Service level today (by half hour)",
      "staffing.title": "CallCentre — staffing", "staffing.page": "· staffing (Erlang)", "staffing.calls": "Calls per interval",
      "staffing.interval": "Interval", "staffing.aht": "AHT (s)", "staffing.threshold": "Threshold (s)", "staffing.target": "Target (%)",
      "staffing.shrinkage": "Shrinkage (%)", "staffing.patience": "Mean patience (s, Erlang A)", "staffing.compute": "Compute",
      "staffing.result": "{agents} agents on the phones, {scheduled} to schedule: service level {sl}, ASA {asa}, occupancy {occ}",
      "staffing.abandon": ", abandons {ab}", "staffing.curve": "Service level by number of agents", "staffing.agents": "Agents",
      "coverage.title": "A schedule's coverage against the requirement",
      "coverage.note": "The requirement of one day from 8:00 to 20:00 (two peaks), with the AHT, threshold, target, patience and interval above, then the team's schedule on three shift templates: early and late (8 h, a break, a 30 min lunch) and part-time (4 h, a break).",
      "coverage.day": "Day", "coverage.team": "Agents in the team", "coverage.peak": "Calls in the peak interval",
      "coverage.solve": "Schedule", "coverage.solving": "Working out the requirement and the schedule…",
      "coverage.done": "Schedule solved in {secs}: {shifts} shifts for {team} agents.",
      "coverage.chart": "Scheduled agents on the phones and required agents per interval",
      "coverage.required": "Required", "coverage.onDuty": "On the phones (scheduled)", "coverage.time": "Time",
      "coverage.underShort": "Short", "coverage.overShort": "Surplus", "coverage.table": "Interval by interval",
      "coverage.status": "Status", "coverage.gap": "Gap to optimal", "coverage.under": "Understaffed (agent-intervals)",
      "coverage.over": "Overstaffed (agent-intervals)", "coverage.paid": "Paid hours", "coverage.shifts": "Shifts",
      "coverage.optimal": "optimal", "coverage.feasible": "feasible (time limit reached)", "coverage.noSolution": "no schedule found",
      "check.tenant": "Client", "check.seeds": "Simulated days", "check.run": "Check by simulation",
      "check.running": "Simulating the schedule with the routing engine…",
      "check.done": "{runs} simulated days: mean service level {sim} (Erlang {erlang}), abandonment {ab}, {missed} intervals expected below target (penalties: that number × the contract's penalty per missed period).",
      "check.erlang": "SL Erlang", "check.simulated": "SL simulated (± spread)", "check.abandoned": "Abandoned (simulated)", "check.missed": "Target missed (share of days)",
      "portal.title": "CallCentre — client portal", "portal.page": "· client portal", "portal.month": "Month",
      "portal.granularity": "Detail", "portal.byDay": "by day", "portal.byMonth": "by month",
      "portal.download": "Download", "portal.printable": "Printable report", "portal.chart": "Service level",
      "portal.target": "Target", "portal.compliance": "Compliance this month", "portal.queue": "Queue",
      "portal.serviceLevel": "Service level", "portal.offered": "Offered", "portal.answered": "Answered",
      "portal.abandoned": "Abandoned", "portal.asa": "ASA", "portal.aht": "AHT", "portal.status": "Status",
      "portal.met": "met", "portal.missed": "missed", "portal.partial": "month in progress", "portal.penalties": "Penalties",
      "portal.noData": "No calls in this period.", "portal.contract": "Contract v{version}", "portal.total": "All queues",
      "portal.contacts": "Calls", "portal.contactsCsv": "Call list (CSV)", "portal.pack": "Signed monthly pack",
      "wallboard.title": "CallCentre — wallboard", "wallboard.page": "· wallboard", "agent.title": "CallCentre — agent desktop", "agent.page": "· agent desktop",
      "nav.pages": "Pages", "nav.wallboard": "Wallboard", "nav.agent": "Agent desktop",
      "nav.agents": "Agent performance",
      "perf.title": "CallCentre — agent performance", "perf.page": "· agent performance", "perf.from": "From", "perf.to": "To",
      "perf.granularity": "Detail", "perf.byInterval": "per quarter hour", "perf.byDay": "per day", "perf.byMonth": "per month",
      "perf.show": "Show", "perf.download": "Download", "perf.printable": "Printable report", "perf.table": "Agents over the period",
      "perf.note": "Calls of the clients you supervise only; logged-in, occupancy and not-ready time: all of the agent's time. Click a row for its trend.",
      "perf.agent": "Agent", "perf.offered": "Offered", "perf.answered": "Answered", "perf.missed": "Missed (RONA)",
      "perf.rejected": "Rejected", "perf.transfers": "Transfers", "perf.talk": "Avg talk", "perf.hold": "Avg hold",
      "perf.acw": "Avg after-call work", "perf.aht": "AHT", "perf.occupancy": "Occupancy", "perf.notReady": "Not ready",
      "perf.loggedIn": "Logged in", "perf.noData": "No activity in the period.", "perf.trend": "Trend", "perf.centre": "Centre",
      "perf.distribution": "Handle time distribution", "perf.legs": "Calls handled",
      "conn.connected": "connected", "conn.reconnecting": "reconnecting…", "conn.disconnected": "disconnected",
      "login.form": "Sign in", "login.user": "User name", "login.password": "Password", "login.submit": "Sign in", "logout": "Sign out",
      "login.wrong": "Unknown user or wrong password.", "login.tooMany": "Too many attempts: try again in a minute.", "login.notAgent": "This account is not an agent account, or the session has expired.",
      "queues": "Queues", "filter.client": "Client", "filter.lob": "Line of business", "filter.language": "Language", "filter.all": "All",
      "tile.sl": "Service level today", "tile.target": "Target", "tile.targetValue": "{pct} in {secs}", "tile.waiting": "Waiting",
      "tile.oldest": "Longest wait", "tile.counts": "Offered / answered / abandoned", "tile.asa": "ASA",
      "tile.agents": "Agents available / on call / wrap-up / not ready",
      "intraday.calls": "Calls so far", "intraday.callsValue": "{actual} for {forecast} forecast",
      "intraday.rest": "Rest of the day", "intraday.restValue": "{calls} expected (forecast × {factor})",
      "intraday.short.one": "{agents} agent short from {time}", "intraday.short.other": "{agents} agents short from {time}",
      "intraday.covered": "Staffed as required for the rest of the day",
      "alerts": "Alerts", "alerts.none": "No alerts.", "agents": "Agents", "agents.none": "No agent logged in.",
      "agents.agent": "Agent", "agents.state": "State", "agents.since": "Since", "agents.call": "Call", "agents.otherClient": "another client",
      "alert.sla-at-risk": "Service level at risk", "alert.sla-breached": "Service level target missed",
      "alert.sla-recovered": "Service level recovered", "alert.offers-missed": "Agent set not ready: missed offers",
      "alert.offers-rejected": "Agent set not ready: rejected offers",
      "alert.adherence-out": "Out of adherence with the schedule", "alert.adherence-back": "Back in adherence",
      "adherence.detail": "scheduled: {0}, actual: {1} (for {2} min)", "adherence.outFor": "{0} min out of adherence",
      "activity.work": "on the phones", "activity.break": "break", "activity.lunch": "lunch", "activity.training": "training",
      "activity.meeting": "meeting", "activity.off": "off",
      "state.Available": "Available", "state.Reserved": "Incoming call", "state.OnCall": "On call", "state.AfterCallWork": "Wrap-up",
      "state.NotReady": "Not ready", "state.LoggedOut": "Logged out", "grid.Reserved": "Ringing",
      "reason.break": "break", "reason.lunch": "lunch", "reason.training": "training", "reason.meeting": "meeting",
      "reason.missed": "missed offers", "reason.rejected": "rejected offers", "reason.supervisor": "supervisor", "reason.unspecified": "no reason",
      "reason.option.break": "Break", "reason.option.lunch": "Lunch", "reason.option.training": "Training", "reason.option.meeting": "Meeting",
      "desk.state": "My state", "desk.stateTimer": "Time in this state", "desk.available": "Available", "desk.reason": "Reason", "desk.notReady": "Not ready",
      "desk.call": "Call", "desk.noCall": "No call.", "call.client": "Client", "call.queue": "Queue", "call.language": "Language",
      "call.caller": "Caller", "call.waited": "Waited", "call.duration": "Call time", "call.disposition": "Disposition",
      "call.accept": "Accept", "call.reject": "Reject", "call.complete": "End call", "call.choose": "— choose —",
      "call.hold": "Hold", "call.resume": "Resume call", "call.onHold": "on hold",
      "call.returning": "returning caller", "call.new": "new caller", "call.chooseDisposition": "Choose a disposition.",
      "call.Ringing": "Incoming call", "call.Connected": "Connected", "call.Completed": "Call ended", "call.lastCompleted": "Last call ended",
      "call.Transferred": "Call transferred", "call.Abandoned": "The caller hung up", "call.Withdrawn": "Offer withdrawn",
      "disposition.resolved": "Resolved", "disposition.information": "Information request", "disposition.callback": "Call back",
      "disposition.escalated": "Escalated", "disposition.complaint": "Complaint",
      "lang.fr": "French", "lang.en": "English", "lang.ar": "Arabic", "lang.nl": "Dutch", "lang.de": "German",
      "error": "Error {status}",
    },
  };
  let lang = localStorage.getItem("lang") === "en" ? "en" : "fr";
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
    const other = lang === "fr" ? "en" : "fr";
    const button = document.getElementById("lang-switch");
    if (button) {
      button.textContent = other === "en" ? "English" : "Français";
      button.lang = other;
    }
  }

  function set(next) {
    lang = next;
    localStorage.setItem("lang", lang);
    apply();
    listeners.forEach((f) => f());
  }

  document.getElementById("lang-switch")?.addEventListener("click", () => set(lang === "fr" ? "en" : "fr"));
  apply();
  return {
    t,
    get lang() { return lang; },
    get locale() { return lang === "fr" ? "fr-FR" : "en-GB"; },
    onChange: (f) => listeners.push(f),
  };
})();
