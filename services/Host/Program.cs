using CallCentre.Dashboard;
using CallCentre.Host;
using CallCentre.Hosting;
using CallCentre.Hosting.Modules;
using CallCentre.Routing;
using CallCentre.Scheduling;
using CallCentre.Simulator;
using CallCentre.SlaTracking;
using CallCentre.Telephony;

// `CallCentre.Host [migrate] [--modules all|routing,slatracking,...] [--urls URL] [--data DIR]`
// `CallCentre.Host hash-password` (the password on standard input) prints the hash an Auth:UsersFile entry holds.
if (args.FirstOrDefault() == "hash-password")
{
    Console.WriteLine(CallCentre.Hosting.Auth.DemoUserStore.HashPassword(Console.In.ReadLine() ?? ""));
    return;
}
var migrateOnly = args.FirstOrDefault() == "migrate";
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);
var modules = ModuleSelection.Select(builder.Configuration,
    [new RoutingModule(), new SchedulingModule(), new SlaTrackingModule(), new DashboardModule(), new SimulatorModule(), new TelephonyModule()]);
builder.AddCallCentreDefaults(modules);

var app = builder.Build();
await app.Services.MigrateAsync();
if (migrateOnly)
    return;
app.MapCallCentreDefaults();
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app, modules));
await app.RunAsync();

/// <summary>Lets the tests host the whole platform in one process (WebApplicationFactory).</summary>
public partial class Program;
