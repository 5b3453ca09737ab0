using System.Security.Claims;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CallCentre.SlaTracking.Api;

/// <summary>Versions are never edited; admin only.</summary>
internal static class ContractApi
{
    /// <summary>Absent rules take the defaults; <see cref="EffectiveFrom"/> must follow the last version.</summary>
    public sealed record ContractRequest(
        string? TenantId, string? QueueId, DateTimeOffset? EffectiveFrom, double? ServiceLevelTarget, int? ThresholdSeconds,
        double? MaxAbandonmentRate, double? AsaTargetSeconds, double? AhtTargetSeconds, string? Period, int? IntervalMinutes,
        bool? AbandonsInDenominator, int? ShortAbandonSeconds, bool? AbandonsWithinThresholdAsMet,
        decimal? PenaltyPerMissedPeriod, decimal? CreditPerMetPeriod, string? Currency, string? Kind = null, string? WaitClock = null,
        string? CallbackAnswer = null);

    /// <summary>An hour for calls and chats; e-mails, messages and callbacks may promise days.</summary>
    private static int MaxThresholdSeconds(string? kind) =>
        kind is ContactKinds.Email or ContactKinds.Messaging or ContactKinds.Callback ? CallBucketSummary.MaxThresholdSeconds : 3600;

    public static void MapContractApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla/contracts").WithTags("Service-level contracts")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", List).WithSummary("A tenant's contract versions, with each queue's default (version 0) from the centre definition.");
        group.MapPost("/", Add).WithSummary("Adds the next contract version of a tenant (queueId absent) or of one of its queues.");
    }

    public sealed record ContractList(string TenantId, IReadOnlyList<ContractUsed> Versions, IReadOnlyList<ContractUsed> Defaults);

    internal static async Task<Results<Ok<ContractList>, NotFound, ValidationProblem>> List(string? tenantId, CentreDefinition centre,
        ContractStore contracts, ReportService reports, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tenantId"] = ["The tenantId is required."] });
        if (centre.FindTenant(tenantId) is null)
            return TypedResults.NotFound();
        var stored = await contracts.ListAsync(tenantId, ct);
        return TypedResults.Ok(new ContractList(tenantId, stored.Select(ContractUsed.From).ToList(),
            reports.Defaults(tenantId).Select(ContractUsed.From).ToList()));
    }

    internal static async Task<Results<Created<SlaContract>, ValidationProblem, Conflict<string>>> Add(ContractRequest? request,
        ClaimsPrincipal user, CentreDefinition centre, ContractStore contracts, IPublishEndpoint bus, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var r = request ?? new ContractRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        if (string.IsNullOrWhiteSpace(r.TenantId) || centre.FindTenant(r.TenantId) is null)
            errors["tenantId"] = ["The tenantId must name a tenant of the centre."];
        else if (r.QueueId is not null && centre.FindQueue(r.QueueId)?.TenantId != r.TenantId)
            errors["queueId"] = ["The queueId must name a queue of this tenant (or be left out for the whole tenant)."];
        if (r.ServiceLevelTarget is not (> 0 and <= 1))
            errors["serviceLevelTarget"] = ["The serviceLevelTarget is required, a fraction in (0, 1] (0.8 for 80 %)."];
        var longest = MaxThresholdSeconds(r.Kind);
        if (r.ThresholdSeconds is not { } threshold || threshold < 1 || threshold > longest)
            errors["thresholdSeconds"] = [$"The thresholdSeconds is required, 1 to {longest} for this kind."];
        if (r.MaxAbandonmentRate is not null and not (>= 0 and <= 1))
            errors["maxAbandonmentRate"] = ["The maxAbandonmentRate is a fraction in [0, 1]."];
        if (r.AsaTargetSeconds is not null and not (> 0 and <= 3600))
            errors["asaTargetSeconds"] = ["The asaTargetSeconds is in (0, 3600]."];
        if (r.AhtTargetSeconds is not null and not (> 0 and <= 86400))
            errors["ahtTargetSeconds"] = ["The ahtTargetSeconds is in (0, 86400]."];
        MeasurementPeriod period = MeasurementPeriod.Day;
        if (r.Period is not null && !Enum.TryParse(r.Period, ignoreCase: true, out period) || !Enum.IsDefined(period))
            errors["period"] = ["The period must be interval, day or month."];
        if (r.IntervalMinutes is not null and not (15 or 30))
            errors["intervalMinutes"] = ["The intervalMinutes must be 15 or 30."];
        if (r.ShortAbandonSeconds is not null and not (>= 0 and <= 600))
            errors["shortAbandonSeconds"] = ["The shortAbandonSeconds is 0 to 600."];
        if (r.PenaltyPerMissedPeriod is < 0 or > 1_000_000_000)
            errors["penaltyPerMissedPeriod"] = ["The penaltyPerMissedPeriod is 0 or more."];
        if (r.CreditPerMetPeriod is < 0 or > 1_000_000_000)
            errors["creditPerMetPeriod"] = ["The creditPerMetPeriod is 0 or more."];
        if (r.Currency is not null && (r.Currency.Length != 3 || !r.Currency.All(char.IsAsciiLetterUpper)))
            errors["currency"] = ["The currency is an ISO 4217 code such as EUR or CHF."];
        if (r.Kind is not null && !ContactKinds.All.Contains(r.Kind))
            errors["kind"] = [$"The kind is one of {string.Join(", ", ContactKinds.All)} (voice when left out)."];
        if (r.WaitClock is not null && !WaitClocks.All.Contains(r.WaitClock))
            errors["waitClock"] = [$"The waitClock is {string.Join(" or ", WaitClocks.All)} (wall when left out)."];
        else if (r.WaitClock == WaitClocks.Business && !WaitClocks.BusinessKinds.Contains(r.Kind))
            errors["waitClock"] = [$"Only a contract of kind {string.Join(" or ", WaitClocks.BusinessKinds)} counts business hours."];
        if (r.CallbackAnswer is not null && !CallbackAnswers.All.Contains(r.CallbackAnswer))
            errors["callbackAnswer"] = [$"The callbackAnswer is {string.Join(" or ", CallbackAnswers.All)} (reached when left out)."];
        else if (r.CallbackAnswer == CallbackAnswers.FirstDial && r.Kind != ContactKinds.Callback)
            errors["callbackAnswer"] = ["Only a contract of kind callback says when a callback is answered."];
        if (r.EffectiveFrom is { } e && (e.Year < 2000 || e.Year > 2200))
            errors["effectiveFrom"] = ["The effectiveFrom is out of range."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var contract = new SlaContract(r.TenantId!, r.QueueId, 0, r.EffectiveFrom ?? now, r.ServiceLevelTarget!.Value, r.ThresholdSeconds!.Value,
            r.MaxAbandonmentRate, r.AsaTargetSeconds, r.AhtTargetSeconds, period, r.IntervalMinutes ?? 30, r.AbandonsInDenominator ?? true,
            r.ShortAbandonSeconds ?? 0, r.AbandonsWithinThresholdAsMet ?? false, r.PenaltyPerMissedPeriod ?? 0, r.CreditPerMetPeriod ?? 0,
            r.Currency ?? "EUR", r.Kind ?? ContactKinds.Voice, r.WaitClock ?? WaitClocks.Wall, r.CallbackAnswer ?? CallbackAnswers.Reached);
        var (added, refusal) = await contracts.AddVersionAsync(contract, now, user.Subject(), ct);
        if (added is not null && ContractAnnouncer.IsAnnounced(added)) await bus.Publish(ContractAnnouncer.Message(added, now), ct);
        return refusal switch
        {
            ContractStore.AddRefusal.NotAfterPrevious => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["effectiveFrom"] = ["A new version must take effect after the previous version of the same tenant or queue and kind."],
            }),
            ContractStore.AddRefusal.Conflict => TypedResults.Conflict("Another version was added at the same moment; read the list and try again."),
            _ => TypedResults.Created($"/api/sla/contracts?tenantId={Uri.EscapeDataString(added!.TenantId)}", added),
        };
    }
}
