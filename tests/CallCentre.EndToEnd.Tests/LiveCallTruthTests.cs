using CallCentre.Simulator.Live;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The live run's ground truth call by call (what tests/chaos/run.sh compares with the platform's records): one entry
/// per call the PBX placed, each with the platform's id and instants that agree with the per-queue totals.</summary>
public sealed class LiveCallTruthTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private const string Scenario = """
        {
          "seed": 5,
          "durationSeconds": 15,
          "queues": [
            { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": { "banking": 2, "fr": 3 },
              "arrivalsPerHour": 1440, "handleTime": { "distribution": "constant", "meanSeconds": 1 }, "patience": null,
              "serviceLevelThresholdSeconds": 20 },
            { "id": "helvet-support-de", "tenant": "helvet-telecom", "requiredSkills": {},
              "arrivalsPerHour": 720, "handleTime": { "distribution": "constant", "meanSeconds": 1 },
              "patience": { "distribution": "constant", "meanSeconds": 2 }, "serviceLevelThresholdSeconds": 20 }
          ],
          "agents": [ { "count": 4, "skills": { "banking": 4, "fr": 5 }, "ringSeconds": 1 } ]
        }
        """;

    [Fact]
    public async Task LiveRun_ListsEveryCall_WithThePlatformsIdAndItsOutcome()
    {
        using var http = _platform.Http();
        var result = await new LiveTraffic(ScenarioFile.Parse(Scenario), new PlatformClient(http), new LiveOptions(Speed: 1),
            TextWriter.Null, TimeProvider.System).RunAsync(CancellationToken.None);

        foreach (var q in result.Queues)
        {
            var calls = result.Calls.Where(c => c.Queue == q.Queue).ToList();
            Assert.Equal(q.Offered, calls.Count);
            Assert.Equal(q.Answered, calls.Count(c => c.Outcome == "answered"));
            Assert.Equal(q.Abandoned, calls.Count(c => c.Outcome == "abandoned"));
            Assert.Equal(q.Refused, calls.Count(c => c.Outcome == "refused"));
        }
        Assert.Contains(result.Calls, c => c.Outcome == "answered" && c.CompletedAt is not null);
        Assert.Contains(result.Calls, c => c.Outcome == "abandoned");
        Assert.All(result.Calls, c =>
        {
            Assert.NotNull(c.CallId);
            Assert.Equal(1, c.Attempts);
            if (c.Outcome == "answered")
            {
                // The run ends once every call is answered or abandoned: the last calls may still be in talk, not completed.
                Assert.InRange(c.AnsweredAt!.Value, c.PostedAt, c.CompletedAt ?? DateTimeOffset.MaxValue);
                Assert.Null(c.AbandonedAt);
            }
            else
            {
                Assert.InRange(c.AbandonedAt!.Value, c.PostedAt, DateTimeOffset.MaxValue);
                Assert.Null(c.AnsweredAt);
            }
        });
        Assert.Equal(result.Calls.Count, result.Calls.Select(c => c.CallId).Distinct().Count());
    }

    public void Dispose() => _platform.Dispose();
}
