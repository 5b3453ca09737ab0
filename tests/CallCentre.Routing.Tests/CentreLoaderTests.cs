using System.Text.Json;
using CallCentre.Hosting.Centre;
using Microsoft.Extensions.Configuration;

namespace CallCentre.Routing.Tests;

/// <summary>The centre file is held to the rules of the admin API at start: a bad id, a queue that overflows into another
/// tenant's, or a bad disposition list stops the process with a message naming the item and the field.</summary>
public sealed class CentreLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("centre-loader-").FullName;

    private static object Tenant(string id, object? dispositions = null) =>
        new { id, name = id, timeZone = "Europe/Paris", language = "fr", dispositions };

    private static object Queue(string id, string tenant, string? overflowQueue = null) =>
        new { id, tenantId = tenant, name = id, lineOfBusiness = "banking", language = "fr", requiredSkills = new Dictionary<string, int> { ["fr"] = 3 }, overflowQueue };

    private static readonly object[] Agents = [new { id = "agent01", name = "Agent", skills = new Dictionary<string, int> { ["fr"] = 3 } }];

    private CentreDefinition Load(object centre)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(centre));
        return CentreLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Centre:File"] = path }).Build());
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("Bank")]
    [InlineData("bank#1")]
    [InlineData("")]
    [InlineData("bank 2")]
    public void ATenantIdOutsideThePattern_StopsTheStart_NamingTheId(string id)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(new { tenants = new[] { Tenant(id) }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains($"tenant id '{id}'", error.Message);
        Assert.Contains(CentreIds.Rule, error.Message);
    }

    [Fact]
    public void ATenantInALanguageWithoutTexts_StopsTheStart_NamingTheLanguages()
    {
        var spanish = new { id = "banco", name = "Banco", timeZone = "Europe/Madrid", language = "es" };
        var error = Assert.Throws<InvalidOperationException>(() => Load(new { tenants = new[] { spanish }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains("tenant 'banco' has language 'es'", error.Message);
        Assert.Contains("fr, en, nl, de", error.Message);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("de")]
    public void ATenantInDutchOrGerman_Loads(string language)
    {
        var tenant = new { id = "bank", name = "Bank", timeZone = "Europe/Brussels", language };
        Assert.Equal(language, Load(new { tenants = new[] { tenant }, queues = Array.Empty<object>(), agents = Agents }).FindTenant("bank")!.Language);
    }

    [Fact]
    public void AQueueIdOutsideThePattern_StopsTheStart_NamingTheQueueAndTheField()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { Tenant("bank") }, queues = new[] { Queue("Bank,FR", "bank") }, agents = Agents }));
        Assert.Contains("queue 'Bank,FR' id:", error.Message);
    }

    [Fact]
    public void OverflowIntoAnotherTenantsQueue_StopsTheStart()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Load(new
        {
            tenants = new[] { Tenant("bank"), Tenant("telco") },
            queues = new[] { Queue("bank-fr", "bank", overflowQueue: "telco-fr"), Queue("telco-fr", "telco") },
            agents = Agents,
        }));
        Assert.Contains("queue 'bank-fr' overflowQueue: Queue 'telco-fr' belongs to another tenant.", error.Message);
    }

    [Fact]
    public void ADispositionWithoutAnEnglishLabel_StopsTheStart()
    {
        var dispositions = new[] { new { code = "resolved", labels = new Dictionary<string, string> { ["fr"] = "Résolu" } } };
        var error = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { Tenant("bank", dispositions) }, queues = new[] { Queue("bank-fr", "bank") }, agents = Agents }));
        Assert.Contains("tenant 'bank' dispositions[0].labels.en", error.Message);
    }

    [Fact]
    public void ATenantWithoutItsOwnDispositions_GetsTheDefaults_AndOwnListsReplaceThem()
    {
        var own = new[] { new { code = "card-blocked", labels = new Dictionary<string, string> { ["fr"] = "Carte bloquée", ["en"] = "Card blocked" } } };
        var centre = Load(new { tenants = new[] { Tenant("bank", own), Tenant("telco") }, queues = new[] { Queue("bank-fr", "bank") }, agents = Agents });
        Assert.Equal(["card-blocked"], Dispositions.Of(centre.FindTenant("bank")!).Select(d => d.Code));
        Assert.Equal(["resolved", "callback-needed", "escalated", "wrong-number"], Dispositions.Of(centre.FindTenant("telco")!).Select(d => d.Code));
        Assert.True(Dispositions.Allows(centre, "bank", "card-blocked"));
        Assert.False(Dispositions.Allows(centre, "bank", "resolved"));
        Assert.False(Dispositions.Allows(centre, "nobody", "resolved"));
    }

    [Fact]
    public void TheDemoCentre_Loads()
    {
        var demo = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../services/Host/centre.demo.json"));
        var centre = CentreLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Centre:File"] = demo }).Build());
        Assert.Equal(3, centre.Tenants.Count);
        Assert.Contains(Dispositions.Of(centre.FindTenant("lumiere-bank")!), d => d.Code == "card-blocked");
    }

    private static object HoursTenant(object callingHours) =>
        new { id = "bank", name = "Bank", timeZone = "Europe/Paris", language = "fr", callingHours };

    private static object Window(int day, string from, string to) => new { day, from, to };

    [Fact]
    public void CallingHoursThatOverlap_StopTheStart_NamingTheTenantAndTheWindow()
    {
        var hours = new[] { Window(1, "09:00", "13:00"), Window(2, "09:00", "12:00"), Window(1, "12:30", "18:00") };
        var error = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { HoursTenant(hours) }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains("tenant 'bank' callingHours[2]: It overlaps another window on Monday (09:00-13:00).", error.Message);
    }

    [Fact]
    public void CallingHoursClosingBeforeTheyOpen_OrOnNoDay_StopTheStart()
    {
        var backwards = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { HoursTenant(new[] { Window(3, "20:00", "10:00") }) }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains("tenant 'bank' callingHours[0]: A window names its day and opens ('from') before it closes ('to')", backwards.Message);
        var noDay = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { HoursTenant(new[] { Window(9, "10:00", "12:00") }) }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains("tenant 'bank' callingHours[0]:", noDay.Message);
    }

    [Fact]
    public void EmptyCallingHours_StopTheStart_AndAbsentOnesAreTheFrenchRules()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Load(new { tenants = new[] { HoursTenant(Array.Empty<object>()) }, queues = Array.Empty<object>(), agents = Agents }));
        Assert.Contains("tenant 'bank' callingHours: At least one window", error.Message);
        Assert.Null(Load(new { tenants = new[] { Tenant("bank") }, queues = Array.Empty<object>(), agents = Agents }).FindTenant("bank")!.CallingHours);
        var touching = new[] { Window(1, "10:00", "13:00"), Window(1, "13:00", "20:00") };
        Assert.Equal(2, Load(new { tenants = new[] { HoursTenant(touching) }, queues = Array.Empty<object>(), agents = Agents }).FindTenant("bank")!.CallingHours!.Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
