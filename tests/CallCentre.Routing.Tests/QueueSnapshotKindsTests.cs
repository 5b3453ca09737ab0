using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>The wallboard's waiting per kind comes from the queue's snapshot.</summary>
public sealed class QueueSnapshotKindsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ContactsWaiting_AreCountedPerKind_AndLeaveTheCountWhenOffered()
    {
        var engine = new RoutingEngine(
            [TestQueues.Queue("bank-fr", "bank", new Dictionary<string, int> { ["fr"] = 3 }, 5, 0, 15)],
            [new RoutingAgent("a1", new Dictionary<string, int> { ["fr"] = 5 }) { Capacity = new Dictionary<string, int> { [ContactKinds.Chat] = 2 } }]);
        foreach (var kind in new[] { ContactKind.Chat, ContactKind.Voice, ContactKind.Chat, ContactKind.Email })
            Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(new IncomingCall(Guid.NewGuid(), "bank-fr", "hash", null) { Kind = kind }, T0));

        var waiting = engine.Snapshot("bank-fr", T0.AddSeconds(1));
        Assert.Equal(4, waiting.CallsWaiting);
        Assert.Equal(new Dictionary<string, int> { [ContactKinds.Voice] = 1, [ContactKinds.Chat] = 2, [ContactKinds.Email] = 1 }, waiting.WaitingByKind);

        // The agent holds two chats and takes neither the call nor the e-mail.
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(2));
        Assert.Equal(new Dictionary<string, int> { [ContactKinds.Voice] = 1, [ContactKinds.Email] = 1 }, engine.Snapshot("bank-fr", T0.AddSeconds(3)).WaitingByKind);
    }
}
