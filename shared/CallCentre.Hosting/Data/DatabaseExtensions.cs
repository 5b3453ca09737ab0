using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Data;

public static class DatabaseExtensions
{
    /// <summary><c>Database:Provider</c> and <c>ConnectionStrings:&lt;Module&gt;</c>, or <c>&lt;module&gt;.db</c> under the data folder.</summary>
    public static void AddModuleDatabase<TModule>(this IHostApplicationBuilder builder, string module)
    {
        var configuration = builder.Configuration;
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(module);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException($"Database:Provider is Postgres but ConnectionStrings:{module} is not set.");
            var folder = DataFolder(configuration);
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, module.ToLowerInvariant() + ".db")};Pooling=True;Default Timeout=30";
        }

        var database = new ModuleDatabase<TModule>(module, provider, connectionString, TransientDatabaseErrors.CreatePipeline());
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IModuleDatabase>(database);
        builder.Services.AddSingleton(new ModuleMigrations(database, typeof(TModule).Assembly));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"database-{module.ToLowerInvariant()}", _ => new DatabaseHealthCheck(database), HealthStatus.Unhealthy, ["ready"],
            TimeSpan.FromSeconds(5)));
    }

    public static string DataFolder(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Data"] ?? configuration["Database:DataFolder"] ?? "data");
}

public sealed record ModuleMigrations(IModuleDatabase Database, Assembly Assembly);
