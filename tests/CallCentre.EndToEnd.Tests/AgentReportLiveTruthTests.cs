using CallCentre.Contracts.Routing;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.SlaTracking.Reports;
using CallCentre.Simulator.Live;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Simulated traffic played live through the platform's API: every agent figure the simulator's desks can know
/// (offers seen, answered, let ring out, declined, talk, after-call work, logged-in time) equals the agent report built from
/// Routing's events in SlaTracking's database.</summary>
public static class AgentReportLiveTruth
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>No caller hangs up, so every ring reaches a desk; two rings in five are let ring out (the queue's 15 s).</summary>
    private const string Scenario = """
        {
          "seed": 17,
          "durationSeconds": 20,
          "queues": [
            { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": { "banking": 2, "fr": 3 },
              "arrivalsPerHour": 1440, "handleTime": { "distribution": "constant", "meanSeconds": 2 }, "patience": null,
              "serviceLevelThresholdSeconds": 20 }
          ],
          "agents": [ { "count": 3, "skills": { "banking": 4, "fr": 5 }, "ringSeconds": 1, "missOfferProbability": 0.4 } ]
        }
        """;

    /// <summary>The desks time calls from the platform's answers, so each leg's talk and after-call work may differ from the
    /// platform's instants by a round trip and a poll (100 ms); logged-in time also by its requests' measured round trips.</summary>
    private const double PerLegSeconds = 0.5, LoggedInSeconds = 1.0;

    public static async Task RunAsync(PlatformClient routing, string password, Func<HttpClient> supervisor, Func<string>? events = null)
    {
        var result = await new LiveTraffic(ScenarioFile.Parse(Scenario), routing, new LiveOptions(Password: password, Settle: true),
            TextWriter.Null, TimeProvider.System).RunAsync(CancellationToken.None);
        Assert.Equal(0, result.AgentErrors);
        Assert.True(result.Agents.Sum(a => a.Answered) >= 5, $"answered {result.Agents.Sum(a => a.Answered)}");
        Assert.Contains(result.Agents, a => a.Missed > 0);
        Assert.Equal(result.Calls.Count(c => c.Outcome == "answered"), result.Agents.Sum(a => a.Answered));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        var query = $"/api/sla/agent-report?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}";
        using var http = supervisor();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string differences;
        // The report catches up as SlaTracking consumes the events.
        while ((differences = Differences(result.Agents, (await http.GetFromJsonAsync<AgentPerformanceReport>(query, Json))!)) != "")
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The agent report differs from the simulator's desks:\n" + differences + string.Join("\n", result.Agents) + "\n" + events?.Invoke());
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string Differences(IReadOnlyList<LiveAgentTruth> truth, AgentPerformanceReport report)
    {
        var text = new StringBuilder();
        void Check(string agent, string figure, double expected, double actual, double tolerance)
        {
            if (Math.Abs(expected - actual) > tolerance)
                text.AppendLine(CultureInfo.InvariantCulture, $"{agent} {figure}: simulator {expected:0.###}, report {actual:0.###} (± {tolerance})");
        }
        var listed = report.Rows.Where(r => r.AgentId is not null && r.Period == AgentPerformanceReport.Total).ToDictionary(r => r.AgentId!);
        foreach (var agent in truth)
        {
            if (!listed.TryGetValue(agent.AgentId, out var row))
            {
                if (agent.Offered > 0 || agent.LoggedInSeconds > 0)
                    text.AppendLine(CultureInfo.InvariantCulture, $"{agent.AgentId}: not in the report");
                continue;
            }
            Check(agent.AgentId, "offered", agent.Offered, row.Offered, 0);
            Check(agent.AgentId, "answered", agent.Answered, row.Answered, 0);
            Check(agent.AgentId, "missed", agent.Missed, row.Missed, 0);
            Check(agent.AgentId, "rejected", agent.Rejected, row.Rejected, 0);
            Check(agent.AgentId, "transfers", 0, row.Transfers, 0);
            Check(agent.AgentId, "hold", 0, row.HoldSeconds, 0);
            Check(agent.AgentId, "talk", agent.TalkSeconds, row.TalkSeconds, PerLegSeconds * agent.Answered);
            Check(agent.AgentId, "after-call work", agent.AfterCallWorkSeconds, row.AfterCallWorkSeconds, PerLegSeconds * agent.Answered);
            Check(agent.AgentId, "logged in", agent.LoggedInSeconds, row.LoggedInSeconds, LoggedInSeconds + agent.LoggedInUncertaintySeconds);
        }
        foreach (var extra in listed.Keys.Except(truth.Select(a => a.AgentId)))
            text.AppendLine(CultureInfo.InvariantCulture, $"{extra}: in the report, not in the run");
        var centre = report.Rows.Single(r => r.IsCentre && r.Period == AgentPerformanceReport.Total);
        Check("centre", "answered", truth.Sum(a => a.Answered), centre.Answered, 0);
        Check("centre", "offered", truth.Sum(a => a.Offered), centre.Offered, 0);
        return text.ToString();
    }
}

public sealed class AgentReportLiveTruthTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task Embedded_LiveRun_TheAgentReportEqualsTheSimulatorsDesks()
    {
        var token = await _platform.TokenAsync("supervisor");
        await AgentReportLiveTruth.RunAsync(_platform.Platform(), "demo", () =>
        {
            var http = _platform.Http();
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            return http;
        }, () => string.Join("\n", _platform.Published.Where(e => e is CallOffered or CallOfferReturned or AgentStateChanged or CallLegEnded)));
    }

    public void Dispose() => _platform.Dispose();
}

[Collection(DistributedCollection.Name)]
public sealed class AgentReportLiveTruthDistributedTests
{
    [Fact]
    public async Task Distributed_OnRabbitMqAndPostgres_LiveRun_TheAgentReportEqualsTheSimulatorsDesks()
    {
        await using var platform = new DistributedPlatform("routing", "slatracking");
        await platform.StartAsync();
        var routing = new PlatformClient(new HttpClient { BaseAddress = platform["routing"] });
        var token = await routing.LoginAsync("supervisor", DistributedPlatform.DemoPassword, default);
        await AgentReportLiveTruth.RunAsync(routing, DistributedPlatform.DemoPassword, () =>
        {
            var http = new HttpClient { BaseAddress = platform["slatracking"] };
            http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            return http;
        });
    }
}
