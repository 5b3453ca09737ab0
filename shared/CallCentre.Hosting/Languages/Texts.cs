using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace CallCentre.Hosting.Languages;

/// <summary>The platform's one set of user-facing texts (Languages/*.json, embedded): the pages, the client and agent reports and
/// the delivery e-mails read the same keys. Each file's <c>culture</c> key names the culture its numbers and dates follow.</summary>
public sealed partial class Texts
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en", "nl", "de"];

    public const string Fallback = "en";

    private static readonly Dictionary<string, Texts> ByLanguage = Languages.ToDictionary(l => l, Load);

    private Texts(string language, IReadOnlyDictionary<string, string> entries)
    {
        Language = language;
        Entries = entries;
        Culture = CultureInfo.GetCultureInfo(entries["culture"]);
    }

    public string Language { get; }

    public IReadOnlyDictionary<string, string> Entries { get; }

    public CultureInfo Culture { get; }

    public string this[string key] =>
        Entries.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"No text '{key}' in Languages/{Language}.json.");

    public static bool IsKnown(string? language) => language is not null && ByLanguage.ContainsKey(language.ToLowerInvariant());

    public static Texts For(string? language) =>
        language is not null && ByLanguage.TryGetValue(language.ToLowerInvariant(), out var texts) ? texts : ByLanguage[Fallback];

    /// <summary>The caller's most preferred known language in an Accept-Language header, by primary tag (nl-BE is nl).</summary>
    public static string? FromAcceptLanguage(IEnumerable<StringWithQualityHeaderValue> accepted) =>
        accepted.Where(v => v.Quality is not 0)
            .OrderByDescending(v => v.Quality ?? 1)
            .Select(v => (v.Value.Value ?? "").Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(IsKnown);

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>A record of labels whose constructor parameters name the keys (<c>Title</c> reads <c>prefix.title</c>); a
    /// <c>Language</c> parameter gets the language itself.</summary>
    public T Bind<T>(string prefix)
    {
        var constructor = typeof(T).GetConstructors().Single();
        var args = constructor.GetParameters()
            .Select(p => p.Name == nameof(Language) ? Language : this[$"{prefix}.{char.ToLowerInvariant(p.Name![0])}{p.Name[1..]}"])
            .ToArray<object?>();
        return (T)constructor.Invoke(args);
    }

    /// <summary>A local date (yyyy-MM-dd) in the culture's short form; anything else as it is.</summary>
    public string Date(string isoDate) =>
        DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("d", Culture)
            : isoDate;

    /// <summary>The placeholders of a text: <c>{0}</c> for the server's, <c>{name}</c> for the pages'.</summary>
    public static IReadOnlySet<string> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    public static string PageScript { get; } = BuildPageScript();

    private static string BuildPageScript()
    {
        var all = ByLanguage.ToDictionary(p => p.Key, p => p.Value.Entries);
        return new StringBuilder("window.callCentreTexts = ").Append(JsonSerializer.Serialize(all)).Append(";\n").ToString();
    }

    private static Texts Load(string language)
    {
        var name = $"CallCentre.Hosting.Languages.{language}.json";
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing.");
        var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"{name} is empty.");
        return new Texts(language, entries);
    }

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\}")]
    private static partial Regex PlaceholderPattern();
}
