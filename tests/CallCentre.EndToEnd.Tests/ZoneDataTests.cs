using System.Text.Json;
using CallCentre.Hosting.Centre;
using NodaTime;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The operating system's zone data and NodaTime's must agree for the centre's zones, or reports and routing put local
/// times an hour apart.</summary>
public sealed class ZoneDataTests
{
    private static readonly DateTimeZone Casablanca = DateTimeZoneProviders.Tzdb["Africa/Casablanca"];
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TimeSpan Bundled(DateTimeOffset at) => Casablanca.GetUtcOffset(Instant.FromDateTimeOffset(at)).ToTimeSpan();

    [Fact]
    public void SameData_NoDifference() =>
        Assert.Null(ZoneData.FirstDifference("Africa/Casablanca", Bundled, Casablanca, From, To));

    [Fact]
    public void OlderData_ThatMissesAClockChange_IsFoundJustAfterIt()
    {
        // Zone data from before Morocco's last change would keep UTC+1 after it.
        var change = Casablanca.GetZoneIntervals(Instant.FromDateTimeOffset(From), Instant.FromDateTimeOffset(To))
            .Last(i => i.HasStart).Start.ToDateTimeOffset();
        var older = (DateTimeOffset at) => at < change ? Bundled(at) : TimeSpan.FromHours(Bundled(change) == TimeSpan.Zero ? 1 : 0);

        var difference = ZoneData.FirstDifference("Africa/Casablanca", older, Casablanca, From, To);

        Assert.NotNull(difference);
        Assert.Equal(change.AddMinutes(1), difference.At);
        Assert.NotEqual(difference.OperatingSystem, difference.Bundled);
        Assert.Contains("Africa/Casablanca", difference.ToString());
    }

    [Fact]
    public void ThisMachine_AgreesWithNodaTime_ForTheDemoCentresZones()
    {
        // tests/run.sh keeps the operating system's tz database current (deploy/local/infra.sh).
        using var centre = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestInfrastructure.RepoRoot, "services/Host/centre.demo.json")));
        var zones = centre.RootElement.GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("timeZone").GetString()!)
            .Append(CentreTimeZone.DefaultId).ToList();

        Assert.Empty(ZoneData.Differences(zones, DateTimeOffset.UtcNow));
    }
}
