using CallCentre.Telephony.Calls;
using CallCentre.Telephony.Kamailio;
using Dapper;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Tests;

/// <summary>What the module keeps of each SIP call for a restarted Kamailio, on SQLite and PostgreSQL.</summary>
public abstract class SipCallStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase>
    where TDatabase : CallCentre.Testing.TestDatabase<TelephonyModule>
{
    private readonly SipCallStore _store = new(db.Database, TimeProvider.System,
        new SipDialogSeal(Options.Create(new TelephonyOptions { SipSecret = "store-test-secret-0123" })));

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
        await _store.AddAsync(new SipCall(waiting, "lumiere-bank", "lumiere-banking-ar", Guid.NewGuid(), SipCallStore.Queued, null, "caller-tag-0"));
        var completed = await ConnectedAsync("agent02");
        Assert.True(await _store.MoveAsync(completed, SipCallStore.Connected, SipCallStore.Completed, "agent02", "agent02"));

        var inProgress = await _store.InProgressAsync();
        // The caller's tag lets a restarted Kamailio end the waiting call's media at rtpengine.
        Assert.Equal(new SipDialog(waiting, "lumiere-banking-ar", SipCallStore.Queued, null, "caller-tag-0", null, false, false),
            Assert.Single(inProgress, d => d.SipCallId == waiting));
        Assert.DoesNotContain(inProgress, d => d.SipCallId == completed);
        Assert.False(await _store.KeepDialogAsync("unknown@trunk", "a", "b", webRtc: false));
    }

    private static readonly SipDialogAddresses Addresses = new("sip:0612345678@192.0.2.10", "sip:33100000001@127.0.0.1:5060",
        "sip:0612345678@192.0.2.10:5070", "sip:192.0.2.10:5070;transport=udp", "sip:agent01@127.0.0.1:5062", "sip:127.0.0.1:5062;transport=udp", 1);

    private async Task<IDictionary<string, object>> RowAsync(string sipCallId) =>
        await db.Database.RunAsync(async (c, _) => (IDictionary<string, object>)await c.QuerySingleAsync("SELECT * FROM sip_call WHERE sip_call_id = @Id", new { Id = sipCallId }), default);

    [Fact]
    public async Task ConnectedCallsAddresses_AreSealed_NoColumnNamesTheCaller_AndTheRestoreGetsThemBack()
    {
        var sipCallId = await ConnectedAsync("agent01");
        Assert.True(await _store.KeepDialogAsync(sipCallId, "caller-tag-1", "phone-tag-1", webRtc: false, Addresses, callerCseq: 1, phoneCseq: 0));

        var row = await RowAsync(sipCallId);
        Assert.NotNull(row["dialog"]);
        Assert.All(row, column => Assert.DoesNotContain("612345678", Convert.ToString(column.Value) ?? "", StringComparison.Ordinal));
        var dialog = Assert.Single(await _store.InProgressAsync(), d => d.SipCallId == sipCallId);
        Assert.Equal((Addresses, 1L, 0L), (dialog.Addresses, dialog.CallerCseq, dialog.PhoneCseq));

        // Only upwards: a late event's older numbers change nothing.
        await _store.KeepCseqsAsync(sipCallId, 5, 2);
        await _store.KeepCseqsAsync(sipCallId, 3, null);
        dialog = Assert.Single(await _store.InProgressAsync(), d => d.SipCallId == sipCallId);
        Assert.Equal((5L, 2L), (dialog.CallerCseq, dialog.PhoneCseq));

        // Sealed to its own Call-ID: copied to another call's row, it does not open.
        var other = await ConnectedAsync("agent02");
        await db.Database.RunAsync((c, _) => c.ExecuteAsync("UPDATE sip_call SET dialog = @Dialog WHERE sip_call_id = @Id", new { Dialog = row["dialog"], Id = other }), default);
        Assert.Null(Assert.Single(await _store.InProgressAsync(), d => d.SipCallId == other).Addresses);

        Assert.True(await _store.MoveAsync(sipCallId, SipCallStore.Connected, SipCallStore.Completed, "agent01", "agent01"));
        Assert.Null((await RowAsync(sipCallId))["dialog"]);
    }

    [Fact]
    public async Task TransferredCallersNewCall_LeavesTheOldDialogsAddressesBehind()
    {
        var sipCallId = await ConnectedAsync("agent01");
        Assert.True(await _store.KeepDialogAsync(sipCallId, "caller-tag-1", "phone-tag-1", webRtc: false, Addresses));
        var target = "xfer-" + Guid.NewGuid().ToString("N");
        Assert.True(await _store.StartTransferAsync(sipCallId, "agent01", target, DateTimeOffset.UnixEpoch.AddSeconds(2)));
        Assert.NotNull((await RowAsync(target))["dialog"]);

        var newCall = Guid.NewGuid().ToString("N") + "@trunk";
        Assert.True(await _store.RenameAsync(target, newCall, "caller-tag-2"));
        Assert.Null((await RowAsync(newCall))["dialog"]);
        Assert.Equal("caller-tag-2", (await RowAsync(newCall))["caller_tag"]);
    }
}

public sealed class SqliteTelephonyDatabase() : CallCentre.Testing.SqliteTestDatabase<TelephonyModule>("Telephony");

public sealed class PostgresTelephonyDatabase() : CallCentre.Testing.PostgresTestDatabase<TelephonyModule>("Telephony");

public sealed class SqliteSipCallStoreTests(SqliteTelephonyDatabase db) : SipCallStoreTests<SqliteTelephonyDatabase>(db);

public sealed class PostgresSipCallStoreTests(PostgresTelephonyDatabase db) : SipCallStoreTests<PostgresTelephonyDatabase>(db);
