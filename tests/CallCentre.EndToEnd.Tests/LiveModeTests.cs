using System.Net.Http.Json;
using CallCentre.Contracts.Sla;
using CallCentre.Simulator.Live;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The simulator's live mode against the embedded platform: the platform's own SLA figures for the run equal the
/// simulator's ground truth exactly. The scenario keeps every wait far from the 20 s threshold (light load, short rings)
/// and makes abandons certain (a German queue that the six French-speaking agents cannot take: the platform routes by its own
/// centre, whatever skills the scenario names), so that equality is
/// exact rather than statistical.</summary>
public sealed class LiveModeTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private const string Scenario = """
        {
          "seed": 7,
          "durationSeconds": 40,
          "queues": [
            { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": { "banking": 2, "fr": 3 },
              "arrivalsPerHour": 720, "handleTime": { "distribution": "constant", "meanSeconds": 3 }, "patience": null,
              "serviceLevelThresholdSeconds": 20 },
            { "id": "helvet-support-de", "tenant": "helvet-telecom", "requiredSkills": {},
              "arrivalsPerHour": 360, "handleTime": { "distribution": "constant", "meanSeconds": 3 },
              "patience": { "distribution": "constant", "meanSeconds": 4 }, "serviceLevelThresholdSeconds": 20 }
          ],
          "agents": [ { "count": 6, "skills": { "banking": 4, "fr": 5 }, "ringSeconds": 1 } ]
        }
        """;

    [Fact]
    public async Task LiveRun_PlatformSlaFigures_EqualTheSimulatorsGroundTruth()
    {
        var scenario = ScenarioFile.Parse(Scenario);
        using var http = _platform.Http();
        var result = await new LiveTraffic(scenario, new PlatformClient(http), new LiveOptions(Speed: 1), TextWriter.Null, TimeProvider.System)
            .RunAsync(CancellationToken.None);
        var truth = result.Queues.ToDictionary(q => q.Queue);
        // The supervisor's wallboard followed the run: tiles arrived within a couple of seconds of the events they show.
        Assert.True(result.DashboardLagMs.Count > 0, "no wallboard update was seen");
        Assert.InRange(result.DashboardLagMs.P50, 0, 2000);
        Assert.True(truth["lumiere-banking-fr"].Offered >= 3, "too few calls to compare");
        Assert.True(truth["helvet-support-de"].Abandoned >= 1, "no abandon to compare");

        using var admin = await _platform.HttpAs("admin");
        foreach (var (tenant, queue) in new[] { ("lumiere-bank", "lumiere-banking-fr"), ("helvet-telecom", "helvet-support-de") })
        {
            var expected = truth[queue];
            var figures = await TestInfrastructure.EventuallyAsync(async () =>
            {
                var all = await admin.GetFromJsonAsync<List<QueueServiceLevelUpdated>>($"/api/sla/tenants/{tenant}/today");
                var q = all!.Single(x => x.QueueId == queue);
                return q.Offered == expected.Offered && q.Answered + q.Abandoned == expected.Answered + expected.Abandoned ? q : null;
            }, $"the platform's figures for {queue}");
            Assert.Equal(
                (expected.Offered, expected.Answered, expected.Abandoned, expected.AnsweredWithinThreshold),
                (figures.Offered, figures.Answered, figures.Abandoned, figures.AnsweredWithinThreshold));
        }
    }

    public void Dispose() => _platform.Dispose();
}
