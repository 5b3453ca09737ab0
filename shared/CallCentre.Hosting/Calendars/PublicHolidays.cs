using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using PublicHoliday;

namespace CallCentre.Hosting.Calendars;

public sealed record PublicHolidayEntry(DateOnly Date, string Country, string NameFr, string NameEn)
{
    public string Name(string language) => language == "fr" ? NameFr : NameEn;
}

/// <summary>From the PublicHoliday package, plus <c>holidays.json</c> for what it lacks (Morocco; Geneva's 31 December); each country-year computed once.</summary>
public static class PublicHolidays
{
    public static readonly IReadOnlyList<string> Countries = ["BE", "CH", "FR", "MA"];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly ConcurrentDictionary<(string, int), IReadOnlyList<PublicHolidayEntry>> Cache = new();
    private static readonly Lazy<DataFile> Data = new(LoadDataFile);

    /// <summary><c>FR</c>, <c>BE</c>, <c>MA</c>, <c>CH</c> or <c>CH-</c> and a canton code (ISO 3166-2:CH).</summary>
    public static bool IsKnown(string? country) =>
        country is not null && (Countries.Contains(country, StringComparer.Ordinal) || CantonOf(country) is not null);

    /// <summary>Years with every dated (lunar) holiday in the data file; null when all are computed.</summary>
    public static (int First, int Last)? DatedYears(string country) =>
        Data.Value.DatedYears.TryGetValue(country, out var span) && span is [var first, var last] ? (first, last) : null;

    public static IReadOnlyList<PublicHolidayEntry> In(string country, int year) =>
        Cache.GetOrAdd((country, year), key => Compute(key.Item1, key.Item2));

    private static IReadOnlyList<PublicHolidayEntry> Compute(string country, int year)
    {
        IPublicHolidays? package = country switch
        {
            "FR" => new FrancePublicHoliday(),
            "BE" => new BelgiumPublicHoliday(),
            "CH" => new SwitzerlandPublicHoliday(),
            _ when CantonOf(country) is { } canton => new SwitzerlandPublicHoliday(false, false, false) { Canton = canton },
            _ => null,
        };
        var list = package?.PublicHolidaysInformation(year)
            .Select(h => new PublicHolidayEntry(DateOnly.FromDateTime(h.HolidayDate), country, h.GetName(French), h.EnglishName))
            .ToList() ?? [];
        foreach (var e in Data.Value.Holidays.Where(e => e.Country == country))
        {
            var date = e.Date is { } dated ? (dated.Year == year ? dated : (DateOnly?)null)
                : year >= (e.Since ?? int.MinValue) ? new DateOnly(year, e.Month!.Value, e.Day!.Value) : null;
            if (date is { } d)
                list.Add(new PublicHolidayEntry(d, country, e.Fr, e.En));
        }
        return list.OrderBy(h => h.Date).ToList();
    }

    private static SwitzerlandPublicHoliday.Cantons? CantonOf(string country) =>
        country.StartsWith("CH-", StringComparison.Ordinal) && country.Length == 5
        && Enum.TryParse<SwitzerlandPublicHoliday.Cantons>(country[3..], out var canton)
        && canton is not (SwitzerlandPublicHoliday.Cantons.OnlyOfficial or SwitzerlandPublicHoliday.Cantons.ALL)
        && country[3..].All(char.IsUpper)
            ? canton
            : null;

    private sealed record DataEntry(string Country, string Fr, string En, DateOnly? Date, int? Month, int? Day, int? Since, bool? Announced);

    private sealed record DataFile(Dictionary<string, int[]> DatedYears, List<DataEntry> Holidays);

    private static DataFile LoadDataFile()
    {
        using var stream = typeof(PublicHolidays).Assembly.GetManifestResourceStream("CallCentre.Hosting.Calendars.holidays.json")
                           ?? throw new InvalidOperationException("holidays.json is not embedded in CallCentre.Hosting.");
        return JsonSerializer.Deserialize<DataFile>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
               ?? throw new InvalidOperationException("holidays.json is empty.");
    }
}
