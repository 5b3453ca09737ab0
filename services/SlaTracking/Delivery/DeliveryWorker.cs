using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Languages;
using CallCentre.Hosting.Operations;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using CallCentre.SlaTracking.Reports.Packs;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace CallCentre.SlaTracking.Delivery;

internal sealed class ReportMailer(IOptions<DeliveryOptions> options)
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Delivery:Smtp:Host is not set."), smtp.Port, smtp.Security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}

/// <summary>Records each schedule's latest due period, then sends the periods this replica claims. A period is claimed in the
/// database before its mail goes out, so replicas and restarts send it once; a replica that dies after sending and before
/// recording it leaves the claim to expire, and the period is sent once more.</summary>
internal sealed class DeliveryWorker(DeliveryStore store, ReportService reports, CentreCatalog catalog, ReportMailer mailer,
    MonthlyPacks packs, PackStore packStore, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Smtp.Host))
        {
            logger.LogInformation("Delivery:Smtp:Host is not set: scheduled reports are not e-mailed by this process");
            return Task.CompletedTask;
        }
        return PeriodicWork.RunAsync(options.Value.PollInterval, time, RunDueAsync,
            e => logger.LogWarning(e, "Scheduled deliveries: this round failed; the next one tries again"), ct);
    }

    /// <summary>One round; answers how many attempts it made.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var schedule in await store.ListSchedulesAsync(null, ct))
        {
            if (Zone(schedule.TenantId) is not { } zone)
                continue;
            var (due, period) = DeliveryCalendar.LatestDue(schedule, zone, Instant.FromDateTimeOffset(now));
            // A schedule's first period is the first due after it was made, not the one just before.
            if (due.ToDateTimeOffset() >= schedule.CreatedAt)
                await store.RecordDueAsync(schedule, period.Key, due.ToDateTimeOffset(), ct);
        }
        var claims = await store.ClaimAsync(now, options.Value.ClaimLease, ct: ct);
        foreach (var claim in claims)
            await SendAsync(claim, ct);
        return claims.Count;
    }

    private DateTimeZone? Zone(string tenantId) =>
        catalog.Current.FindTenant(tenantId) is { } tenant ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(tenant.TimeZone) : null;

    private async Task SendAsync(DeliveryClaim claim, CancellationToken ct)
    {
        var schedule = await store.FindScheduleAsync(claim.TenantId, claim.ScheduleId, ct);
        var tenant = catalog.Current.FindTenant(claim.TenantId);
        if (schedule is null || tenant is null)
        {
            await store.RecordAttemptAsync(claim, time.GetUtcNow(), [], "cancelled", "The schedule or its tenant is gone.", null, ct);
            return;
        }
        try
        {
            var period = DeliveryPeriod.FromKey(claim.Period, schedule.Frequency);
            var language = schedule.Language ?? Texts.For(tenant.Language).Language;
            var report = await reports.BuildAsync(tenant, new ReportQuery(tenant.Id, period.From, period.To, period.Granularity), language, ct);
            var pack = schedule.Attachments.Contains(DeliveryAttachment.Pack) ? await PackAsync(tenant, period, schedule.Id, ct) : ((string, byte[])?)null;
            await mailer.SendAsync(DeliveryMail.Compose(schedule, report, period, options.Value, pack), ct);
            await store.RecordAttemptAsync(claim, time.GetUtcNow(), schedule.Recipients, "sent", null, null, ct);
            logger.LogInformation("Delivered {Period} of schedule {Schedule} ({Tenant}) to {Count} recipients", claim.Period, claim.ScheduleId,
                claim.TenantId, schedule.Recipients.Count);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var last = claim.Attempt >= options.Value.MaxAttempts;
            DateTimeOffset? retryAt = last ? null : now + RetryDelay(claim.Attempt);
            logger.LogWarning(e, "Delivery of {Period} of schedule {Schedule} failed (attempt {Attempt}); {Next}", claim.Period, claim.ScheduleId,
                claim.Attempt, last ? "giving up" : $"retrying at {retryAt:O}");
            await store.RecordAttemptAsync(claim, now, schedule.Recipients, last ? "failed" : "retrying", e.Message, retryAt, ct);
        }
    }

    /// <summary>The month's latest pack, issued now when there is none: a retry, or another schedule, sends the same signed version.</summary>
    private async Task<(string, byte[])> PackAsync(TenantDefinition tenant, DeliveryPeriod period, Guid scheduleId, CancellationToken ct)
    {
        var month = new YearMonth(period.From.Year, period.From.Month);
        var monthText = MonthlyPacks.MonthPattern.Format(month);
        var version = (await packStore.ListAsync(tenant.Id, monthText, ct)).MaxBy(v => v.Version)
            ?? await packs.IssueAsync(tenant, month, $"delivery:{scheduleId}", ct);
        var stored = await packStore.GetAsync(tenant.Id, monthText, version.Version, ct)
            ?? throw new InvalidOperationException($"Pack {monthText} v{version.Version} of {tenant.Id} vanished.");
        return ($"pack-{tenant.Id}-{monthText}-v{version.Version}.zip", MonthlyPacks.Zip(stored));
    }

    internal TimeSpan RetryDelay(int attempt) => Backoff.Exponential(options.Value.RetryDelay, options.Value.MaxRetryDelay, attempt);
}
