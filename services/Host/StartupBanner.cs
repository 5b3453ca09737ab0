using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Modules;
using CallCentre.Hosting.Operations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CallCentre.Host;

/// <summary>What a newcomer needs on the console: where to point the browser, and how to log in.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app, IReadOnlyList<ICallCentreModule> modules)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var address = ServerAddresses.ForLocalClient(addresses.FirstOrDefault(a => !ManagementEndpoints.IsManagementAddress(app.Configuration, a)) ?? "");
        var management = addresses.FirstOrDefault(a => ManagementEndpoints.IsManagementAddress(app.Configuration, a)) is { } m ? ServerAddresses.ForLocalClient(m) : null;
        var centre = app.Services.GetRequiredService<CentreDefinition>();
        var options = app.Services.GetRequiredService<AuthOptions>();
        var lines = new List<string>
        {
            "",
            $"CallCentre is running: modules {string.Join(", ", modules.Select(m => m.Name))}",
            $"  Dashboard:   {address}/",
            management is null
                ? $"  API docs:    {address}/api-docs   (admins only; set {ManagementEndpoints.UrlsKey} to serve them and /metrics on a port of their own)"
                : $"  API docs:    {management}/api-docs   (OpenAPI: {management}/openapi/v1.json, metrics: {management}/metrics)",
            $"  Health:      {address}/health/ready",
        };
        if (app.Services.UsesEmbeddedIssuer() && options.DemoUsers == true)
        {
            // Outside Development the operator chose the password: it stays out of the console and its log.
            var password = app.Environment.IsDevelopment() ? options.DemoPassword : "<Auth:DemoPassword>";
            var agents = centre.Agents.Select(a => a.Id).ToList();
            lines.Add($"  Demo logins (password '{password}'): admin, supervisor, pbx (telephony), " +
                      $"{(agents.Count > 2 ? $"{agents[0]} .. {agents[^1]}" : string.Join(", ", agents))}, " +
                      string.Join(", ", centre.Tenants.Select(t => $"client-{t.Id}")));
            lines.Add($"  A token:     curl -s -X POST {address}/api/auth/token -H 'Content-Type: application/json' -d '{{\"username\":\"supervisor\",\"password\":\"{password}\"}}'");
        }
        var zones = centre.Tenants.Select(t => t.TimeZone).Prepend(app.Services.GetRequiredService<CentreTimeZone>().Zone.Id);
        foreach (var difference in ZoneData.Differences(zones, DateTimeOffset.UtcNow))
            lines.Add($"  Warning:     time zone data differ, {difference}; update the operating system's tz database (Debian: apt-get install tzdata).");
        Console.WriteLine(string.Join(Environment.NewLine, lines) + Environment.NewLine);
    }
}
