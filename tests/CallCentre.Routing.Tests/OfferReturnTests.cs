using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>An offer that ends unanswered is published as <see cref="CallOfferReturned"/> with why (the agent report's missed
/// and rejected offers); an answered offer is not.</summary>
public sealed class OfferReturnTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static RoutingEngine Engine() => new(
        [TestQueues.Queue("bank-fr", "bank", new Dictionary<string, int> { ["banking"] = 2, ["fr"] = 3 }, 5, 0, 15)],
        [new RoutingAgent("fr-expert", new Dictionary<string, int> { ["banking"] = 4, ["fr"] = 5 })]);

    [Fact]
    public void DeclinedThenMissedThenAnswered_TwoReturns_WithTheirRingInstants()
    {
        var engine = Engine();
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0);
        var call = new IncomingCall(Guid.NewGuid(), "bank-fr", "hash", null);
        engine.Enqueue(call, T0.AddSeconds(1));
        Assert.Equal(RoutingOutcome.Ok, engine.Reject("fr-expert", call.CallId, T0.AddSeconds(4)));
        engine.Tick(T0.AddSeconds(19)); // the second ring (from +4 s) times out at +19 s
        engine.SetAgentState("fr-expert", AgentState.Available, null, T0.AddSeconds(30));
        Assert.Equal(RoutingOutcome.Ok, engine.AnswerCurrentOffer("fr-expert", T0.AddSeconds(32)));

        var events = engine.DrainEvents();
        var offers = events.OfType<CallOffered>().ToList();
        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(4), T0.AddSeconds(30)], offers.Select(o => o.OfferedAt));
        var returns = events.OfType<CallOfferReturned>().ToList();
        Assert.Equal(
            [
                new CallOfferReturned(call.CallId, "bank", "bank-fr", "fr-expert", OfferReturn.Rejected, T0.AddSeconds(1), T0.AddSeconds(1), T0.AddSeconds(4)),
                new CallOfferReturned(call.CallId, "bank", "bank-fr", "fr-expert", OfferReturn.Missed, T0.AddSeconds(1), T0.AddSeconds(4), T0.AddSeconds(19)),
            ], returns);
    }
}
