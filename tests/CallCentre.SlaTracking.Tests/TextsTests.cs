using System.Text.RegularExpressions;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Delivery;
using CallCentre.SlaTracking.Reports;
using CallCentre.Testing;
using Microsoft.Net.Http.Headers;

namespace CallCentre.SlaTracking.Tests;

/// <summary>The one set of texts (shared/CallCentre.Hosting/Languages): complete in every language, placeholders alike, and
/// holding every key the server's labels and the pages ask for.</summary>
public sealed partial class TextsTests
{
    public static TheoryData<string> Languages() => [.. Texts.Languages];

    [Fact]
    public void EveryLanguage_HasExactlyTheKeysOfEveryOther()
    {
        var reference = Texts.For("en").Entries.Keys.ToHashSet();
        Assert.True(reference.Count > 300, $"only {reference.Count} keys");
        foreach (var language in Texts.Languages)
        {
            var keys = Texts.For(language).Entries.Keys.ToHashSet();
            Assert.True(keys.SetEquals(reference),
                $"{language}: missing {string.Join(", ", reference.Except(keys))}; extra {string.Join(", ", keys.Except(reference))}");
        }
    }

    [Fact]
    public void EveryText_HasTheSamePlaceholdersInEveryLanguage_AndIsNotBlank()
    {
        var english = Texts.For("en");
        foreach (var language in Texts.Languages)
        foreach (var (key, text) in Texts.For(language).Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}/{key} is blank");
            Assert.True(Texts.Placeholders(text).SetEquals(Texts.Placeholders(english[key])),
                $"{language}/{key}: '{text}' against '{english[key]}'");
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void ServerLabels_BindFromTheTexts(string language)
    {
        var report = ReportLabels.For(language);
        var agents = AgentReportLabels.For(language);
        var mail = DeliveryLabels.For(language);

        Assert.Equal(language, report.Language);
        Assert.Equal(Texts.For(language)["report.serviceLevel"], report.ServiceLevel);
        Assert.Equal(Texts.For(language)["agentReport.averageHandle"], agents.AverageHandle);
        Assert.Equal(14, ContactLabels.For(language).Headings().Distinct().Count());
        Assert.Contains("{0}", mail.Subject);
    }

    [Theory]
    [InlineData("fr", "fr-FR", ",", "08/11/2026")]
    [InlineData("en", "en-GB", ".", "08/11/2026")]
    [InlineData("nl", "nl-BE", ",", "8/11/2026")]
    [InlineData("de", "de-DE", ",", "08.11.2026")]
    public void EachLanguage_WritesNumbersAndDatesTheWayOfItsCulture(string language, string culture, string decimalMark, string date)
    {
        var texts = Texts.For(language);

        Assert.Equal(culture, texts.Culture.Name);
        Assert.Equal($"33{decimalMark}33", 33.33.ToString("0.##", texts.Culture));
        Assert.Equal(date, texts.Date("2026-11-08"));
    }

    [Theory]
    [InlineData("nl-BE,nl;q=0.9,en;q=0.8", "nl")]
    [InlineData("es, de-CH;q=0.5, fr;q=0.4", "de")]
    [InlineData("EN-us", "en")]
    [InlineData("es, it;q=0.5", null)]
    [InlineData("de;q=0, fr;q=0.1", "fr")]
    public void AcceptLanguage_GivesTheMostPreferredKnownLanguage(string header, string? expected) =>
        Assert.Equal(expected, Texts.FromAcceptLanguage(StringWithQualityHeaderValue.ParseList(header.Split(','))));

    [Fact]
    public void UnknownLanguage_FallsBackToEnglish() =>
        Assert.Equal(("en", false), (Texts.For("es").Language, Texts.IsKnown("es")));

    [Fact]
    public void EveryKeyThePagesNameLiterally_IsInTheTexts()
    {
        var folder = Path.Combine(TestInfrastructure.RepoRoot, "services", "Dashboard", "wwwroot");
        var known = Texts.For("en").Entries.Keys.ToHashSet();
        var used = new List<(string File, string Key)>();
        foreach (var file in Directory.GetFiles(folder, "*.html"))
        {
            var html = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            used.AddRange(HtmlKey().Matches(html).Select(m => (name, m.Groups["key"].Value)));
            used.AddRange(SectionAttribute().Matches(html).Select(m =>
                (name, (m.Groups["section"].Value == "phone" ? "phone." : name == "agent.html" ? "myRequests." : "requests.") + m.Groups["key"].Value)));
        }
        foreach (var file in Directory.GetFiles(folder, "*.js"))
        {
            var source = File.ReadAllText(file);
            used.AddRange(PageKey().Matches(source).Select(m => (Path.GetFileName(file), m.Groups["key"].Value)));
            // A page's own section: const t = (key, vars) => i18n.t("requests." + key, vars), then t("title").
            if (SectionPrefix().Match(source) is { Success: true } prefix)
                used.AddRange(SectionKey().Matches(source).Select(m => (Path.GetFileName(file), prefix.Groups["prefix"].Value + m.Groups["key"].Value)));
        }

        Assert.True(used.Count > 150, $"only {used.Count} keys found: the patterns no longer match the pages");
        Assert.Empty(used.Where(u => !known.Contains(u.Key)).Distinct());
    }

    [GeneratedRegex("""data-(?:i18n|i18n-label|title)="(?<key>[^"]+)"[^>]*""")]
    private static partial Regex HtmlKey();

    [GeneratedRegex("""data-(?<section>req|phone)="(?<key>[^"]+)""")]
    private static partial Regex SectionAttribute();

    [GeneratedRegex("""i18n\.t\("(?<key>[^"]+)"[,)]""")]
    private static partial Regex PageKey();

    [GeneratedRegex("""i18n\.t\("(?<prefix>[A-Za-z]+\.)" \+ key""")]
    private static partial Regex SectionPrefix();

    [GeneratedRegex("""(?<![\w.])t\("(?<key>[^"]+)"[,)]""")]
    private static partial Regex SectionKey();
}
