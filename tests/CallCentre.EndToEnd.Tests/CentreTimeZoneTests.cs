using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Hosting.Centre;
using CallCentre.Scheduling.Adherence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary><c>Centre:TimeZone</c> is read once, in shared code, and every module that cuts days in the centre's zone uses it.</summary>
public sealed class CentreTimeZoneTests
{
    [Fact]
    public void Unset_IsCasablanca()
    {
        var zone = CentreTimeZone.From(new ConfigurationBuilder().Build());

        Assert.Equal("Africa/Casablanca", zone.Zone.Id);
    }

    [Fact]
    public void DateOf_IsTheCentresLocalDate()
    {
        var zone = CentreTimeZone.From(Configuration("America/New_York"));

        Assert.Equal(new DateOnly(2026, 12, 1), zone.DateOf(new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 2), zone.DateOf(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void AnUnknownZone_IsRefusedWithTheKeyNamed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CentreTimeZone.From(Configuration("Mars/Olympus_Mons")));

        Assert.Contains("Centre:TimeZone", error.Message);
        Assert.Contains("Mars/Olympus_Mons", error.Message);
    }

    [Fact]
    public void APlatformWithAnUnknownZone_DoesNotStart()
    {
        using var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?> { ["Centre:TimeZone"] = "Mars/Olympus_Mons" });

        var error = Assert.ThrowsAny<Exception>(() => platform.Address);

        Assert.Contains("Centre:TimeZone 'Mars/Olympus_Mons'", error.ToString());
    }

    [Fact]
    public async Task PublishedSchedules_AreInTheConfiguredCentreZone()
    {
        using var platform = new EmbeddedPlatform(settings: new Dictionary<string, string?> { ["Centre:TimeZone"] = "America/New_York" });
        using var supervisor = await platform.HttpAs("supervisor");

        using var response = await supervisor.PutAsJsonAsync("/api/schedules/published", new
        {
            from = "2026-12-01", to = "2026-12-01",
            shifts = new[] { new { agentId = "agent05", template = "early", start = "2026-12-01T08:00:00", end = "2026-12-01T16:00:00" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await supervisor.GetFromJsonAsync<JsonElement>("/api/schedules/published?from=2026-12-01&to=2026-12-01&agentId=agent05");

        Assert.Equal("America/New_York", read.GetProperty("timeZone").GetString());
        Assert.Equal("2026-12-01T08:00:00-05:00", read.GetProperty("days")[0].GetProperty("activities")[0].GetProperty("start").GetString());
        Assert.Same(platform.Services.GetRequiredService<CentreTimeZone>().Zone, platform.Services.GetRequiredService<CentreCalendar>().Zone);
    }

    private static IConfiguration Configuration(string zone) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Centre:TimeZone"] = zone }).Build();
}
