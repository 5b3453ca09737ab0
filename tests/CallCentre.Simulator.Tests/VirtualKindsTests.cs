using CallCentre.Simulator.Scenarios;
using CallCentre.Simulator.Virtual;

namespace CallCentre.Simulator.Tests;

/// <summary>Chats, e-mails, messaging and callbacks in virtual mode, through the real engine's capacities and callback dialling.</summary>
public sealed class VirtualKindsTests
{
    private static SimulationResult Run(string queueExtras, string agents, int seed = 7, double hours = 8, string voice = "120") =>
        VirtualCentre.Run(ScenarioFile.Parse($$"""
            { "seed": {{seed}}, "durationSeconds": {{hours * 3600}}, "warmupSeconds": 1800,
              "queues": [ { "id": "q", "requiredSkills": { "fr": 1 }, "arrivalsPerHour": {{voice}},
                            "handleTime": { "distribution": "exponential", "meanSeconds": 180 },
                            "patience": { "distribution": "exponential", "meanSeconds": 60 } {{queueExtras}} } ],
              "agents": [ {{agents}} ] }
            """));

    private const string Chats = """
        , "chat": { "arrivalsPerHour": 60, "handleTime": { "distribution": "exponential", "meanSeconds": 240 },
                    "patience": { "distribution": "exponential", "meanSeconds": 300 } }
        """;

    private static QueueResult Kind(SimulationResult result, string kind) => Assert.Single(result.Contacts!, c => c.Kind == kind);

    [Fact]
    public void OneAgentHoldingThreeChats_WaitsExactlyAsThreeAgentsHoldingOne()
    {
        // Without ring time or misses, k chat slots on one agent serve the line as k single-slot agents would.
        var pooled = Run(Chats, """{ "name": "a", "count": 1, "skills": { "fr": 1 }, "capacity": { "chat": 3 } }""", voice: "0");
        var spread = Run(Chats, """{ "name": "a", "count": 3, "skills": { "fr": 1 }, "capacity": { "chat": 1 } }""", voice: "0");
        var (p, s) = (Kind(pooled, "chat"), Kind(spread, "chat"));
        Assert.True(p.Offered > 300);
        Assert.Equal((s.Offered, s.Answered, s.Abandoned, s.AnsweredWithinThreshold), (p.Offered, p.Answered, p.Abandoned, p.AnsweredWithinThreshold));
        Assert.Equal(s.MeanWaitAllSeconds, p.MeanWaitAllSeconds, 9);
        Assert.True(p.Abandoned > 0 && p.AnsweredWithoutWait < p.Offered);
    }

    [Fact]
    public void MoreChatCapacity_ShortensTheChatWait()
    {
        var two = Kind(Run(Chats, """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "chat": 2 } }""", voice: "0"), "chat");
        var four = Kind(Run(Chats, """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "chat": 4 } }""", voice: "0"), "chat");
        Assert.Equal(two.Offered, four.Offered); // the same arrivals: the chat stream does not depend on the agents
        Assert.True(four.MeanWaitAllSeconds < two.MeanWaitAllSeconds / 2, $"{four.MeanWaitAllSeconds} vs {two.MeanWaitAllSeconds}");
        Assert.True(four.Abandoned < two.Abandoned);
    }

    [Fact]
    public void AddingAnEmailStreamWithNoArrivals_LeavesTheVoiceRunUnchanged()
    {
        const string agents = """{ "count": 6, "skills": { "fr": 1 }, "capacity": { "voice": 1, "email": 2 } }""";
        var without = Run("", agents);
        var with = Run(""", "email": { "arrivalsPerHour": 0, "handleTime": { "distribution": "constant", "meanSeconds": 600 } }""", agents);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(without.Queues), System.Text.Json.JsonSerializer.Serialize(with.Queues));
        Assert.Equal(0, Kind(with, "email").Offered);
    }

    [Fact]
    public void EveryContactOfEveryKind_EndsOnceOrIsStillOpen()
    {
        var result = Run(Chats + """
            , "email": { "arrivalsPerHour": 20, "handleTime": { "distribution": "lognormal", "meanSeconds": 400, "sdSeconds": 200 } },
              "callbackOnWait": { "share": 0.5, "dialSeconds": 15, "reachProbability": 0.7, "attempts": 2, "spacingSeconds": 120 }
            """, """
            { "name": "phone", "count": 5, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1 } },
            { "name": "digital", "count": 3, "skills": { "fr": 1 }, "capacity": { "chat": 3, "email": 2 } }
            """);
        var voice = Assert.Single(result.Queues);
        Assert.True(voice.CallbacksRequested > 0);
        Assert.Equal(voice.Offered, voice.Answered + voice.Abandoned + voice.CallbacksRequested + voice.Unfinished);
        Assert.InRange(voice.Unfinished, 0, 10);
        Assert.Equal(["callback", "chat", "email"], result.Contacts!.Select(c => c.Kind));
        foreach (var c in result.Contacts!)
        {
            Assert.Equal(c.Offered, c.Answered + c.Abandoned + c.Unfinished);
            Assert.InRange(c.Unfinished, 0, 20);
            Assert.True(c.Answered > 0, c.Kind);
        }
        Assert.Equal(voice.CallbacksRequested, Kind(result, "callback").Offered);
        Assert.True(Kind(result, "callback").Abandoned > 0); // reached 70 % of the time, twice at most: about 9 % unreached
        Assert.Equal(0, Kind(result, "email").Abandoned);     // no patience: an e-mail waits
    }

    [Fact]
    public void EveryWouldBeAbandonerTakingACallbackThatAlwaysConnects_NoCallerIsLost()
    {
        var result = Run(""", "callbackOnWait": { "share": 1, "dialSeconds": 10 }""",
            """{ "count": 6, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1 } }""");
        var voice = Assert.Single(result.Queues);
        var callback = Kind(result, "callback");
        // Only a caller whose offer was ringing when patience ran out still hangs up: the agents here answer at once.
        Assert.Equal(0, voice.Abandoned);
        Assert.True(callback.Offered > 50);
        Assert.Equal(0, callback.Abandoned);
        Assert.True(callback.MeanWaitAnsweredSeconds > voice.MeanWaitAnsweredSeconds);
    }

    [Fact]
    public void ShareZero_IsTheRunWithoutCallbacks()
    {
        const string agents = """{ "count": 6, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1 } }""";
        var none = Run("", agents);
        var zero = Run(""", "callbackOnWait": { "share": 0 }""", agents);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(none.Queues), System.Text.Json.JsonSerializer.Serialize(zero.Queues));
        Assert.Equal(0, Kind(zero, "callback").Offered);
    }

    [Fact]
    public void CallbacksNeverReached_EndUnreachedAfterTheirAttempts()
    {
        var result = Run(""", "callbackOnWait": { "share": 1, "reachProbability": 0, "attempts": 2, "spacingSeconds": 60 }""",
            """{ "count": 6, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1 } }""");
        var callback = Kind(result, "callback");
        Assert.Equal(0, callback.Answered);
        Assert.True(callback.Abandoned > 50);
        Assert.Equal(callback.Offered, callback.Abandoned + callback.Unfinished);
    }

    [Fact]
    public void SameSeed_SameContacts()
    {
        static string Once() => System.Text.Json.JsonSerializer.Serialize(Run(Chats + """, "callbackOnWait": { "share": 0.4 }""",
            """{ "count": 7, "skills": { "fr": 1 }, "capacity": { "voice": 1, "callback": 1, "chat": 2 }, "mixVoiceAndDigital": true }""").Contacts);
        Assert.Equal(Once(), Once());
    }

    [Fact]
    public void KindsNobodyCanTake_AndCapacitiesOutOfRange_AreNamed()
    {
        var e = Assert.Throws<ScenarioException>(() => Run(Chats + """, "callbackOnWait": { "share": 2 }""",
            """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "voice": 2, "fax": 1 } }"""));
        Assert.Contains(e.Errors, m => m.StartsWith("queues[0].chat: no agent group", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("queues[0].callbackOnWait: no agent group", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("queues[0].callbackOnWait.share:", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("agents[0].capacity.voice: One phone", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.StartsWith("agents[0].capacity.fax:", StringComparison.Ordinal));
    }

    [Fact]
    public void Messaging_IsItsOwnStream_WithItsOwnCapacity_BesideChats()
    {
        const string messages = """
            , "messaging": { "arrivalsPerHour": 30, "handleTime": { "distribution": "exponential", "meanSeconds": 600 },
                             "patience": { "distribution": "exponential", "meanSeconds": 900 } }
            """;
        const string agents = """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "chat": 2, "messaging": 3 } }""";
        var both = Run(Chats + messages, agents, voice: "0");
        var chatsOnly = Run(Chats, agents, voice: "0");
        var messaging = Kind(both, "messaging");
        // Poisson(30 an hour over 7.5 counted hours): within 4 standard deviations of 225.
        Assert.InRange(messaging.Offered, 225 - 4 * 15, 225 + 4 * 15);
        Assert.Equal(messaging.Offered, messaging.Answered + messaging.Abandoned + messaging.Unfinished);
        Assert.InRange(messaging.MeanHandleSeconds, 450, 750);
        // Messaging takes its own slots: the chats see the same arrivals and the same agents' chat room as without it.
        Assert.Equal(Kind(chatsOnly, "chat").Offered, Kind(both, "chat").Offered);
        var fewer = Kind(Run(Chats + messages, """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "chat": 2, "messaging": 1 } }""", voice: "0"), "messaging");
        Assert.True(fewer.MeanWaitAllSeconds > messaging.MeanWaitAllSeconds, $"{fewer.MeanWaitAllSeconds} vs {messaging.MeanWaitAllSeconds}");
        var e = Assert.Throws<ScenarioException>(() => Run(messages, """{ "count": 2, "skills": { "fr": 1 }, "capacity": { "voice": 1, "chat": 2 } }"""));
        Assert.Contains(e.Errors, m => m.StartsWith("queues[0].messaging: no agent group", StringComparison.Ordinal));
    }

    [Fact]
    public void TheDemoScenario_CarriesEveryKind()
    {
        var demo = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "scenarios", "demo.json"));
        var result = VirtualCentre.Run(demo with { DurationSeconds = 4 * 3600 });
        foreach (var kind in new[] { "callback", "chat", "email", "messaging" })
            Assert.True(result.Contacts!.Where(c => c.Kind == kind).Sum(c => c.Answered) > 0, $"no {kind} answered in the demo's day");
    }
}
