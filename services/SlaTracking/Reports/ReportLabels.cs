namespace CallCentre.SlaTracking.Reports;

internal sealed record ReportLabels(
    string Language, string Title, string Tenant, string TimeZone, string PeriodCovered, string Granularity, string GeneratedAt,
    string Period, string UtcOffset, string Queue, string Total, string ContractVersion, string Target, string Threshold,
    string Offered, string Answered, string Abandoned, string ShortAbandons, string Waiting, string Rejected, string AnsweredWithinThreshold,
    string ServiceLevel, string AbandonmentRate, string Asa, string Aht, string LongestWait, string Transfers,
    string Compliance, string Month, string Complete, string PeriodsMeasured, string Met, string Missed, string NotSet,
    string PeriodsMissed, string Penalties, string Credits, string Contracts, string AllQueues, string Yes, string No,
    string ServiceLevelChart, string Rows)
{
    public static readonly ReportLabels English = new(
        "en", "Service-level report", "Client", "Time zone", "Period", "Granularity", "Generated at",
        "Period", "UTC offset", "Queue", "Total", "Contract version", "Target (%)", "Threshold (s)",
        "Offered", "Answered", "Abandoned", "Short abandons", "Still waiting", "Rejected", "Answered within threshold",
        "Service level (%)", "Abandonment rate (%)", "ASA (s)", "AHT (s)", "Longest wait (s)", "Transfers",
        "Monthly compliance", "Month", "Whole month", "Periods measured", "met", "missed", "not set",
        "Periods with a missed target", "Penalties", "Credits", "Contract versions used", "all queues", "yes", "no",
        "Service level per period (all queues)", "Figures");

    public static readonly ReportLabels French = new(
        "fr", "Rapport de niveau de service", "Client", "Fuseau horaire", "Période", "Granularité", "Généré le",
        "Période", "Décalage UTC", "File", "Total", "Version du contrat", "Objectif (%)", "Seuil (s)",
        "Appels présentés", "Appels répondus", "Appels abandonnés", "Abandons courts", "En attente", "Appels refusés", "Répondus dans le seuil",
        "Niveau de service (%)", "Taux d'abandon (%)", "Délai moyen de réponse (s)", "Durée moyenne de traitement (s)",
        "Attente la plus longue (s)", "Transferts",
        "Conformité mensuelle", "Mois", "Mois complet", "Périodes mesurées", "atteint", "manqué", "non fixé",
        "Périodes avec un objectif manqué", "Pénalités", "Crédits", "Versions de contrat utilisées", "toutes les files", "oui", "non",
        "Niveau de service par période (toutes files)", "Chiffres");

    public static ReportLabels For(string language) => language == "fr" ? French : English;
}
