using System.Globalization;
using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.Routing.Api;

/// <summary>docs/calendars.md; another tenant's calendar is answered 404.</summary>
public static class CalendarApi
{
    public sealed record ExceptionRequest(string? Label, List<CalendarHours>? Hours);

    /// <summary><paramref name="Rule"/>: Closed, LikeSaturday or Open.</summary>
    public sealed record HolidayRuleRequest(string? Rule);

    public sealed record HolidayResource(DateOnly Date, string Country, string Name);

    /// <summary><paramref name="HolidaysComplete"/> is false when a country's dated holidays are not in the data file for that year.</summary>
    public sealed record CalendarResource(string TenantId, int Year, string TimeZone, IReadOnlyList<string> Countries, string HolidayRule,
        IReadOnlyList<HolidayResource> Holidays, IReadOnlyList<CalendarException> Exceptions, bool HolidaysComplete, long Version);

    public static void MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/tenants/{tenantId}").WithTags("Calendars")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        group.MapGet("/calendar", GetCalendar).WithSummary("A tenant's public holidays (named) and dated exceptions for a year (?year=, default this year).");
        group.MapPut("/calendar/exceptions/{date}", PutException)
            .WithSummary("Adds or replaces the exception of a date (yyyy-MM-dd): closed all day without hours, else open in those hours only.");
        group.MapDelete("/calendar/exceptions/{date}", DeleteException).WithSummary("Removes the exception of a date.");
        group.MapPut("/calendar/holiday-rule", PutHolidayRule).WithSummary("What a public holiday does to opening hours: Closed, LikeSaturday or Open.");
    }

    internal static Results<Ok<CalendarResource>, NotFound, ValidationProblem> GetCalendar(string tenantId, string? year, ClaimsPrincipal user,
        CentreCatalog catalog, TimeProvider time)
    {
        if (Tenant(tenantId, user, catalog) is not { } tenant)
            return TypedResults.NotFound();
        int y;
        if (year is null)
            y = TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone)).Year;
        else if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out y) || y is < 2000 or > 2099)
            return Invalid("year", "A year from 2000 to 2099.");
        return TypedResults.Ok(Resource(tenant, y, catalog.VersionOf("calendar", tenantId)));
    }

    internal static async Task<Results<Ok<CalendarResource>, NotFound, ValidationProblem>> PutException(string tenantId, string date,
        ExceptionRequest? request, ClaimsPrincipal user, CentreCatalog catalog, CentreAdministration admin, CancellationToken ct)
    {
        if (Tenant(tenantId, user, catalog) is null)
            return TypedResults.NotFound();
        if (ParseDate(date) is not { } day)
            return Invalid("date", "A date as yyyy-MM-dd.");
        if (request is null)
            return Invalid("body", "The exception is required: a label and, for special hours, the hours.");
        var exception = new CalendarException(day, request.Label!, request.Hours ?? []);
        var errors = CentreValidation.ValidateException(exception).GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var (saved, _) = await admin.ChangeCalendarAsync(tenantId,
            c => c with { Exceptions = [.. c.Exceptions.Where(e => e.Date != day), exception] }, user.Subject(), ct);
        return saved.Count > 0 ? TypedResults.ValidationProblem(saved) : TypedResults.Ok(Resource(catalog, tenantId, day.Year));
    }

    internal static async Task<Results<Ok<CalendarResource>, NotFound, ValidationProblem>> DeleteException(string tenantId, string date,
        ClaimsPrincipal user, CentreCatalog catalog, CentreAdministration admin, CancellationToken ct)
    {
        if (Tenant(tenantId, user, catalog) is null)
            return TypedResults.NotFound();
        if (ParseDate(date) is not { } day)
            return Invalid("date", "A date as yyyy-MM-dd.");
        var (errors, item) = await admin.ChangeCalendarAsync(tenantId,
            c => c.Exceptions.Any(e => e.Date == day) ? c with { Exceptions = [.. c.Exceptions.Where(e => e.Date != day)] } : null, user.Subject(), ct);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return item is null ? TypedResults.NotFound() : TypedResults.Ok(Resource(catalog, tenantId, day.Year));
    }

    internal static async Task<Results<Ok<CalendarResource>, NotFound, ValidationProblem>> PutHolidayRule(string tenantId,
        HolidayRuleRequest? request, ClaimsPrincipal user, CentreCatalog catalog, CentreAdministration admin, TimeProvider time, CancellationToken ct)
    {
        if (Tenant(tenantId, user, catalog) is not { } tenant)
            return TypedResults.NotFound();
        if (request?.Rule is not { } text || int.TryParse(text, out _) || !Enum.TryParse<HolidayRule>(text, ignoreCase: true, out var rule))
            return Invalid("rule", $"One of {string.Join(", ", Enum.GetNames<HolidayRule>())}.");
        var (errors, _) = await admin.ChangeCalendarAsync(tenantId, c => c with { HolidayRule = rule.ToString() }, user.Subject(), ct);
        var year = TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone)).Year;
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(Resource(catalog, tenantId, year));
    }

    private static TenantDefinition? Tenant(string tenantId, ClaimsPrincipal user, CentreCatalog catalog) =>
        user.CanAccessTenant(tenantId) ? catalog.Current.FindTenant(tenantId) : null;

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static CalendarResource Resource(CentreCatalog catalog, string tenantId, int year) =>
        Resource(catalog.Current.FindTenant(tenantId)!, year, catalog.VersionOf("calendar", tenantId));

    private static CalendarResource Resource(TenantDefinition tenant, int year, long version)
    {
        var calendar = TenantCalendar.Of(tenant);
        var configuration = calendar.Configuration;
        var complete = configuration.Countries.All(c => PublicHolidays.DatedYears(c) is not { } span || (year >= span.First && year <= span.Last));
        return new CalendarResource(tenant.Id, year, tenant.TimeZone, configuration.Countries, calendar.Rule.ToString(),
            calendar.HolidaysIn(year).Select(h => new HolidayResource(h.Date, h.Country, h.Name(tenant.Language))).ToList(),
            calendar.ExceptionsIn(year), complete, version);
    }
}
