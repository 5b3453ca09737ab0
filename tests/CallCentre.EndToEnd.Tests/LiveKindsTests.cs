using CallCentre.Simulator.Live;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The simulator's live mode with chats, messaging and callbacks against the embedded platform: chats posted through
/// <c>POST /api/contacts</c> and held by an agent with chat capacity (agent09 in the demo centre), and callers left waiting by
/// a single agent asking for a callback, dialled by the simulated PBX through the dials poll and its attempts.</summary>
public sealed class LiveKindsTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    private const string Scenario = """
        {
          "seed": 5,
          "durationSeconds": 30,
          "queues": [
            { "id": "lumiere-banking-fr", "tenant": "lumiere-bank", "requiredSkills": {},
              "arrivalsPerHour": 720, "handleTime": { "distribution": "constant", "meanSeconds": 6 },
              "patience": { "distribution": "constant", "meanSeconds": 2 }, "serviceLevelThresholdSeconds": 20,
              "callbackOnWait": { "share": 1, "dialSeconds": 1, "reachProbability": 1 },
              "chat": { "arrivalsPerHour": 480, "handleTime": { "distribution": "constant", "meanSeconds": 4 } } }
          ],
          "agents": [
            { "name": "phone", "count": 8, "skills": {}, "ringSeconds": 0.5, "capacity": { "voice": 1, "callback": 1 } },
            { "name": "digital", "count": 1, "skills": {}, "ringSeconds": 0.5, "capacity": { "chat": 3 } }
          ],
          "staffing": [ { "fromSeconds": 0, "agents": [ { "group": "phone", "count": 1 }, { "group": "digital", "count": 1 } ] } ]
        }
        """;

    [Fact]
    public async Task LiveRun_ChatsAreHeldAndCallbacksDialledThroughThePlatformsApi()
    {
        var scenario = ScenarioFile.Parse(Scenario);
        using var http = _platform.Http();
        var result = await new LiveTraffic(scenario, new PlatformClient(http), new LiveOptions(Speed: 1), TextWriter.Null, TimeProvider.System)
            .RunAsync(CancellationToken.None);

        var voice = Assert.Single(result.Queues);
        var chat = Assert.Single(result.Contacts, c => c.Kind == "chat");
        var callback = Assert.Single(result.Contacts, c => c.Kind == "callback");
        Assert.True(chat.Offered >= 2, $"{chat.Offered} chats");
        Assert.Equal((chat.Offered, 0, 0), (chat.Answered, chat.Abandoned, chat.Refused));
        // agent01 alone on the phone: callers who wait past 2 s ask for a callback, and every dial reaches the customer.
        Assert.True(voice.CallbacksRequested >= 1, "no caller asked for a callback");
        Assert.Equal(voice.CallbacksRequested, callback.Offered);
        Assert.Equal(callback.Offered, callback.Answered);
        Assert.Equal(voice.Offered, voice.Answered + voice.Abandoned + voice.CallbacksRequested + voice.Refused + voice.Unconfirmed);
        Assert.All(result.Calls.Where(c => c.Kind == "chat"), c => Assert.NotNull(c.CompletedAt));
    }

    /// <summary>Agents 01-27 off duty, so that the one on duty is agent28, whom the demo centre gives two messaging conversations.</summary>
    private const string Messaging = """
        {
          "seed": 3,
          "durationSeconds": 20,
          "queues": [
            { "id": "helvet-support-de", "tenant": "helvet-telecom", "requiredSkills": {}, "arrivalsPerHour": 0,
              "messaging": { "arrivalsPerHour": 1080, "handleTime": { "distribution": "constant", "meanSeconds": 3 } } }
          ],
          "agents": [
            { "name": "others", "count": 27, "skills": {} },
            { "name": "messaging", "count": 1, "skills": {}, "ringSeconds": 0.5, "capacity": { "messaging": 2 } }
          ],
          "staffing": [ { "fromSeconds": 0, "agents": [ { "group": "messaging", "count": 1 } ] } ]
        }
        """;

    [Fact]
    public async Task LiveRun_MessagingConversationsArePostedHeldAndCompletedThroughThePlatformsApi()
    {
        using var http = _platform.Http();
        var result = await new LiveTraffic(ScenarioFile.Parse(Messaging), new PlatformClient(http), new LiveOptions(Speed: 1), TextWriter.Null,
            TimeProvider.System).RunAsync(CancellationToken.None);

        var messaging = Assert.Single(result.Contacts, c => c.Kind == "messaging");
        Assert.True(messaging.Offered >= 2, $"{messaging.Offered} conversations");
        Assert.Equal((messaging.Offered, 0, 0), (messaging.Answered, messaging.Abandoned, messaging.Refused));
        // Those answered in the last seconds of the run may still be open when it stops.
        Assert.True(result.Calls.Count(c => c.Kind == "messaging" && c.CompletedAt is not null) >= messaging.Offered / 2, "few conversations completed");
    }

    public void Dispose() => _platform.Dispose();
}
