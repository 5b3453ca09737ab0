using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCentre.Routing.Contacts;

public sealed class TranscriptOptions
{
    /// <summary>For a tenant whose definition names no <c>TranscriptRetentionDays</c>.</summary>
    public int RetentionDays { get; set; } = 30;

    public double PurgeEveryMinutes { get; set; } = 60;
}

/// <summary>Deletes transcript messages older than their tenant's retention.</summary>
public sealed class TranscriptPurge(ContactTranscriptStore store, CentreCatalog catalog, IOptions<TranscriptOptions> options, TimeProvider time,
    ILogger<TranscriptPurge> logger) : BackgroundService
{
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var cutOffs = catalog.Current.Tenants.ToDictionary(t => t.Id,
            t => now.AddDays(-(t.TranscriptRetentionDays ?? options.Value.RetentionDays)), StringComparer.Ordinal);
        var deleted = await store.PurgeAsync(cutOffs, now.AddDays(-options.Value.RetentionDays), ct);
        if (deleted > 0)
            logger.LogInformation("Purged {Count} transcript messages past their retention", deleted);
        return deleted;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(TimeSpan.FromMinutes(options.Value.PurgeEveryMinutes), time, ct => PurgeAsync(time.GetUtcNow(), ct),
            e => logger.LogWarning(e, "Transcript purge failed; the next round retries"), stoppingToken);
}

internal static class TranscriptRegistration
{
    public static void AddContactTranscripts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TranscriptOptions>().BindConfiguration("Transcripts")
            .Validate(o => o.RetentionDays >= 1 && o.PurgeEveryMinutes > 0,
                "Transcripts:RetentionDays must be at least 1 and Transcripts:PurgeEveryMinutes positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContactTranscriptStore>();
        builder.Services.AddSingleton<TranscriptPurge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TranscriptPurge>());
    }
}
