using CallCentre.Contracts.Routing;
using CallCentre.Telephony.Kamailio;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Telephony.Tests;

/// <summary>The phones' registrations live in Kamailio's SQLite file: a phone registered once is rung after a Kamailio restart.</summary>
public sealed partial class SipCallTests
{
    private sealed record Registration(string Contact, string CallId, long CSeq, string Ruid);

    private Registration[] Registrations(string agentId)
    {
        using var db = new SqliteConnection($"Data Source={edge.LocationDatabase};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT contact, callid, cseq, ruid FROM location WHERE username = $agent";
        query.Parameters.AddWithValue("$agent", agentId);
        using var rows = query.ExecuteReader();
        var found = new List<Registration>();
        while (rows.Read())
            found.Add(new Registration(rows.GetString(0), rows.GetString(1), rows.GetInt64(2), rows.GetString(3)));
        return [.. found];
    }

    private async Task KamailioRestartedAsync(EmbeddedPlatform platform, Action? whileDown = null)
    {
        var connections = KamailioLogCount("control connection from");
        await edge.RestartKamailioAsync(whileDown);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("control connection from") > connections
            && platform.Services.GetRequiredService<KamailioControl>().Connected ? "connected" : null), "the module to connect to the restarted Kamailio");
    }

    [Fact]
    public async Task PhoneRegisteredBeforeAKamailioRestart_RingsAfterIt_WithoutRegisteringAgain()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var (phonePort, phoneMedia, callerMedia) = (SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", phonePort);
        var registered = Assert.Single(Registrations("agent01"));
        Assert.Contains($":{phonePort}", registered.Contact, StringComparison.Ordinal);

        await KamailioRestartedAsync(platform);
        await using var phone = Phone("agent_answer.xml", phonePort, phoneMedia);
        await using var caller = Caller("caller.xml", callerMedia, pauseMs: 4000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the call to complete in Routing");
        Assert.Equal("agent01", completed.AgentId);
        Assert.Equal("agent01", Single<CallAnswered>(platform).AgentId);
        var (fromCaller, fromPhone) = (edge.PacketsFrom(callerMedia), edge.PacketsFrom(phoneMedia));
        Assert.True(fromCaller >= 80, $"rtpengine received {fromCaller} RTP packets from the caller");
        Assert.True(fromPhone >= 80, $"rtpengine received {fromPhone} RTP packets from the phone (its echo)");
        // The registration Kamailio rang is the one made before the restart: a new REGISTER would have a new CSeq or Call-ID.
        Assert.Equal(registered, Assert.Single(Registrations("agent01")));
        Assert.DoesNotContain("REGISTER", phone.Messages(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PhoneWhoseRegistrationExpiredWhileKamailioWasDown_IsNotRung_TheOfferFailsAtOnce()
    {
        using var platform = await PlatformAsync();
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort());

        // The edge was down past the registration's end (SQLite keeps usrloc's times as Julian days).
        await KamailioRestartedAsync(platform, () =>
        {
            using var db = new SqliteConnection($"Data Source={edge.LocationDatabase};Pooling=False");
            db.Open();
            using var expire = db.CreateCommand();
            expire.CommandText = "UPDATE location SET expires = julianday('now', '-1 minute') WHERE username = 'agent01'";
            Assert.Equal(1, expire.ExecuteNonQuery());
        });
        await using var caller = Caller("caller_cancel.xml", SipEdge.FreePort(), pauseMs: 3000);

        await caller.SucceedsAsync(TimeSpan.FromSeconds(30), "the caller who gives up", () => Diagnostics(platform));
        var offered = platform.Published.OfType<CallOffered>().First();
        var returned = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallOfferReturned>().FirstOrDefault()), "agent01's offer to fail");
        Assert.Equal(("agent01", offered.OfferedAt), (returned.AgentId, returned.OfferedAt));
        // Not rung: the offer fails within the phone's ring time, as for a phone that never registered.
        Assert.True(returned.ReturnedAt - offered.OfferedAt < TimeSpan.FromSeconds(2), $"the offer came back after {returned.ReturnedAt - offered.OfferedAt}");
        Assert.Contains(platform.Logs.Lines, l => l.Contains("did not take it (404)", StringComparison.Ordinal));
        Assert.DoesNotContain("INVITE", phone.Messages(), StringComparison.Ordinal);
        Assert.Empty(platform.Published.OfType<CallAnswered>());
        await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallAbandoned>().FirstOrDefault()), "the caller's cancel to abandon the call");
    }
}
