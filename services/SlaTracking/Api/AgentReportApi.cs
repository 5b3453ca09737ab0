using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Api;

/// <summary>Staff only: agents' names and figures are never shown to a client.</summary>
internal static class AgentReportApi
{
    public static void MapAgentReportApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/sla/agent-report", GetAgentReport).WithTags("Agent reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor))
            .WithSummary("Per agent and period: offers, answers, missed and rejected offers, talk, hold, after-call work, transfers, " +
                         "occupancy, not-ready time by reason and logged-in time, with agent, team and centre totals (docs/reporting.md).")
            .WithDescription("tenantId (optional: every tenant the token grants), from, to, granularity=interval|day|month, interval=15|30, " +
                             "format=json|csv|xlsx|html, lang=fr|en|nl|de (else Accept-Language, else English), team (only its agents and its subtotal). " +
                             "Periods are cut in the centre's time zone.");

    internal static async Task<Results<Ok<AgentPerformanceReport>, FileContentHttpResult, ContentHttpResult, NotFound, ValidationProblem>>
        GetAgentReport(string? tenantId, string? from, string? to, string? granularity, string? interval, string? format, string? lang,
            string? team, HttpRequest http, ClaimsPrincipal user, CentreDefinition centre, AgentReportBuilder builder, CancellationToken ct)
    {
        var validation = ReportApi.Validate(string.IsNullOrWhiteSpace(tenantId) ? ReportApi.AllGranted : tenantId, from, to, granularity, interval,
            format, lang, user);
        if (validation.Request is not { } request)
            return TypedResults.ValidationProblem(validation.Errors);
        team = string.IsNullOrWhiteSpace(team) ? null : team.Trim();
        if (team is not null && !centre.Agents.Any(a => a.Team == team))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["team"] = ["No agent is in this team."] });
        IReadOnlyList<string> tenants;
        if (request.TenantId == ReportApi.AllGranted)
            tenants = user.GrantedTenants(centre.Tenants.Select(t => t.Id));
        else if (centre.FindTenant(request.TenantId!) is { } tenant && user.CanAccessTenant(tenant.Id))
            tenants = [tenant.Id];
        else
            return TypedResults.NotFound();

        var report = await builder.BuildAsync(tenants, request.From, request.To, request.Granularity, request.IntervalMinutes, ct, team);
        var labels = AgentReportLabels.For(ReportApi.ChooseLanguage(request.Language, http, null));
        var name = $"agents-{report.From}-{report.To}-{report.Granularity}";
        var figures = AgentReportTables.Figures(report, labels);
        return request.Format switch
        {
            "csv" => TypedResults.File(ReportRenderers.Csv(figures, labels.Language), "text/csv; charset=utf-8", name + ".csv"),
            "xlsx" => TypedResults.File(ReportRenderers.Xlsx([(labels.Title, figures),
                    (labels.HandleTimeDistribution, AgentReportTables.Distribution(report, labels))]),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
            "html" => TypedResults.Content(ReportRenderers.Html(labels.Language, labels.Title, AgentReportTables.Subtitle(report, labels),
                [(labels.Title, figures)], row => AgentReportTables.IsTotal(row, labels)), "text/html; charset=utf-8"),
            _ => TypedResults.Ok(report),
        };
    }
}
