using System.Net.Http.Headers;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.SlaTracking.Webhooks;
using CallCentre.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CallCentre.SlaTracking.Tests.Webhooks;

/// <summary>SlaTracking with webhooks to loopback http allowed (unless told otherwise), its clock stopped at <paramref name="now"/>: three attempts, 30 s after the
/// first failure then doubling, 2 s to answer. The sender's own rounds are an hour apart, so the test runs them; on SQLite or on a
/// PostgreSQL database of its own (dropped afterwards) with a configured sealing key.</summary>
public sealed class WebhookPlatform(bool postgres, DateTimeOffset now, bool allowLoopback = true) : SlaPlatform
{
    private readonly string _database = "sla_webhooks_" + Guid.NewGuid().ToString("N")[..12];

    internal ManualTime Clock { get; } = new(now);

    internal WebhookSender Sender => Services.GetRequiredService<WebhookSender>();

    internal WebhookStore Store => Services.GetRequiredService<WebhookStore>();

    /// <summary>A caller with one role and one tenant.</summary>
    internal HttpClient Fresh(string role, string tenant)
    {
        var http = CreateClient();
        var token = Services.GetRequiredService<TokenIssuer>().Issue(role + "-" + tenant,
            [new Claim(CallCentreClaims.Role, role), new Claim(CallCentreClaims.Tenant, tenant)]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A sender of its own on the same database, as another replica has.</summary>
    internal WebhookSender NewReplica() => ActivatorUtilities.CreateInstance<WebhookSender>(Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowLoopbackHttp", allowLoopback ? "true" : "false");
        builder.UseSetting("Webhooks:PollInterval", "01:00:00");
        builder.UseSetting("Webhooks:RetryDelay", "00:00:30");
        builder.UseSetting("Webhooks:MaxRetryDelay", "00:10:00");
        builder.UseSetting("Webhooks:MaxAttempts", "3");
        builder.UseSetting("Webhooks:Timeout", "00:00:02");
        if (postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("Webhooks:SealingKey", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("ConnectionStrings:SlaTracking",
                new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = _database }.ConnectionString);
        }
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!postgres)
            return;
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
