using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Hosting.Data;

public static class DatabaseExtensions
{
    /// <summary>Registers <see cref="ModuleDatabase{TModule}"/> for a module: <c>Database:Provider</c> (Sqlite | Postgres),
    /// <c>ConnectionStrings:&lt;Module&gt;</c>, or in embedded mode a SQLite file <c>&lt;module&gt;.db</c> under the data folder.
    /// The module's SQL scripts (embedded resources <c>migrations/&lt;provider&gt;/NNN_name.sql</c>) are applied at start.</summary>
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

    /// <summary>Embedded mode keeps its SQLite files under <c>--data DIR</c> (default <c>./data</c>).</summary>
    public static string DataFolder(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Data"] ?? configuration["Database:DataFolder"] ?? "data");
}

public sealed record ModuleMigrations(IModuleDatabase Database, Assembly Assembly);
