using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;

namespace CallCentre.Routing.Tests;

/// <summary>Blind transfer of a chat, e-mail or messaging conversation: to a queue of the same client or to an agent.</summary>
public class ContactTransferTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };
    private static readonly Dictionary<string, int> Cards = new() { ["cards"] = 3 };

    private static RoutingEngine Engine(params RoutingAgent[] agents) =>
        new([TestQueues.Queue("bank", "lumiere", Banking, wrapUpSeconds: 20), TestQueues.Queue("cards", "lumiere", Cards),
             TestQueues.Queue("other", "helvet", Banking)], agents);

    private static RoutingAgent Agent(string id, int chats = 2, Dictionary<string, int>? skills = null) =>
        new(id, skills ?? Banking) { Capacity = new Dictionary<string, int> { ["chat"] = chats } };

    private static Guid Arrive(RoutingEngine engine, string queue, ContactKind kind, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok, engine.Enqueue(new IncomingCall(id, queue, "", null) { Kind = kind }, at));
        return id;
    }

    private static Guid AcceptedChat(RoutingEngine engine, string agent, DateTimeOffset? at = null)
    {
        var arrival = at ?? T0;
        var chat = Arrive(engine, "bank", ContactKind.Chat, arrival);
        Assert.Equal(agent, engine.FindCall(chat)!.AgentId);
        Assert.Equal(RoutingOutcome.Ok, engine.Answer(agent, chat, arrival.AddSeconds(5)));
        engine.DrainEvents();
        return chat;
    }

    [Fact]
    public void AChatTransferredToAQueue_IsOfferedThere_AndFreesTheAgentsRoomAtOnce()
    {
        var engine = Engine(Agent("a1", chats: 1), Agent("c1", skills: Cards));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = AcceptedChat(engine, "a1");
        var next = Arrive(engine, "bank", ContactKind.Chat, T0.AddSeconds(10));
        Assert.Equal(CallState.Waiting, engine.FindCall(next)!.State);
        engine.SetAgentState("c1", AgentState.Available, null, T0.AddSeconds(12));

        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a1", chat, "cards", T0.AddSeconds(65)));
        var moved = engine.FindCall(chat)!;
        Assert.Equal(("cards", CallState.Offered, "c1", T0), (moved.QueueId, moved.State, moved.AgentId, moved.QueuedAt));
        var events = engine.DrainEvents();
        var transferred = Assert.Single(events.OfType<CallTransferred>());
        Assert.Equal(("bank", "cards", "a1", ContactKinds.Chat, 0.0), (transferred.FromQueueId, transferred.ToQueueId, transferred.AgentId,
            transferred.Kind, transferred.WrapUpSeconds));
        var leg = Assert.Single(events.OfType<CallLegEnded>());
        Assert.Equal(("a1", CallLegEnd.Transferred, 60.0, 0.0), (leg.AgentId, leg.EndedBy, leg.TalkSeconds, leg.WrapUpSeconds));
        // The room the chat took is free: the waiting chat is offered to a1 in the same step, no after-call work.
        Assert.Equal(("a1", CallState.Offered), (engine.FindCall(next)!.AgentId, engine.FindCall(next)!.State));
        Assert.Equal(AgentState.Available, engine.FindAgent("a1")!.State);
        Assert.DoesNotContain(engine.FindAgent("a1")!.Contacts, c => c.ContactId == chat);
    }

    [Fact]
    public void AChatTransferredToAnAgent_WaitsForThatAgentOnly_ThenForAnyoneAfterThePreferredTimeout()
    {
        var engine = Engine(Agent("a1"), Agent("b1"), Agent("c1"));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var chat = AcceptedChat(engine, "a1");
        engine.SetAgentState("c1", AgentState.Available, null, T0.AddSeconds(6));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("a1", chat, "b1", T0.AddSeconds(10)));
        Assert.Equal((CallState.Waiting, (string?)null), (engine.FindCall(chat)!.State, engine.FindCall(chat)!.AgentId));

        engine.SetAgentState("b1", AgentState.Available, null, T0.AddSeconds(15));
        Assert.Equal(("b1", CallState.Offered), (engine.FindCall(chat)!.AgentId, engine.FindCall(chat)!.State));
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("b1", chat, T0.AddSeconds(16)));
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("b1", chat, null, T0.AddSeconds(76)));
        var legs = engine.DrainEvents().OfType<CallLegEnded>().ToList();
        Assert.Equal([("a1", CallLegEnd.Transferred), ("b1", CallLegEnd.Completed)], legs.Select(l => (l.AgentId, l.EndedBy)));

        engine.SetAgentState("b1", AgentState.NotReady, "break", T0.AddSeconds(77));
        engine.SetAgentState("c1", AgentState.NotReady, "break", T0.AddSeconds(77));
        var late = AcceptedChat(engine, "a1", T0.AddSeconds(78));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("a1", late, "b1", T0.AddSeconds(90)));
        engine.SetAgentState("c1", AgentState.Available, null, T0.AddSeconds(95));
        Assert.Equal(CallState.Waiting, engine.FindCall(late)!.State);
        engine.Tick(T0.AddSeconds(119));
        Assert.Equal(CallState.Waiting, engine.FindCall(late)!.State);
        engine.Tick(T0.AddSeconds(121));
        Assert.Equal(CallState.Offered, engine.FindCall(late)!.State);
        Assert.Contains(engine.FindCall(late)!.AgentId, new[] { "a1", "c1" });
    }

    [Fact]
    public void AChatTransferredToAnAgent_IsOfferedBesideThatAgentsOtherChats()
    {
        var engine = Engine(Agent("a1"), Agent("b1", chats: 2));
        engine.SetAgentState("b1", AgentState.Available, null, T0);
        var held = AcceptedChat(engine, "b1");
        engine.SetAgentState("a1", AgentState.Available, null, T0.AddSeconds(1));
        var chat = Arrive(engine, "bank", ContactKind.Chat, T0.AddSeconds(2));
        Assert.Equal("a1", engine.FindCall(chat)!.AgentId);
        engine.Answer("a1", chat, T0.AddSeconds(3));
        Assert.Equal(RoutingOutcome.Ok, engine.TransferToAgent("a1", chat, "b1", T0.AddSeconds(30)));
        Assert.Equal(("b1", CallState.Offered), (engine.FindCall(chat)!.AgentId, engine.FindCall(chat)!.State));
        Assert.Equal(2, engine.FindAgent("b1")!.Contacts.Count);
        Assert.Equal(CallState.OnCall, engine.FindCall(held)!.State);
    }

    [Fact]
    public void ATransferOfAChat_IsRefused_ToAnotherClientsQueue_ToAnAgentWhoTakesNoChats_AndWhenNotConnected()
    {
        var engine = Engine(Agent("a1"), new RoutingAgent("voice", Banking), Agent("b1"));
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var offered = Arrive(engine, "bank", ContactKind.Chat, T0);
        Assert.Equal(RoutingOutcome.InvalidState, engine.Transfer("a1", offered, "cards", T0.AddSeconds(1)));
        engine.Answer("a1", offered, T0.AddSeconds(2));
        Assert.Equal(RoutingOutcome.UnknownQueue, engine.Transfer("a1", offered, "other", T0.AddSeconds(3)));
        Assert.Equal(RoutingOutcome.UnknownAgent, engine.TransferToAgent("a1", offered, "voice", T0.AddSeconds(3)));
        Assert.Equal(RoutingOutcome.NotAgentsCall, engine.TransferToAgent("b1", offered, "a1", T0.AddSeconds(3)));
        Assert.Equal(["b1"], engine.AgentsEligibleFor("bank", ContactKind.Chat).Select(a => a.AgentId).Where(a => a != "a1"));
        Assert.Equal(CallState.OnCall, engine.FindCall(offered)!.State);
        Assert.DoesNotContain(engine.DrainEvents(), e => e is CallTransferred);
    }

    [Fact]
    public void AnEmailTransferredToAQueue_KeepsItsKindAndArrivalTime()
    {
        var engine = Engine(new RoutingAgent("a1", Banking) { Capacity = new Dictionary<string, int> { ["email"] = 3 } },
            new RoutingAgent("c1", Cards) { Capacity = new Dictionary<string, int> { ["email"] = 3 } });
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var mail = Arrive(engine, "bank", ContactKind.Email, T0);
        engine.Answer("a1", mail, T0.AddSeconds(60));
        engine.SetAgentState("c1", AgentState.Available, null, T0.AddSeconds(61));
        Assert.Equal(RoutingOutcome.Ok, engine.Transfer("a1", mail, "cards", T0.AddSeconds(120)));
        var moved = engine.FindCall(mail)!;
        Assert.Equal((ContactKind.Email, "c1", T0), (moved.Kind, moved.AgentId, moved.QueuedAt));
    }
}
