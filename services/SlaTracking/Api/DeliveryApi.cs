using System.Net.Mail;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Api;

/// <summary>Scheduled e-mail of a tenant's report: staff of the tenant manage the schedules; its client reads them and the log.</summary>
internal static class DeliveryApi
{
    public const int MaxRecipients = 50;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public sealed record ScheduleRequest(string? Frequency, string? Weekday, int? DayOfMonth, string? Time, string[]? Recipients,
        string[]? Attachments, string? Language);

    public sealed record ScheduleResponse(Guid Id, string TenantId, string Frequency, string? Weekday, int? DayOfMonth, string Time,
        IReadOnlyList<string> Recipients, IReadOnlyList<string> Attachments, string? Language, DateTimeOffset NextDueAt, string CreatedBy,
        DateTimeOffset ChangedAt);

    public static void MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla/tenants/{tenantId}").WithTags("Scheduled delivery");
        var staff = (Action<Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder>)(p => p.RequireRole(Roles.Admin, Roles.Supervisor));
        group.MapGet("/delivery-schedules", List).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client))
            .WithSummary("The tenant's report delivery schedules, with when each is next due.");
        group.MapPost("/delivery-schedules", Create).RequireAuthorization(staff)
            .WithSummary("Adds a schedule that e-mails the tenant's report to its recipients.")
            .WithDescription("frequency=daily (the day before, per 30-minute interval) | weekly (the seven days before, per day; weekday " +
                             "monday..sunday) | monthly (the previous month, per day; dayOfMonth 1-31, the last day in a shorter month); " +
                             "time HH:mm in the tenant's zone; recipients: 1-" + MaxRecipients + " addresses; attachments: xlsx, html, pdf, pack (the " +
                             "month's signed pack, a zip; monthly only) (none: the link alone, when Delivery:PublicBaseUrl is set); language fr|en (absent: the tenant's).");
        group.MapPut("/delivery-schedules/{scheduleId:guid}", Replace).RequireAuthorization(staff)
            .WithSummary("Replaces a schedule; periods already sent are not sent again.");
        group.MapDelete("/delivery-schedules/{scheduleId:guid}", Delete).RequireAuthorization(staff)
            .WithSummary("Removes a schedule (its log stays); removing one that is not there also answers 204.");
        group.MapGet("/deliveries", Log).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client))
            .WithSummary("The tenant's delivery log, newest first: schedule, period, attempt, recipients, status (sent, retrying, failed, " +
                         "cancelled) and the error of a failed attempt.");
    }

    internal static async Task<Results<Ok<List<ScheduleResponse>>, NotFound>> List(string tenantId, ClaimsPrincipal user,
        CentreDefinition centre, DeliveryStore store, TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var schedules = await store.ListSchedulesAsync(tenant.Id, ct);
        return TypedResults.Ok(schedules.Select(s => Response(s, tenant, time)).ToList());
    }

    internal static async Task<Results<Created<ScheduleResponse>, NotFound, ValidationProblem>> Create(string tenantId, ScheduleRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, DeliveryStore store, IOptions<DeliveryOptions> options, TimeProvider time,
        CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var now = time.GetUtcNow();
        var (errors, schedule) = Validate(request, options.Value, tenant.Id, Guid.NewGuid(), user.Subject(), now);
        if (schedule is null)
            return TypedResults.ValidationProblem(errors);
        await store.SaveScheduleAsync(schedule, ct);
        return TypedResults.Created($"/api/sla/tenants/{tenant.Id}/delivery-schedules/{schedule.Id}", Response(schedule, tenant, time));
    }

    internal static async Task<Results<Ok<ScheduleResponse>, NotFound, ValidationProblem>> Replace(string tenantId, Guid scheduleId,
        ScheduleRequest? request, ClaimsPrincipal user, CentreDefinition centre, DeliveryStore store, IOptions<DeliveryOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        var (errors, schedule) = Validate(request, options.Value, tenant.Id, scheduleId, user.Subject(), time.GetUtcNow());
        if (schedule is null)
            return TypedResults.ValidationProblem(errors);
        if (await store.FindScheduleAsync(tenant.Id, scheduleId, ct) is not { } existing)
            return TypedResults.NotFound();
        schedule = schedule with { CreatedBy = existing.CreatedBy, CreatedAt = existing.CreatedAt };
        await store.SaveScheduleAsync(schedule, ct);
        return TypedResults.Ok(Response(schedule, tenant, time));
    }

    internal static async Task<Results<NoContent, NotFound>> Delete(string tenantId, Guid scheduleId, ClaimsPrincipal user,
        CentreDefinition centre, DeliveryStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        await store.DeleteScheduleAsync(tenant.Id, scheduleId, ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<IReadOnlyList<DeliveryLogEntry>>, NotFound>> Log(string tenantId, ClaimsPrincipal user,
        CentreDefinition centre, DeliveryStore store, CancellationToken ct)
    {
        if (Granted(tenantId, user, centre) is not { } tenant)
            return TypedResults.NotFound();
        return TypedResults.Ok(await store.ListLogAsync(tenant.Id, ct: ct));
    }

    private static TenantDefinition? Granted(string tenantId, ClaimsPrincipal user, CentreDefinition centre) =>
        centre.FindTenant(tenantId) is { } tenant && user.CanAccessTenant(tenant.Id) ? tenant : null;

    private static ScheduleResponse Response(DeliverySchedule s, TenantDefinition tenant, TimeProvider time)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(tenant.TimeZone) ?? DateTimeZone.Utc;
        return new ScheduleResponse(s.Id, s.TenantId, s.Frequency.ToString().ToLowerInvariant(), s.Weekday?.ToString().ToLowerInvariant(),
            s.DayOfMonth, TimePattern.Format(s.Time), s.Recipients, s.Attachments.Select(a => a.ToString().ToLowerInvariant()).ToList(),
            s.Language, DeliveryCalendar.NextDue(s, zone, Instant.FromDateTimeOffset(time.GetUtcNow())).ToDateTimeOffset(), s.CreatedBy,
            s.ChangedAt);
    }

    internal static (Dictionary<string, string[]> Errors, DeliverySchedule? Schedule) Validate(ScheduleRequest? request, DeliveryOptions options,
        string tenantId, Guid id, string by, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var r = request ?? new ScheduleRequest(null, null, null, null, null, null, null);
        DeliveryFrequency? frequency = r.Frequency?.ToLowerInvariant() switch
        {
            "daily" => DeliveryFrequency.Daily,
            "weekly" => DeliveryFrequency.Weekly,
            "monthly" => DeliveryFrequency.Monthly,
            _ => null,
        };
        if (frequency is null)
            errors["frequency"] = ["The frequency is required: daily, weekly or monthly."];

        IsoDayOfWeek? weekday = null;
        if (frequency == DeliveryFrequency.Weekly)
        {
            if (r.Weekday is { } w && Enum.TryParse<IsoDayOfWeek>(w, true, out var day) && day != IsoDayOfWeek.None && !int.TryParse(w, out _))
                weekday = day;
            else
                errors["weekday"] = ["A weekly schedule needs its weekday: monday to sunday."];
        }
        else if (r.Weekday is not null)
            errors["weekday"] = ["Only a weekly schedule has a weekday."];

        if (frequency == DeliveryFrequency.Monthly && r.DayOfMonth is not (>= 1 and <= 31))
            errors["dayOfMonth"] = ["A monthly schedule needs its dayOfMonth, 1 to 31 (the last day in a shorter month)."];
        else if (frequency != DeliveryFrequency.Monthly && r.DayOfMonth is not null)
            errors["dayOfMonth"] = ["Only a monthly schedule has a dayOfMonth."];

        var time = r.Time is null ? null : TimePattern.Parse(r.Time);
        if (time is not { Success: true })
            errors["time"] = ["The time is required, HH:mm in the tenant's time zone."];

        var recipients = (r.Recipients ?? []).Select(a => a?.Trim() ?? "").ToList();
        if (recipients.Count is 0 or > MaxRecipients)
            errors["recipients"] = [$"The recipients are 1 to {MaxRecipients} e-mail addresses."];
        else if (recipients.FirstOrDefault(a => !IsAddress(a)) is { } bad)
            errors["recipients"] = [$"'{AuthApi.ForLog(bad)}' is not an e-mail address (name@domain, no display name)."];
        else if (recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count() != recipients.Count)
            errors["recipients"] = ["An address appears twice."];

        var attachments = new List<DeliveryAttachment>();
        foreach (var a in r.Attachments ?? [])
        {
            if (Enum.TryParse<DeliveryAttachment>(a, true, out var kind) && !int.TryParse(a, out _) && !attachments.Contains(kind))
                attachments.Add(kind);
            else
                errors["attachments"] = [$"The attachments are some of {string.Join(", ", Enum.GetNames<DeliveryAttachment>().Select(n => n.ToLowerInvariant()))}, each once."];
        }
        if (attachments.Contains(DeliveryAttachment.Pack) && frequency is not null and not DeliveryFrequency.Monthly)
            errors["attachments"] = ["The signed pack covers a month: monthly schedules only."];
        if (attachments.Count == 0 && string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !errors.ContainsKey("attachments"))
            errors["attachments"] = ["At least one attachment: this platform has no Delivery:PublicBaseUrl to link to."];

        if (r.Language is not null && !Texts.IsKnown(r.Language))
            errors["language"] = [$"The language must be one of {string.Join(", ", Texts.Languages)} (absent: the tenant's)."];

        if (errors.Count > 0)
            return (errors, null);
        return (errors, new DeliverySchedule(id, tenantId, frequency!.Value, weekday, frequency == DeliveryFrequency.Monthly ? r.DayOfMonth : null,
            time!.Value, recipients, attachments, r.Language?.ToLowerInvariant(), by, now, now));
    }

    private static bool IsAddress(string text) =>
        text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && string.IsNullOrEmpty(address.DisplayName)
        && address.Host.Contains('.') && MimeKit.MailboxAddress.TryParse(text, out _);
}
