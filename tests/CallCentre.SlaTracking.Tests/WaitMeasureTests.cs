using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Consumers;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>How a contract counts an e-mail's wait in business hours and a callback's answer at its first dial (docs/sla.md,
/// Counting other kinds), and the business hours themselves.</summary>
public sealed class WaitMeasureTests
{
    private static readonly DateTimeOffset T0 = Utc(2026, 11, 10, 9, 0);
    private static readonly SlaContract Email = Contract(threshold: 4 * 3600) with { Kind = ContactKinds.Email };
    private static readonly SlaContract EmailInBusinessHours = Email with { WaitClock = WaitClocks.Business };
    private static readonly SlaContract Callback = Contract(threshold: 600) with { Kind = ContactKinds.Callback };
    private static readonly SlaContract CallbackAtFirstDial = Callback with { CallbackAnswer = CallbackAnswers.FirstDial };

    [Fact]
    public void AnEmailAnsweredOvernight_IsMetInBusinessHours_AndMissedOnTheWallClock()
    {
        // Queued 17:00, answered 10:00 the next morning: 17 hours of wall time, 2 of them in business hours.
        var email = Answered(T0.AddHours(8), 17 * 3600) with { Kind = ContactKinds.Email, AnsweredBusinessMilliseconds = 2 * 3_600_000 };

        var wall = Count([email], Email);
        var business = Count([email], EmailInBusinessHours);

        Assert.Equal((1, 0L), (wall.Answered, wall.AnsweredWithinThreshold));
        Assert.Equal((1, 1L), (business.Answered, business.AnsweredWithinThreshold));
        Assert.Equal(17 * 3600.0, wall.TotalWaitAnsweredSeconds);
        Assert.Equal(2 * 3600.0, business.TotalWaitAnsweredSeconds);
        Assert.Equal(7200, email.Under(WaitMeasure.Business).WaitMilliseconds / 1000);
        Assert.Equal(email.Under(WaitMeasure.Business), email.Under(WaitMeasure.Business).Under(WaitMeasure.Business));
    }

    [Fact]
    public void AnEmailWithoutItsBusinessWait_IsCountedOnTheWallClock()
    {
        var email = Abandoned(T0, 3 * 3600) with { Kind = ContactKinds.Email };

        Assert.Equal(email.WaitMilliseconds, email.Under(WaitMeasure.Business).WaitMilliseconds);
        Assert.Equal(1L, Count([email], EmailInBusinessHours).AbandonedWithinThreshold);
    }

    [Fact]
    public void ACallbackNeverReached_IsAnsweredAtItsFirstDial_OnlyWhenTheContractSaysSo()
    {
        // Asked at 09:00, dialled at 09:04 and 09:09 (no answer, busy), ended unreached at 09:20.
        var callback = Abandoned(T0, 20 * 60) with { Kind = ContactKinds.Callback, FirstDialAt = T0.AddMinutes(4) };

        var reached = Count([callback], Callback);
        var dialled = Count([callback], CallbackAtFirstDial);

        Assert.Equal((0, 1L, 0L, 1L), (reached.Answered, reached.Abandoned, reached.ServiceLevelNumerator, reached.ServiceLevelDenominator));
        Assert.Equal((1, 0L, 1L, 1L), (dialled.Answered, dialled.Abandoned, dialled.ServiceLevelNumerator, dialled.ServiceLevelDenominator));
        Assert.Equal(240.0, dialled.TotalWaitAnsweredSeconds);
    }

    [Fact]
    public void ACallbackReached_CountsItsWaitToTheFirstDial_OrToTheCustomer()
    {
        var callback = Answered(T0, 15 * 60) with { Kind = ContactKinds.Callback, FirstDialAt = T0.AddMinutes(8) };

        Assert.Equal(0L, Count([callback], Callback).AnsweredWithinThreshold);
        Assert.Equal(1L, Count([callback], CallbackAtFirstDial).AnsweredWithinThreshold);
        // Not dialled yet: waiting under either rule.
        var waiting = Waiting(T0) with { Kind = ContactKinds.Callback };
        Assert.Equal(1L, Count([waiting], CallbackAtFirstDial).Waiting);
    }

    [Theory]
    [InlineData("2026-11-10T09:00", "2026-11-10T18:00", 9 * 60)]        // one Tuesday, whole
    [InlineData("2026-11-09T17:00", "2026-11-10T10:00", 2 * 60)]        // overnight
    [InlineData("2026-11-13T17:30", "2026-11-16T09:30", 60)]            // over a weekend
    [InlineData("2026-11-10T20:00", "2026-11-10T21:00", 0)]             // closed
    [InlineData("2026-11-10T12:00", "2026-11-10T11:00", 0)]             // backwards
    [InlineData("2026-12-24T08:00", "2026-12-28T12:00", 4 * 60 + 3 * 60)] // 24th 09:00-13:00 only, the 25th a holiday, then Monday
    [InlineData("2026-03-27T17:00", "2026-03-30T10:00", 2 * 60)]        // spring forward on Sunday the 29th
    [InlineData("2026-10-23T00:00", "2026-10-27T00:00", 18 * 60)]       // fall back on Sunday the 25th
    public void BusinessHours_CountTheOpenMinutesOfARange(string from, string to, int minutes)
    {
        var hours = Paris();
        Assert.Equal(minutes * 60_000L, hours.OpenMilliseconds(Local(from), Local(to)));
    }

    [Fact]
    public void BusinessHours_AgreeWithIsOpenMinuteByMinute()
    {
        var hours = Paris() with
        {
            Windows = [.. BusinessHours.Office, new OpeningWindowConfiguration(DayOfWeek.Saturday, new TimeOnly(2, 30), new TimeOnly(3, 15))],
        };
        var random = new Random(5);
        for (var i = 0; i < 40; i++)
        {
            // Whole minutes around the clock changes of 2026, up to four days long.
            var from = (random.Next(2) == 0 ? Local("2026-03-27T00:00") : Local("2026-10-23T00:00")).AddMinutes(random.Next(0, 3 * 1440));
            var to = from.AddMinutes(random.Next(0, 4 * 1440));
            long open = 0;
            for (var at = from; at < to; at = at.AddMinutes(1))
                if (hours.IsOpen(at))
                    open += 60_000;
            Assert.Equal(open, hours.OpenMilliseconds(from, to));
        }
    }

    [Fact]
    public void TheClock_StampsEmailsAndMessagesOnly_WithTheTenantsHoursAsTheyAre()
    {
        var tenant = new TenantDefinition(Tenant, "Banque Lumière", "Europe/Paris", "fr")
        {
            BusinessHours = [new OpeningWindowConfiguration(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(12, 0))],
        };
        var catalog = new CentreCatalog(new CentreDefinition([tenant], [], []));
        var clock = new BusinessClock(catalog);
        var queued = Local("2026-11-10T07:00");
        var email = new CallRecordStore.CallFacts(Guid.NewGuid(), Tenant, Queue, queued, AnsweredAt: queued.AddHours(3), Kind: ContactKinds.Email);

        Assert.Equal(2 * 3_600_000L, clock.Stamp(email).AnsweredBusinessMilliseconds);
        Assert.Equal(4 * 3_600_000L, clock.Stamp(email with { AnsweredAt = null, AbandonedAt = queued.AddHours(9), Kind = ContactKinds.Messaging })
            .AbandonedBusinessMilliseconds);
        Assert.Null(clock.Stamp(email with { Kind = ContactKinds.Chat }).AnsweredBusinessMilliseconds);
        Assert.Null(clock.Stamp(email with { TenantId = "nobody" }).AnsweredBusinessMilliseconds);
    }

    /// <summary>Weekdays 09:00-18:00 in Paris, France's holidays closed, Christmas Eve 09:00-13:00.</summary>
    private static BusinessHours Paris() => new(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), BusinessHours.Office,
        new TenantCalendar(new TenantCalendarConfiguration(["FR"], "Closed",
            [new CalendarException(new DateOnly(2026, 12, 24), "Veille de Noël", [new CalendarHours(new TimeOnly(9, 0), new TimeOnly(13, 0))])])));

    private static DateTimeOffset Local(string text)
    {
        var local = DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris").GetUtcOffset(local));
    }
}
