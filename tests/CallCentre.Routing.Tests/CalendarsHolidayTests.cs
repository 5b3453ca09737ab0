using System.Globalization;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Calendars;
using CallCentre.Hosting.Centre;

namespace CallCentre.Routing.Tests;

/// <summary>Public holidays per country and year against the official lists, and what a tenant's calendar makes of a date.</summary>
public class CalendarsHolidayTests
{
    private static string[] Dates(string country, int year) => PublicHolidays.In(country, year).Select(h => h.Date.ToString("MM-dd", CultureInfo.InvariantCulture)).ToArray();

    // Code du travail, art. L3133-1 (metropolitan France); Easter Monday, Ascension and Whit Monday from Easter (5 Apr 2026, 28 Mar 2027).
    [Theory]
    [InlineData(2026, "01-01 04-06 05-01 05-08 05-14 05-25 07-14 08-15 11-01 11-11 12-25")]
    [InlineData(2027, "01-01 03-29 05-01 05-06 05-08 05-17 07-14 08-15 11-01 11-11 12-25")]
    public void France_MatchesTheOfficialList(int year, string expected) => Assert.Equal(expected.Split(' '), Dates("FR", year));

    // Belgium's ten legal public holidays (loi du 4 janvier 1974): no 8 May, 21 July instead of 14 July.
    [Theory]
    [InlineData(2026, "01-01 04-06 05-01 05-14 05-25 07-21 08-15 11-01 11-11 12-25")]
    [InlineData(2027, "01-01 03-29 05-01 05-06 05-17 07-21 08-15 11-01 11-11 12-25")]
    public void Belgium_MatchesTheOfficialList(int year, string expected) => Assert.Equal(expected.Split(' '), Dates("BE", year));

    [Fact]
    public void Switzerland_National_IsTheDaysEveryCantonKeeps() =>
        Assert.Equal(["01-01", "05-14", "08-01", "12-25"], Dates("CH", 2026));

    // Geneva's list: the package's, plus 31 December (Restauration de la République) from holidays.json.
    [Theory]
    [InlineData(2026, "01-01 04-03 04-06 05-14 05-25 08-01 09-10 12-25 12-31")]
    [InlineData(2027, "01-01 03-26 03-29 05-06 05-17 08-01 09-09 12-25 12-31")]
    public void Geneva_HasTheCantonsHolidays_IncludingTheRestoration(int year, string expected) => Assert.Equal(expected.Split(' '), Dates("CH-GE", year));

    [Fact]
    public void Morocco_2026_HasItsFixedHolidays_AndTheLunarOnes()
    {
        Assert.Equal(
            ["01-01", "01-11", "01-14", "03-21", "03-22", "05-01", "05-28", "05-29", "06-17", "07-30", "08-14", "08-20", "08-21", "08-26", "08-27",
             "10-31", "11-06", "11-18"],
            Dates("MA", 2026));
        Assert.Equal("Aïd al-Fitr", PublicHolidays.In("MA", 2026).Single(h => h.Date == new DateOnly(2026, 3, 21)).NameFr);
    }

    [Fact]
    public void Morocco_2025_HasTheDatesTheMinistryAnnounced()
    {
        var dates = PublicHolidays.In("MA", 2025).Select(h => h.Date).ToHashSet();
        foreach (var d in new DateOnly[] { new(2025, 3, 31), new(2025, 4, 1), new(2025, 6, 7), new(2025, 6, 8), new(2025, 6, 27), new(2025, 9, 5), new(2025, 9, 6) })
            Assert.Contains(d, dates);
        Assert.DoesNotContain(new DateOnly(2025, 10, 31), dates); // Unity Day counts from 2026
    }

    [Fact]
    public void Morocco_LunarHolidays_AreDatedFor2025To2028_AndNotGuessedOutside()
    {
        Assert.Equal((2025, 2028), PublicHolidays.DatedYears("MA"));
        Assert.Null(PublicHolidays.DatedYears("FR"));
        for (var year = 2025; year <= 2028; year++)
            Assert.Equal(7, PublicHolidays.In("MA", year).Count(h => h.NameEn.StartsWith("Eid") || h.NameEn.StartsWith("Islamic") || h.NameEn.StartsWith("Mawlid")));
        Assert.Equal(11, PublicHolidays.In("MA", 2029).Count); // the fixed ones only
        Assert.DoesNotContain(PublicHolidays.In("MA", 2023), h => h.Date.Month == 1 && h.Date.Day == 14); // Yennayer from 2024
    }

    [Fact]
    public void Morocco_LunarDates_FallOnOrAfterTheUmmAlQuraDate_WithinTwoDays()
    {
        var uq = new UmAlQuraCalendar();
        var first = new (string Name, int Month, int Day)[] { ("Eid al-Fitr", 10, 1), ("Eid al-Adha", 12, 10), ("Islamic New Year (1 Muharram)", 1, 1), ("Mawlid (the Prophet's birthday)", 3, 12) };
        for (var year = 2025; year <= 2028; year++)
            foreach (var (name, month, day) in first)
            {
                var h = PublicHolidays.In("MA", year).Single(h => h.NameEn == name);
                var hijriYear = uq.GetYear(h.Date.ToDateTime(TimeOnly.MinValue));
                var reference = DateOnly.FromDateTime(uq.ToDateTime(hijriYear, month, day, 0, 0, 0, 0));
                Assert.InRange(h.Date.DayNumber - reference.DayNumber, 0, 2);
            }
    }

    [Fact]
    public void UnknownCountryOrCanton_IsRefusedByTheValidation()
    {
        var errors = CentreValidation.ValidateCalendar(new TenantCalendarConfiguration(["FR", "XX", "CH-XX", "ch-ge"], "Sometimes", []));
        Assert.Equal(["countries[1]", "countries[2]", "countries[3]", "holidayRule"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(CentreValidation.ValidateCalendar(new TenantCalendarConfiguration(["MA", "CH-GE", "CH"], "likesaturday", [])));
    }

    [Fact]
    public void BadExceptions_AreNamedByField()
    {
        var errors = CentreValidation.ValidateCalendar(new TenantCalendarConfiguration(["FR"], "Closed",
        [
            new(new DateOnly(2026, 12, 24), "Veille de Noël", [new(new TimeOnly(9, 0), new TimeOnly(13, 0))]),
            new(new DateOnly(2026, 12, 24), "again", []),
            new(new DateOnly(2026, 12, 31), " ", [new(new TimeOnly(14, 0), new TimeOnly(13, 0))]),
            new(new DateOnly(2026, 12, 30), "two", [new(new TimeOnly(9, 0), new TimeOnly(12, 0)), new(new TimeOnly(11, 0), new TimeOnly(15, 0))]),
        ]));
        Assert.Equal(["exceptions[1].date", "exceptions[2].hours[0]", "exceptions[2].label", "exceptions[3].hours[1]"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Day_ExceptionWinsOverHoliday_HolidayFollowsTheRule()
    {
        var christmasEve = new CalendarException(new DateOnly(2026, 12, 24), "Veille de Noël", [new(new TimeOnly(9, 0), new TimeOnly(13, 0))]);
        var closedDay = new CalendarException(new DateOnly(2026, 7, 14), "Inventaire", []);
        var calendar = new TenantCalendar(new TenantCalendarConfiguration(["FR"], "LikeSaturday", [christmasEve, closedDay]), "fr");

        var eve = calendar.Day(new DateOnly(2026, 12, 24));
        Assert.Equal((DayKind.SpecialHours, "Veille de Noël", (DayOfWeek?)null), (eve.Kind, eve.Label, eve.OpensLike));
        Assert.Equal(DayKind.Closed, calendar.KindOf(new DateOnly(2026, 7, 14))); // a holiday, but the exception says closed
        Assert.True(calendar.IsHoliday(new DateOnly(2026, 7, 14)));
        var christmas = calendar.Day(new DateOnly(2026, 12, 25)); // a Friday
        Assert.Equal((DayKind.Holiday, "Noël", (DayOfWeek?)DayOfWeek.Saturday), (christmas.Kind, christmas.Label, christmas.OpensLike));
        var ordinary = calendar.Day(new DateOnly(2026, 12, 23));
        Assert.Equal((DayKind.Normal, (DayOfWeek?)DayOfWeek.Wednesday), (ordinary.Kind, ordinary.OpensLike));

        Assert.True(new TenantCalendar(new TenantCalendarConfiguration(["FR"], "Closed", []), "fr").Day(new DateOnly(2026, 12, 25)).IsClosedAllDay);
        Assert.Equal(DayOfWeek.Friday, new TenantCalendar(new TenantCalendarConfiguration(["FR"], "Open", []), "fr").Day(new DateOnly(2026, 12, 25)).OpensLike);
    }

    [Fact]
    public void HolidayOfTwoCountries_OnOneDate_IsOneDayWithBothNames()
    {
        var calendar = new TenantCalendar(new TenantCalendarConfiguration(["FR", "BE"], "Closed", []), "en");
        Assert.Equal(DayKind.Holiday, calendar.KindOf(new DateOnly(2026, 7, 21))); // Belgian only
        Assert.Equal("Christmas", calendar.Day(new DateOnly(2026, 12, 25)).Label);
        Assert.Equal(2, calendar.HolidaysIn(2026).Count(h => h.Date == new DateOnly(2026, 12, 25)));
    }
}
