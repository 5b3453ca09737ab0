using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Routing.Tests;

/// <summary>Opening hours through the tenant's calendar, read in the tenant's zone: holidays, closed days and special-hours
/// days, across the daylight-saving changes of Europe/Paris and Africa/Casablanca (which also moves for Ramadan).</summary>
public class CalendarsRoutingTests
{
    private static readonly Dictionary<string, int> BankFr = new() { ["banking"] = 4, ["fr"] = 3 };

    private static OpeningWindowConfiguration[] Weekdays(int from, int to) =>
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new OpeningWindowConfiguration(d, new TimeOnly(from, 0), new TimeOnly(to, 0)))];

    private static OpeningWindowConfiguration[] EveryDay() =>
        [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningWindowConfiguration(d, TimeOnly.MinValue, TimeOnly.MaxValue))];

    private static RoutingEngine Engine(string zone, TenantCalendarConfiguration calendar, IReadOnlyList<OpeningWindowConfiguration> hours,
        string? closedOverflow = null)
    {
        var queues = new List<QueueConfiguration> { TestQueues.Queue("q", "bank", BankFr) with { OpeningHours = hours, ClosedOverflowQueue = closedOverflow } };
        if (closedOverflow is not null)
            queues.Add(TestQueues.Queue(closedOverflow, "bank", BankFr));
        return new RoutingEngine(queues, [], tenantTimeZones: new Dictionary<string, string> { ["bank"] = zone },
            tenantCalendars: new Dictionary<string, TenantCalendar> { ["bank"] = new(calendar, "fr") });
    }

    private static bool Open(RoutingEngine engine, string utc) =>
        engine.Enqueue(new IncomingCall(Guid.NewGuid(), "q", "hash", null), DateTimeOffset.Parse(utc)) == RoutingOutcome.Ok;

    private static TenantCalendarConfiguration Calendar(string rule = "Closed", params CalendarException[] exceptions) => new(["FR"], rule, exceptions);

    [Fact]
    public void ClosedHoliday_RejectsLikeOutsideHours_AndTheNextDayOpens()
    {
        var engine = Engine("Europe/Paris", Calendar(), Weekdays(9, 18));
        Assert.False(Open(engine, "2026-07-14T10:00:00Z")); // Bastille Day, a Tuesday, 12:00 in Paris
        Assert.Equal("closed", engine.LastRejectionReason);
        Assert.True(Open(engine, "2026-07-15T10:00:00Z"));
    }

    [Fact]
    public void ClosedHoliday_OverflowsToTheClosedOverflowQueue()
    {
        var engine = Engine("Europe/Paris", Calendar(), Weekdays(9, 18), closedOverflow: "after-hours");
        var call = new IncomingCall(Guid.NewGuid(), "q", "hash", null);
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(call, DateTimeOffset.Parse("2026-12-25T10:00:00Z")));
        Assert.Equal("after-hours", engine.FindCall(call.CallId)!.QueueId);
        Assert.Contains(engine.DrainEvents(), e => e is CallOverflowed { FromQueueId: "q", ToQueueId: "after-hours", Reason: "closed" });
    }

    [Fact]
    public void HolidayLikeASaturday_OpensInTheSaturdayWindowsOnly()
    {
        OpeningWindowConfiguration[] hours = [.. Weekdays(9, 18), new(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(12, 0))];
        var engine = Engine("Europe/Paris", Calendar("LikeSaturday"), hours);
        Assert.False(Open(engine, "2026-05-25T07:30:00Z")); // Whit Monday 09:30: a Monday window, but a holiday
        Assert.True(Open(engine, "2026-05-25T08:30:00Z"));  // 10:30: Saturday's window
        Assert.False(Open(engine, "2026-05-25T10:00:00Z")); // 12:00: Saturday's window closed
        var open = Engine("Europe/Paris", Calendar("Open"), hours);
        Assert.True(Open(open, "2026-05-25T07:30:00Z"));
    }

    [Fact]
    public void SpecialHoursDay_UsesItsOwnHours_NotTheWeeks()
    {
        var eve = new CalendarException(new DateOnly(2026, 12, 24), "Veille de Noël", [new(new TimeOnly(9, 0), new TimeOnly(13, 0))]);
        var engine = Engine("Europe/Paris", Calendar("Closed", eve), Weekdays(8, 18));
        Assert.False(Open(engine, "2026-12-24T07:30:00Z")); // 08:30: the Thursday window, but not the day's
        Assert.True(Open(engine, "2026-12-24T08:00:00Z"));  // 09:00
        Assert.True(Open(engine, "2026-12-24T11:59:00Z"));  // 12:59
        Assert.False(Open(engine, "2026-12-24T12:00:00Z")); // 13:00
        Assert.True(Open(engine, "2026-12-23T16:00:00Z"));  // the day before: 17:00, an ordinary Wednesday
    }

    [Fact]
    public void SpecialHours_OnTheDayParisSpringsForward_AreReadInSummerTime()
    {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST. 08:00–09:00 local is 06:00–07:00 UTC that day.
        var day = new CalendarException(new DateOnly(2026, 3, 29), "Portes ouvertes", [new(new TimeOnly(8, 0), new TimeOnly(9, 0))]);
        var engine = Engine("Europe/Paris", Calendar("Closed", day), Weekdays(9, 18)); // a Sunday: no weekly window
        Assert.True(Open(engine, "2026-03-29T06:30:00Z"));  // 08:30 CEST
        Assert.False(Open(engine, "2026-03-29T07:30:00Z")); // 09:30 CEST (08:30 if read in winter time)
        Assert.False(Open(engine, "2026-03-29T05:30:00Z")); // 07:30 CEST
    }

    [Fact]
    public void ClosedDay_OnTheDayParisFallsBack_LastsTwentyFiveHoursOfUtc()
    {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; the local day runs from 24 Oct 22:00 UTC to 25 Oct 23:00 UTC.
        var day = new CalendarException(new DateOnly(2026, 10, 25), "Inventaire", []);
        var engine = Engine("Europe/Paris", Calendar("Closed", day), EveryDay());
        Assert.True(Open(engine, "2026-10-24T21:59:00Z"));  // 23:59 CEST on the 24th
        Assert.False(Open(engine, "2026-10-24T22:00:00Z")); // 00:00 CEST on the 25th
        Assert.False(Open(engine, "2026-10-25T22:59:00Z")); // 23:59 CET on the 25th
        Assert.True(Open(engine, "2026-10-25T23:00:00Z"));  // 00:00 CET on the 26th
    }

    [Fact]
    public void MoroccanHoliday_StartsAtLocalMidnight_InCasablancasSummerOffset()
    {
        var engine = Engine("Africa/Casablanca", new(["MA"], "Closed", []), EveryDay());
        Assert.True(Open(engine, "2026-07-29T22:59:00Z"));  // 23:59 on the 29th (UTC+1)
        Assert.False(Open(engine, "2026-07-29T23:00:00Z")); // 00:00 on Throne Day
        Assert.False(Open(engine, "2026-07-30T22:59:00Z"));
        Assert.True(Open(engine, "2026-07-30T23:00:00Z"));
    }

    [Fact]
    public void EidAlFitr_AtTheEndOfRamadan_StartsAtMidnightOfRamadansClock()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
        // The zone data holds Morocco's Ramadan change: UTC+0 from 15 February to 22 March 2026, UTC+1 around it.
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(DateTimeOffset.Parse("2026-02-14T12:00:00Z")));
        Assert.Equal(TimeSpan.Zero, zone.GetUtcOffset(DateTimeOffset.Parse("2026-03-20T23:30:00Z")));
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(DateTimeOffset.Parse("2026-03-22T12:00:00Z")));

        var engine = Engine("Africa/Casablanca", new(["MA"], "Closed", []), EveryDay());
        Assert.True(Open(engine, "2026-03-20T23:30:00Z"));  // 23:30 on the 20th in Ramadan's UTC+0 (00:30 on Eid in UTC+1)
        Assert.False(Open(engine, "2026-03-21T00:00:00Z")); // Eid al-Fitr, first day
        Assert.False(Open(engine, "2026-03-22T12:00:00Z")); // second day, back on UTC+1
        Assert.True(Open(engine, "2026-03-22T23:00:00Z"));  // 00:00 on the 23rd
    }

    [Fact]
    public void CalendarChangedAtRunTime_AppliesToTheNextCall()
    {
        var engine = Engine("Europe/Paris", Calendar(), Weekdays(9, 18));
        Assert.True(Open(engine, "2026-12-28T10:00:00Z"));
        engine.SetTenantCalendar("bank", new TenantCalendar(Calendar("Closed", new CalendarException(new DateOnly(2026, 12, 28), "Fermeture", [])), "fr"));
        Assert.False(Open(engine, "2026-12-28T10:01:00Z"));
        engine.SetTenantCalendar("bank", TenantCalendar.None);
        Assert.True(Open(engine, "2026-12-28T10:02:00Z"));
    }

    [Fact]
    public void QueueWithoutOpeningHours_StaysOpenOnHolidays()
    {
        var engine = Engine("Europe/Paris", Calendar(), []);
        Assert.True(Open(engine, "2026-12-25T10:00:00Z"));
    }

    [Fact]
    public void CentreFile_CalendarIsLoaded_AndABadOneStopsTheStart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "callcentre-calendar-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            CentreDefinition Load(string calendar)
            {
                var path = Path.Combine(folder, "centre.json");
                File.WriteAllText(path, $$"""
                    {"tenants":[{"id":"bank","name":"Bank","timeZone":"Europe/Paris","language":"fr","calendar":{{calendar}}}],"queues":[],"agents":[]}
                    """);
                return CentreLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Centre:File"] = path }).Build());
            }
            var centre = Load("""{"countries":["FR"],"holidayRule":"LikeSaturday","exceptions":[{"date":"2026-12-24","label":"Veille","hours":[{"from":"09:00","to":"13:00"}]}]}""");
            var calendar = TenantCalendar.Of(centre.Tenants[0]);
            Assert.Equal(HolidayRule.LikeSaturday, calendar.Rule);
            Assert.Equal([new CalendarHours(new TimeOnly(9, 0), new TimeOnly(13, 0))], calendar.Day(new DateOnly(2026, 12, 24)).SpecialHours);
            var error = Assert.Throws<InvalidOperationException>(() => Load("""{"countries":["FR"],"holidayRule":"Closed","exceptions":[{"date":"2026-12-24","label":"x","hours":[{"from":"13:00","to":"09:00"}]}]}"""));
            Assert.Contains("calendar.exceptions[0].hours[0]", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
