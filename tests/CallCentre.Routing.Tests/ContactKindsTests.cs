using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

public class ContactKindsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };

    private static RoutingEngine Engine(params RoutingAgent[] agents) =>
        new([TestQueues.Queue("bank", "lumiere", Banking, offerTimeoutSeconds: 10)], agents);

    private static RoutingAgent Agent(string id, Dictionary<string, int>? capacity = null, bool mix = false) =>
        new(id, Banking) { Capacity = capacity, MixVoiceAndDigital = mix };

    private static Guid Arrive(RoutingEngine engine, ContactKind kind, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(new IncomingCall(id, "bank", "", null) { Kind = kind }, at));
        return id;
    }

    private static List<CallOffered> Offers(RoutingEngine engine) => engine.DrainEvents().OfType<CallOffered>().ToList();

    [Fact]
    public void AnAgentWithoutCapacity_TakesCallsOnly_AsBefore()
    {
        var engine = Engine(Agent("a1"));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = Arrive(engine, ContactKind.Chat, T0);
        Assert.Empty(Offers(engine));
        Assert.Equal(CallState.Waiting, engine.FindCall(chat)!.State);
        var call = Arrive(engine, ContactKind.Voice, T0.AddSeconds(1));
        var offer = Assert.Single(Offers(engine));
        Assert.Equal((call, ContactKinds.Voice), (offer.CallId, offer.Kind));
    }

    [Fact]
    public void ChatCapacityThree_TakesThreeAtOnce_TheFourthWhenOneEnds()
    {
        var engine = Engine(Agent("a1", new() { ["chat"] = 3 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chats = Enumerable.Range(0, 4).Select(i => Arrive(engine, ContactKind.Chat, T0.AddSeconds(i))).ToList();
        var offers = Offers(engine);
        Assert.Equal(chats.Take(3), offers.Select(o => o.CallId));
        Assert.All(offers, o => Assert.Equal(ContactKinds.Chat, o.Kind));
        Assert.Equal(CallState.Waiting, engine.FindCall(chats[3])!.State);
        Assert.Equal(AgentState.Available, engine.FindAgent("a1")!.State);

        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a1", chats[0], T0.AddSeconds(5)));
        Assert.Equal(RoutingOutcome.InvalidState, engine.Hold("a1", chats[0], T0.AddSeconds(6)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a1", chats[0], "resolved", T0.AddSeconds(65)));
        var events = engine.DrainEvents();
        var completed = Assert.Single(events.OfType<CallCompleted>());
        Assert.Equal((ContactKinds.Chat, 60.0, 0.0), (completed.Kind, completed.TalkSeconds, completed.WrapUpSeconds));
        var leg = Assert.Single(events.OfType<CallLegEnded>());
        Assert.Equal((ContactKinds.Chat, 60.0, "resolved"), (leg.Kind, leg.HandleSeconds, leg.Disposition));
        Assert.Equal(chats[3], Assert.Single(events.OfType<CallOffered>()).CallId);
    }

    [Fact]
    public void WithoutMixing_HoldingAChatBarsThePhone_AndTheCallWaitsUntilItEnds()
    {
        var engine = Engine(Agent("a1", new() { ["voice"] = 1, ["chat"] = 2 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = Arrive(engine, ContactKind.Chat, T0);
        Assert.Single(Offers(engine));
        var call = Arrive(engine, ContactKind.Voice, T0.AddSeconds(1));
        Assert.Empty(Offers(engine));
        engine.Answer("a1", chat, T0.AddSeconds(2));
        engine.Complete("a1", chat, null, T0.AddSeconds(30));
        Assert.Equal(call, Assert.Single(Offers(engine)).CallId);
        // On the phone now: a new chat waits.
        var second = Arrive(engine, ContactKind.Chat, T0.AddSeconds(31));
        Assert.Empty(Offers(engine));
        Assert.Equal(CallState.Waiting, engine.FindCall(second)!.State);
    }

    [Fact]
    public void WithMixing_AChatIsOfferedDuringACall()
    {
        var engine = Engine(Agent("a1", new() { ["voice"] = 1, ["chat"] = 2 }, mix: true));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var call = Arrive(engine, ContactKind.Voice, T0);
        engine.Answer("a1", call, T0.AddSeconds(1));
        var chat = Arrive(engine, ContactKind.Chat, T0.AddSeconds(2));
        Assert.Equal([call, chat], Offers(engine).Select(o => o.CallId));
        Assert.Equal(AgentState.OnCall, engine.FindAgent("a1")!.State);
        Assert.Equal(chat, Assert.Single(engine.FindAgent("a1")!.Contacts).ContactId);
    }

    [Fact]
    public void AMissedChat_GoesToAnotherAgentWithRoom_AndKeepsItsPlace()
    {
        var engine = Engine(Agent("a1", new() { ["chat"] = 1 }), Agent("a2", new() { ["chat"] = 1 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = Arrive(engine, ContactKind.Chat, T0);
        Assert.Equal("a1", Assert.Single(Offers(engine)).AgentId);
        engine.SetAgentState("a2", AgentState.Available, null, T0.AddSeconds(1));
        engine.Tick(T0.AddSeconds(10));
        var events = engine.DrainEvents();
        Assert.Equal(OfferReturn.Missed, Assert.Single(events.OfType<CallOfferReturned>()).Reason);
        var offer = Assert.Single(events.OfType<CallOffered>());
        Assert.Equal((chat, "a2"), (offer.CallId, offer.AgentId));
    }

    [Fact]
    public void AnAgentHoldingAConnectedChat_CannotLogOut()
    {
        var engine = Engine(Agent("a1", new() { ["email"] = 1 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var email = Arrive(engine, ContactKind.Email, T0);
        engine.Answer("a1", email, T0.AddSeconds(1));
        Assert.Equal(RoutingOutcome.InvalidState, engine.SetAgentState("a1", AgentState.LoggedOut, null, T0.AddSeconds(2)));
        Assert.Equal(RoutingOutcome.Ok, engine.SetAgentState("a1", AgentState.NotReady, "lunch", T0.AddSeconds(2)));
        Assert.Equal(CallState.OnCall, engine.FindCall(email)!.State);
    }

    [Fact]
    public void ARestoredConnectedChat_StillTakesItsRoom()
    {
        var engine = Engine(Agent("a1", new() { ["chat"] = 1 }));
        var chat = Guid.NewGuid();
        engine.Restore([new RestoredAgent("a1", AgentState.Available, null, T0)],
            [new RestoredCall(chat, "bank", "", 5, T0, CallState.OnCall, "a1", T0.AddSeconds(1)) { Kind = ContactKind.Chat }], T0.AddSeconds(5));
        var waiting = Arrive(engine, ContactKind.Chat, T0.AddSeconds(6));
        Assert.Empty(Offers(engine));
        engine.Complete("a1", chat, null, T0.AddSeconds(20));
        Assert.Equal(waiting, Assert.Single(Offers(engine)).CallId);
    }

    [Fact]
    public void ACapacityGivenAtRunTime_TakesTheWaitingChatAtOnce()
    {
        var engine = Engine(Agent("a1"));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = Arrive(engine, ContactKind.Chat, T0);
        engine.AddOrUpdateAgent(Agent("a1", new() { ["voice"] = 1, ["chat"] = 2 }), T0.AddSeconds(1));
        Assert.Equal(chat, Assert.Single(Offers(engine)).CallId);
    }

    [Fact]
    public void AForcedNotReady_ReturnsTheOfferedChats_AndOffersThemToNobodyWhileNoOneElseIsFree()
    {
        var engine = Engine(Agent("a1", new() { ["chat"] = 2 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var first = Arrive(engine, ContactKind.Chat, T0);
        var second = Arrive(engine, ContactKind.Chat, T0.AddSeconds(1));
        Assert.Equal(2, Offers(engine).Count);
        Assert.Equal(RoutingOutcome.Ok, engine.ForceAgentState("a1", AgentState.NotReady, null, T0.AddSeconds(2)));
        Assert.Empty(Offers(engine));
        Assert.Equal((CallState.Waiting, CallState.Waiting), (engine.FindCall(first)!.State, engine.FindCall(second)!.State));
        var agent = engine.FindAgent("a1")!;
        Assert.Equal((AgentState.NotReady, 0), (agent.State, agent.Contacts.Count));
    }

    [Fact]
    public void AForcedNotReady_HandsTheOfferedChatToAnotherFreeAgent()
    {
        var engine = Engine(Agent("a1", new() { ["chat"] = 1 }), Agent("a2", new() { ["chat"] = 1 }));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = Arrive(engine, ContactKind.Chat, T0);
        Assert.Single(Offers(engine));
        engine.SetAgentState("a2", AgentState.Available, null, T0.AddSeconds(1));
        engine.ForceAgentState("a1", AgentState.NotReady, null, T0.AddSeconds(2));
        var offer = Assert.Single(Offers(engine));
        Assert.Equal((chat, "a2"), (offer.CallId, offer.AgentId));
    }
}
