using System.Net.Http.Headers;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using CallCentre.SlaTracking.Delivery;
using CallCentre.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CallCentre.SlaTracking.Tests.Delivery;

/// <summary>SlaTracking e-mailing through the SMTP server on <paramref name="smtpPort"/>, its clock stopped at <paramref name="now"/>,
/// polling for due deliveries every 200 ms (retry after 1 min, doubling; three attempts), on SQLite or on a PostgreSQL database of its
/// own (dropped afterwards).</summary>
public sealed class DeliveryPlatform(int smtpPort, bool postgres, DateTimeOffset now) : SlaPlatform
{
    private readonly string _database = "sla_delivery_" + Guid.NewGuid().ToString("N")[..12];

    internal ManualTime Clock { get; } = new(now);

    internal DeliveryWorker Worker => Services.GetRequiredService<DeliveryWorker>();

    /// <summary>A caller whose token is issued at the platform's clock (tokens from <see cref="SlaPlatform.As"/> expire as the clock
    /// moves on).</summary>
    internal HttpClient Fresh(string role, string tenant = "lumiere-bank")
    {
        var http = CreateClient();
        var token = Services.GetRequiredService<TokenIssuer>().Issue(role + "-" + tenant,
            [new Claim(CallCentreClaims.Role, role), new Claim(CallCentreClaims.Tenant, tenant)]);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>A worker of its own on the same database, as another replica (or the process after a restart) has.</summary>
    internal DeliveryWorker NewReplica() => ActivatorUtilities.CreateInstance<DeliveryWorker>(Services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Delivery:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Delivery:Smtp:Port", smtpPort.ToString());
        builder.UseSetting("Delivery:Smtp:Security", "None");
        builder.UseSetting("Delivery:Smtp:Timeout", "00:00:10");
        builder.UseSetting("Delivery:PollInterval", "00:00:00.200");
        builder.UseSetting("Delivery:RetryDelay", "00:01:00");
        builder.UseSetting("Delivery:MaxAttempts", "3");
        builder.UseSetting("Delivery:PublicBaseUrl", "https://reports.example");
        if (postgres)
        {
            builder.UseSetting("Database:Provider", "Postgres");
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
