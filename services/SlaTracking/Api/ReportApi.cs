using System.Globalization;
using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Api;

/// <summary>Another tenant's report is a 404; every access is audited.</summary>
internal static class ReportApi
{
    public const int MaxDays = 366, MaxIntervalDays = 62, MaxContactDays = 62;

    /// <summary>Stands in for "every tenant the token grants" so that <see cref="Validate"/>, which wants a tenant, can run.</summary>
    internal const string AllGranted = "\u0000all";
    private static readonly string[] Formats = ["json", "csv", "xlsx", "html"];

    public static void MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla").WithTags("Service-level reports")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client));
        group.MapGet("/reports", GetReport).AllowReportClients()
            .WithSummary("A tenant's service-level report for local dates [from, to], per queue and in total, with its monthly compliance.")
            .WithDescription("granularity=interval|day|month (interval: interval=15|30, default 30); format=json|csv|xlsx|html; " +
                             "lang=fr|en|nl|de (else Accept-Language, else the tenant's language). tenantId may be left out by a client.");
        group.MapGet("/reports/contacts", GetContacts).AllowReportClients()
            .WithSummary("The contacts behind a report's figures, with how each counted under its row's contract version; no caller data.")
            .WithDescription("The report's query (tenantId, from, to, granularity, interval), narrowed by queueId (a queue of the tenant) " +
                             "and rowStart (a row's start instant, as the report's rows give it) and kind (a row's kind); at most " + MaxContactDays + " days; " +
                             "format=json|csv; lang=fr|en|nl|de for the CSV's headings and number format.");
        group.MapGet("/report-accesses", GetAccesses).RequireAuthorization(p => p.RequireRole(Roles.Admin))
            .WithSummary("The audit log of a tenant's report accesses, newest first (admin only).");
    }

    internal sealed record ReportRequest(string? TenantId, LocalDate From, LocalDate To, Granularity Granularity, int IntervalMinutes,
        string Format, string? Language);

    internal static async Task<Results<Ok<SlaReport>, FileContentHttpResult, ContentHttpResult, NotFound, ValidationProblem>> GetReport(
        string? tenantId, string? from, string? to, string? granularity, string? interval, string? format, string? lang,
        HttpRequest http, ClaimsPrincipal user, CentreDefinition centre, ReportService reports, ReportAccessLog audit, TimeProvider time,
        CancellationToken ct)
    {
        var validation = Validate(tenantId, from, to, granularity, interval, format, lang, user);
        if (validation.Request is not { } request)
            return TypedResults.ValidationProblem(validation.Errors);
        var resolvedTenant = request.TenantId ?? SoleTenant(user)!;

        var tenant = centre.FindTenant(resolvedTenant);
        if (tenant is null || !user.CanAccessTenant(resolvedTenant))
        {
            await audit.WriteAsync(Access(user, resolvedTenant, request, "not-found", time), ct);
            return TypedResults.NotFound();
        }

        var report = await reports.BuildAsync(tenant, new ReportQuery(tenant.Id, request.From, request.To, request.Granularity,
            request.IntervalMinutes), ChooseLanguage(request.Language, http, tenant), ct);
        await audit.WriteAsync(Access(user, tenant.Id, request, "served", time), ct);

        var labels = ReportLabels.For(report.Language);
        var name = $"sla-{tenant.Id}-{report.From}-{report.To}-{report.Granularity}";
        return request.Format switch
        {
            "csv" => TypedResults.File(ReportRenderers.Csv(report, labels), "text/csv; charset=utf-8", name + ".csv"),
            "xlsx" => TypedResults.File(ReportRenderers.Xlsx(report, labels),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
            "html" => TypedResults.Content(ReportRenderers.Html(report, labels), "text/html; charset=utf-8"),
            _ => TypedResults.Ok(report),
        };
    }

    internal static async Task<Results<Ok<IAsyncEnumerable<ReportContact>>, FileContentHttpResult, NotFound, ValidationProblem>> GetContacts(
        string? tenantId, string? from, string? to, string? granularity, string? interval, string? queueId, string? rowStart, string? format,
        string? lang, string? kind, HttpRequest http, ClaimsPrincipal user, CentreDefinition centre, ReportService reports, ReportAccessLog audit,
        TimeProvider time, CancellationToken ct)
    {
        var validation = Validate(tenantId, from, to, granularity, interval, null, lang, user);
        var errors = validation.Errors;
        var f = (format ?? "json").ToLowerInvariant();
        if (f is not ("json" or "csv"))
            errors["format"] = ["The format must be json or csv."];
        DateTimeOffset? row = null;
        if (rowStart is not null)
        {
            if (DateTimeOffset.TryParse(rowStart, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                row = parsed;
            else
                errors["rowStart"] = ["The rowStart must be an instant with its offset, as a report row's start gives it."];
        }
        if (kind is not null && !ContactKinds.All.Contains(kind))
            errors["kind"] = [$"The kind is one of {string.Join(", ", ContactKinds.All)}."];
        if (queueId is { Length: 0 or > 100 })
            errors["queueId"] = ["The queueId is 1 to 100 characters."];
        if (validation.Request is { } r && Period.Between(r.From, r.To, PeriodUnits.Days).Days + 1 > MaxContactDays)
            errors["to"] = [$"A contact list covers at most {MaxContactDays} days."];
        if (errors.Count > 0 || validation.Request is not { } request)
            return TypedResults.ValidationProblem(errors);
        request = request with { Format = "contacts-" + f };
        var resolvedTenant = request.TenantId ?? SoleTenant(user)!;

        var tenant = centre.FindTenant(resolvedTenant);
        if (tenant is null || !user.CanAccessTenant(resolvedTenant)
            || (queueId is not null && queueId != SlaReportBuilder.TotalQueueId && centre.FindQueue(queueId)?.TenantId != resolvedTenant))
        {
            await audit.WriteAsync(Access(user, resolvedTenant, request, "not-found", time), ct);
            return TypedResults.NotFound();
        }
        var query = new ReportQuery(tenant.Id, request.From, request.To, request.Granularity, request.IntervalMinutes);
        var language = ChooseLanguage(request.Language, http, tenant);
        var contacts = reports.ContactsAsync(tenant, query, queueId == SlaReportBuilder.TotalQueueId ? null : queueId, row, kind, language, ct);
        await audit.WriteAsync(Access(user, tenant.Id, request, "served", time), ct);
        if (f == "json")
            return TypedResults.Ok(contacts);
        return TypedResults.File(await ContactList.CsvAsync(contacts, language, ct), "text/csv; charset=utf-8",
            $"contacts-{tenant.Id}-{request.From}-{request.To}.csv");
    }

    internal static async Task<Results<Ok<IReadOnlyList<ReportAccessLog.ReportAccess>>, NotFound>> GetAccesses(
        string? tenantId, CentreDefinition centre, ReportAccessLog audit, CancellationToken ct)
    {
        if (tenantId is null || centre.FindTenant(tenantId) is null)
            return TypedResults.NotFound();
        return TypedResults.Ok(await audit.ListAsync(tenantId, ct: ct));
    }

    internal sealed record Validation(Dictionary<string, string[]> Errors, ReportRequest? Request);

    internal static Validation Validate(string? tenantId, string? from, string? to, string? granularity, string? interval, string? format,
        string? lang, ClaimsPrincipal user)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(tenantId) && SoleTenant(user) is null)
            errors["tenantId"] = ["The tenantId is required unless the token carries exactly one tenant."];
        else if (tenantId?.Length > 100)
            errors["tenantId"] = ["The tenantId is at most 100 characters."];
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        var g = (granularity ?? "day").ToLowerInvariant() switch
        {
            "interval" => Granularity.Interval,
            "day" => Granularity.Day,
            "month" => Granularity.Month,
            _ => (Granularity?)null,
        };
        if (g is null)
            errors["granularity"] = ["The granularity must be interval, day or month."];
        if (interval is not null and not ("15" or "30"))
            errors["interval"] = ["The interval must be 15 or 30 (minutes)."];
        var f = (format ?? "json").ToLowerInvariant();
        if (!Formats.Contains(f))
            errors["format"] = ["The format must be json, csv, xlsx or html."];
        if (lang is not null && !Texts.IsKnown(lang))
            errors["lang"] = [$"The lang must be one of {string.Join(", ", Texts.Languages)}."];
        if (fromDate is { } a && toDate is { } b)
        {
            if (b < a)
                errors["to"] = ["The to date must not be before the from date."];
            else if (Period.Between(a, b, PeriodUnits.Days).Days + 1 > (g == Granularity.Interval ? MaxIntervalDays : MaxDays))
                errors["to"] = [$"A report covers at most {(g == Granularity.Interval ? MaxIntervalDays : MaxDays)} days at this granularity."];
        }
        if (errors.Count > 0)
            return new Validation(errors, null);
        return new Validation(errors, new ReportRequest(string.IsNullOrWhiteSpace(tenantId) ? null : tenantId, fromDate!.Value, toDate!.Value,
            g!.Value, interval == "15" ? 15 : 30, f, lang?.ToLowerInvariant()));
    }

    private static LocalDate? ParseDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"The {field} date is required (yyyy-MM-dd, in the tenant's time zone)."];
            return null;
        }
        var parsed = LocalDatePattern.Iso.Parse(value);
        if (parsed.Success && parsed.Value.Year is >= 2000 and <= 2200)
            return parsed.Value;
        errors[field] = [$"The {field} date must be a date as yyyy-MM-dd."];
        return null;
    }

    internal static string? SoleTenant(ClaimsPrincipal user)
    {
        if (user.IsAdmin())
            return null;
        var tenants = user.FindAll(CallCentreClaims.Tenant).Select(c => c.Value).Distinct().ToList();
        return tenants.Count == 1 ? tenants[0] : null;
    }

    internal static string ChooseLanguage(string? requested, HttpRequest http, TenantDefinition? tenant) =>
        requested ?? Texts.FromAcceptLanguage(http.GetTypedHeaders().AcceptLanguage) ?? Texts.For(tenant?.Language).Language;

    private static ReportAccessLog.ReportAccess Access(ClaimsPrincipal user, string tenantId, ReportRequest r, string outcome, TimeProvider time) =>
        new(time.GetUtcNow(), user.Subject(), string.Join(",", user.FindAll(CallCentreClaims.Role).Select(c => c.Value)), tenantId,
            LocalDatePattern.Iso.Format(r.From), LocalDatePattern.Iso.Format(r.To),
            r.Granularity == Granularity.Interval ? $"interval{r.IntervalMinutes}" : r.Granularity.ToString().ToLowerInvariant(), r.Format,
            outcome);
}
