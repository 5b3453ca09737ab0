using CallCentre.Telephony.Calls;

namespace CallCentre.Telephony.Tests;

/// <summary>What the module keeps of each SIP call for a restarted Kamailio, on SQLite and PostgreSQL.</summary>
public abstract class SipCallStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<TelephonyModule>
{
    private readonly SipCallStore _store = new(db.Database, TimeProvider.System);

    private async Task<string> ConnectedAsync(string agentId)
    {
        var sipCallId = Guid.NewGuid().ToString("N") + "@trunk";
        Assert.True(await _store.AddAsync(new SipCall(sipCallId, "lumiere-bank", "lumiere-banking-ar", Guid.NewGuid(), SipCallStore.Queued, null)));
        Assert.True(await _store.ClaimOfferAsync(sipCallId, agentId, DateTimeOffset.UnixEpoch.AddSeconds(1)));
        Assert.True(await _store.MoveAsync(sipCallId, SipCallStore.Ringing, SipCallStore.Connected, agentId, agentId));
        return sipCallId;
    }

    [Fact]
    public async Task ConnectedCall_IsInProgress_WithItsDialog()
    {
        var sipCallId = await ConnectedAsync("agent01");
        Assert.True(await _store.KeepDialogAsync(sipCallId, "caller-tag-1", "phone-tag-1", webRtc: true));
        await _store.SetHeldAsync(sipCallId, held: true);

        var dialog = Assert.Single(await _store.InProgressAsync(), d => d.SipCallId == sipCallId);
        Assert.Equal(new SipDialog(sipCallId, "lumiere-banking-ar", SipCallStore.Connected, "agent01", "caller-tag-1", "phone-tag-1", true, true), dialog);

        await _store.SetHeldAsync(sipCallId, held: false);
        Assert.False(Assert.Single(await _store.InProgressAsync(), d => d.SipCallId == sipCallId).Held);
    }

    [Fact]
    public async Task WaitingCall_IsInProgress_WithoutADialog_AndEndedCallsAreNot()
    {
        var waiting = Guid.NewGuid().ToString("N") + "@trunk";
        await _store.AddAsync(new SipCall(waiting, "lumiere-bank", "lumiere-banking-ar", Guid.NewGuid(), SipCallStore.Queued, null));
        var completed = await ConnectedAsync("agent02");
        Assert.True(await _store.MoveAsync(completed, SipCallStore.Connected, SipCallStore.Completed, "agent02", "agent02"));

        var inProgress = await _store.InProgressAsync();
        Assert.Equal(new SipDialog(waiting, "lumiere-banking-ar", SipCallStore.Queued, null, null, null, false, false),
            Assert.Single(inProgress, d => d.SipCallId == waiting));
        Assert.DoesNotContain(inProgress, d => d.SipCallId == completed);
        Assert.False(await _store.KeepDialogAsync("unknown@trunk", "a", "b", webRtc: false));
    }
}

public sealed class SqliteTelephonyDatabase() : CallCentre.Testing.SqliteTestDatabase<TelephonyModule>("Telephony");

public sealed class PostgresTelephonyDatabase() : CallCentre.Testing.PostgresTestDatabase<TelephonyModule>("Telephony");

public sealed class SqliteSipCallStoreTests(SqliteTelephonyDatabase db) : SipCallStoreTests<SqliteTelephonyDatabase>(db);

public sealed class PostgresSipCallStoreTests(PostgresTelephonyDatabase db) : SipCallStoreTests<PostgresTelephonyDatabase>(db);
