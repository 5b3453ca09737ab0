using CallCentre.Contracts.Routing;
using CallCentre.Dashboard.Live;
using CallCentre.Hosting.Centre;

namespace CallCentre.Browser.Tests;

/// <summary>The Dashboard's in-memory board of agents: events arrive unordered and possibly twice.</summary>
public sealed class AgentBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid CallA = Guid.NewGuid();

    private static readonly CentreDefinition Centre = new(
        [new TenantDefinition("bank", "Banque", "Europe/Paris", "fr"), new TenantDefinition("telco", "Télécom", "Europe/Zurich", "en")],
        [
            new QueueConfiguration("bank-fr", "bank", "Banque (FR)", "banking", "fr", new Dictionary<string, int> { ["fr"] = 3 }),
            new QueueConfiguration("telco-fr", "telco", "Télécom (FR)", "telecom", "fr", new Dictionary<string, int> { ["fr"] = 3 }),
        ],
        [new AgentDefinition("a1", "Karim", new Dictionary<string, int> { ["fr"] = 5 })]);

    private static AgentBoard NewBoard() => new(new CentreCatalog(Centre), TimeProvider.System);

    [Fact]
    public void OfferArrivingBeforeTheStateChange_IsShownRinging()
    {
        var board = NewBoard();
        board.Apply(new AgentStateChanged("a1", ["bank", "telco"], "Available", null, null, T0));
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0.AddSeconds(1), T0.AddSeconds(2)));

        var desk = board.Desk("a1");
        Assert.Equal(("Available", "Ringing", "Banque", "Banque (FR)", AgentBoard.MaskedCaller),
            (desk.State, desk.Call!.Status, desk.Call.ClientName, desk.Call.QueueName, desk.Call.Caller));

        board.Apply(new AgentStateChanged("a1", ["bank", "telco"], "Reserved", null, CallA, T0.AddSeconds(2)));
        Assert.Equal(("Reserved", "Ringing"), (board.Desk("a1").State, board.Desk("a1").Call!.Status));
    }

    [Fact]
    public void ACallbackOrChatOfferedAnsweredAndCompleted_NeverBecomesTheDesksPhoneCall()
    {
        var board = NewBoard();
        board.Apply(new AgentStateChanged("a1", ["bank"], "Available", null, null, T0));
        foreach (var kind in new[] { ContactKinds.Callback, ContactKinds.Chat })
        {
            var id = Guid.NewGuid();
            Assert.Empty(board.Apply(new CallOffered(id, "bank", "bank-fr", "a1", T0, T0.AddSeconds(1)) { Kind = kind }));
            // The agent's tile changes (it counts the contact), the desk's phone call does not.
            board.Apply(new CallAnswered(id, "bank", "bank-fr", "a1", T0, T0.AddSeconds(2)) { Kind = kind });
            Assert.Null(board.Desk("a1").Call);
            board.Apply(new CallCompleted(id, "bank", "bank-fr", "a1", T0, T0.AddSeconds(2), T0.AddSeconds(9), 7, 0, null) { Kind = kind });
            Assert.Null(board.Desk("a1").Call);
        }
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(20)));
        Assert.Equal("Ringing", board.Desk("a1").Call!.Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallTransferredToAColleague_RingsAndConnectsOnTheColleaguesDesk_AndStaysTransferredOnTheFirst(bool offerBeforeTransfer)
    {
        var board = NewBoard();
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(1)));
        board.Apply(new CallAnswered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(2)));
        var transfer = new CallTransferred(CallA, "bank", "bank-fr", "bank-fr", "a1", T0, T0.AddSeconds(10));
        var offer = new CallOffered(CallA, "bank", "bank-fr", "a2", T0, T0.AddSeconds(15));
        if (offerBeforeTransfer) { board.Apply(offer); board.Apply(transfer); }
        else { board.Apply(transfer); board.Apply(offer); }
        Assert.Equal(("Transferred", "Ringing"), (board.Desk("a1").Call!.Status, board.Desk("a2").Call!.Status));

        board.Apply(new CallAnswered(CallA, "bank", "bank-fr", "a2", T0, T0.AddSeconds(16)));
        board.Apply(new CallAnswered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(2))); // redelivered late
        Assert.Equal(("Transferred", "Connected"), (board.Desk("a1").Call!.Status, board.Desk("a2").Call!.Status));
        board.Apply(new CallCompleted(CallA, "bank", "bank-fr", "a2", T0, T0.AddSeconds(16), T0.AddSeconds(60), 44, 5, "resolved"));
        Assert.Equal(("Transferred", "Completed"), (board.Desk("a1").Call!.Status, board.Desk("a2").Call!.Status));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ATransferThatFails_ShowsTheCallConnectedAgainOnTheFirstDesk_AndTheColleaguesOfferWithdrawn(bool failureBeforeAnswer)
    {
        var board = NewBoard();
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(1)));
        board.Apply(new CallAnswered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(2)));
        // The colleague was available: its offer has the transfer's very instant.
        board.Apply(new CallTransferred(CallA, "bank", "bank-fr", "bank-fr", "a1", T0, T0.AddSeconds(10)));
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a2", T0, T0.AddSeconds(10)));
        Assert.Equal(("Transferred", "Ringing"), (board.Desk("a1").Call!.Status, board.Desk("a2").Call!.Status));

        var failed = new CallTransferFailed(CallA, "bank", "bank-fr", "a1", "603", T0, T0.AddSeconds(10), T0.AddSeconds(11));
        var answered = new CallAnswered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(11));
        if (failureBeforeAnswer) { board.Apply(failed); board.Apply(answered); }
        else { board.Apply(answered); board.Apply(failed); }
        Assert.Equal(("Connected", "Withdrawn"), (board.Desk("a1").Call!.Status, board.Desk("a2").Call!.Status));
        Assert.Equal(T0.AddSeconds(11), board.Desk("a1").Call!.AnsweredAt);
    }

    [Fact]
    public void OlderStateChangeArrivingLate_DoesNotOverwriteTheNewerOne()
    {
        var board = NewBoard();
        board.Apply(new AgentStateChanged("a1", ["bank"], "NotReady", "lunch", null, T0.AddSeconds(5)));
        Assert.Empty(board.Apply(new AgentStateChanged("a1", ["bank"], "Available", null, null, T0)));
        Assert.Equal(("NotReady", "lunch", T0.AddSeconds(5)), (board.Desk("a1").State, board.Desk("a1").Reason, board.Desk("a1").Since));
    }

    [Fact]
    public void CompletionArrivingBeforeTheOffer_ShowsTheCompletedCallWithItsDisposition()
    {
        var board = NewBoard();
        board.Apply(new CallCompleted(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(10), T0.AddSeconds(70), 60, 5, "resolved"));
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(8)));
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(8))); // redelivered

        var call = board.Desk("a1").Call!;
        Assert.Equal(("Completed", "resolved", T0.AddSeconds(10), T0.AddSeconds(70), T0.AddSeconds(8)),
            (call.Status, call.Disposition, call.AnsweredAt, call.EndedAt, call.OfferedAt));
    }

    [Fact]
    public void CallerHashSeenBefore_MarksAReturningCaller()
    {
        var board = NewBoard();
        var first = Guid.NewGuid();
        board.Apply(new CallQueued(first, "bank", "bank-fr", "hash-1", 5, T0));
        board.Apply(new CallQueued(first, "bank", "bank-fr", "hash-1", 5, T0)); // redelivered: still one call
        board.Apply(new CallQueued(CallA, "bank", "bank-fr", "hash-1", 5, T0.AddMinutes(5)));
        board.Apply(new CallOffered(first, "bank", "bank-fr", "a1", T0, T0.AddSeconds(1)));
        Assert.False(board.Desk("a1").Call!.ReturningCaller);
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0.AddMinutes(5), T0.AddMinutes(5).AddSeconds(1)));
        Assert.True(board.Desk("a1").Call!.ReturningCaller);
        Assert.Equal(CallA, board.Desk("a1").Call!.CallId);
    }

    [Fact]
    public void CallerHashSeenOnlyByAnotherTenant_IsNotAReturningCaller()
    {
        var board = NewBoard();
        board.Apply(new CallQueued(Guid.NewGuid(), "bank", "bank-fr", "hash-1", 5, T0));
        board.Apply(new CallQueued(CallA, "telco", "telco-fr", "hash-1", 5, T0.AddMinutes(5)));
        board.Apply(new CallOffered(CallA, "telco", "telco-fr", "a1", T0.AddMinutes(5), T0.AddMinutes(5).AddSeconds(1)));
        Assert.Equal(CallA, board.Desk("a1").Call!.CallId);
        Assert.False(board.Desk("a1").Call!.ReturningCaller);
    }

    [Fact]
    public void CallerHangingUpWhileItRings_IsShownAbandoned()
    {
        var board = NewBoard();
        board.Apply(new CallOffered(CallA, "bank", "bank-fr", "a1", T0, T0.AddSeconds(1)));
        board.Apply(new AgentStateChanged("a1", ["bank"], "Reserved", null, CallA, T0.AddSeconds(1)));
        Assert.Equal(["a1"], board.Apply(new CallAbandoned(CallA, "bank", "bank-fr", T0, T0.AddSeconds(4))));
        Assert.Equal(("Abandoned", T0.AddSeconds(4)), (board.Desk("a1").Call!.Status, board.Desk("a1").Call!.EndedAt));
    }

    [Fact]
    public void AgentServingTwoClients_ShowsTheCallOnlyToItsOwnClientsGrid()
    {
        var board = NewBoard();
        board.Apply(new AgentStateChanged("a1", ["bank", "telco"], "Reserved", null, CallA, T0.AddSeconds(1)));
        board.Apply(new CallOffered(CallA, "telco", "telco-fr", "a1", T0, T0.AddSeconds(1)));

        var telco = Assert.Single(board.AgentsFor("telco"));
        Assert.Equal(("telco-fr", "Télécom (FR)", false), (telco.CallQueueId, telco.CallQueueName, telco.CallHidden));
        var bank = Assert.Single(board.AgentsFor("bank"));
        Assert.Equal(((string?)null, (string?)null, true), (bank.CallQueueId, bank.CallQueueName, bank.CallHidden));
        Assert.Equal("Reserved", bank.State);
    }

    [Fact]
    public void UnknownAgent_HasAnEmptyDeskMarkedAsNotYetSeen()
    {
        var desk = NewBoard().Desk("a1");
        Assert.Equal(("Karim", "LoggedOut", DateTimeOffset.MinValue, (AgentDeskCall?)null), (desk.AgentName, desk.State, desk.Since, desk.Call));
    }
}
