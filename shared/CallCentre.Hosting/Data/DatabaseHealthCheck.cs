using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallCentre.Hosting.Data;

internal sealed class DatabaseHealthCheck(IModuleDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.Module} database ({database.Provider}) answers.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{database.Module} database ({database.Provider}) does not answer.", e);
        }
    }
}
