using System.Net.Http.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Sla;
using CallCentre.Telephony.Calls;
using CallCentre.Telephony.Kamailio;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.Telephony.Tests;

/// <summary>Kamailio killed and started again while calls are in progress: the module gives each call back on reconnecting.</summary>
public sealed partial class SipCallTests
{
    private int KamailioLogCount(string what) => ReadShared(edge.KamailioLog).Split(what).Length - 1;

    private static async Task<QueueServiceLevelUpdated> TodayAsync(EmbeddedPlatform platform, int calls)
    {
        using var admin = await platform.HttpAs("admin");
        return await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<QueueServiceLevelUpdated>>("/api/sla/tenants/lumiere-bank/today"))!
                .SingleOrDefault(q => q.QueueId == QueueId && q.Answered + q.Abandoned == calls), $"SlaTracking to count {calls} call(s)");
    }

    [Fact]
    public async Task KamailioRestartedInTheMiddleOfACall_TheCallersByeCompletesItOnce()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        await SignInAsync(platform, "agent01");
        var (phonePort, phoneMedia, callerMedia) = (SipEdge.FreePort(), SipEdge.FreePort(), SipEdge.FreePort());
        await RegisterAsync(platform, "agent01", phonePort);
        await using var phone = Phone("agent_answer.xml", phonePort, phoneMedia);
        const int talkSeconds = 14;
        await using var caller = Caller("caller.xml", callerMedia, pauseMs: talkSeconds * 1000, audioSeconds: talkSeconds);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallAnswered>().FirstOrDefault()),
            "agent01 to answer the call", TimeSpan.FromSeconds(40));
        var answeredAt = DateTime.UtcNow;
        var restoredBefore = KamailioLogCount("restored: answered by agent01");

        await edge.RestartKamailioAsync();
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("restored: answered by agent01") > restoredBefore ? "restored" : null),
            "the module to give the call back to the restarted Kamailio", TimeSpan.FromSeconds(15));
        Assert.False(caller.Exited, $"Kamailio took {(DateTime.UtcNow - answeredAt).TotalSeconds:0.0} s to restart and get the call back, longer than the call");

        await caller.SucceedsAsync(TimeSpan.FromSeconds(40), "the caller", () => Diagnostics(platform));
        await phone.SucceedsAsync(TimeSpan.FromSeconds(10), "agent01's phone");
        var completed = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallCompleted>().FirstOrDefault()), "the caller's BYE to complete the call in Routing");
        Assert.Equal("agent01", completed.AgentId);
        Assert.InRange(completed.TalkSeconds, talkSeconds - 3.0, talkSeconds + 4.0);
        var figures = await TodayAsync(platform, 1);
        Assert.Equal((1, 1, 0), (figures.Offered, figures.Answered, figures.Abandoned));
        Assert.Single(platform.Published.OfType<CallCompleted>());
        Assert.Empty(platform.Published.OfType<CallAbandoned>());

        // The phone echoes what reaches it: most of the caller's 50 packets a second went both ways, after the restart too.
        var (fromCaller, fromPhone) = (edge.PacketsFrom(callerMedia), edge.PacketsFrom(phoneMedia));
        Assert.True(fromCaller >= talkSeconds * 40, $"rtpengine received {fromCaller} RTP packets from the caller");
        Assert.True(fromPhone >= talkSeconds * 40, $"rtpengine received {fromPhone} RTP packets from the phone (its echo)");

        // The caller's BYE, sent to the restarted Kamailio, reaches the phone from the queue as the ring did.
        var seen = phone.Messages();
        Assert.Matches($"BYE sip:[^\\n]*\\n(?:[^\\n]+\\n)*?From: \"{QueueId}\" <sip:{QueueId}@", seen);
        Assert.DoesNotContain("612345678", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("Caller", seen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KamailioRestartedWhileACallerWaits_IsOneAbandonInRouting()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        // No agent signed in: the caller waits with the queue's music.
        await using var caller = Caller("caller.xml", SipEdge.FreePort(), pauseMs: 1000);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallQueued>().FirstOrDefault()),
            "the call to wait in the queue", TimeSpan.FromSeconds(40));

        await edge.RestartKamailioAsync();

        var abandoned = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallAbandoned>().FirstOrDefault()), "the lost waiting call to be abandoned in Routing");
        Assert.Equal(Single<CallQueued>(platform).CallId, abandoned.CallId);
        var figures = await TodayAsync(platform, 1);
        Assert.Equal((1, 0, 1), (figures.Offered, figures.Answered, figures.Abandoned));
        // Every later connection tells Kamailio of the calls in progress again: the abandoned call is not among them.
        var connections = KamailioLogCount("control connection from");
        await edge.RestartKamailioAsync();
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("control connection from") > connections
            && platform.Services.GetRequiredService<KamailioControl>().Connected ? "connected" : null), "the module to connect again");
        Assert.Empty(await platform.Services.GetRequiredService<SipCallStore>().InProgressAsync());
        Assert.Single(platform.Published.OfType<CallAbandoned>());
    }

    [Fact]
    public async Task KamailioRestartedWhileAPhoneRings_ItsLateAnswerReachesNobody_AndTheMusicStops()
    {
        using var platform = await PlatformAsync("routing,telephony,slatracking");
        await SignInAsync(platform, "agent01");
        var phonePort = SipEdge.FreePort();
        await RegisterAsync(platform, "agent01", phonePort);
        // The phone answers 6 s into its ring (the edge gives it 4 s before the restart): after Kamailio has come back.
        await using var phone = Phone("agent_answer.xml", phonePort, SipEdge.FreePort(), answerAfterMs: 6000);
        using var ear = new CallerEar();
        await using var caller = ListeningCaller(ear, pauseMs: 1000);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(platform.Published.OfType<CallOffered>().FirstOrDefault()),
            "agent01's phone to ring", TimeSpan.FromSeconds(40));
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(phone.Messages().Contains("INVITE sip:", StringComparison.Ordinal) ? "rung" : null),
            "the INVITE to reach agent01's phone");

        await edge.RestartKamailioAsync();
        var abandoned = await TestInfrastructure.EventuallyAsync(() =>
            Task.FromResult(platform.Published.OfType<CallAbandoned>().FirstOrDefault()), "the lost ringing call to be abandoned in Routing");
        var lostAt = DateTime.UtcNow;
        // The phone sends its 200 OK again until an ACK comes: its retransmissions are dropped too.
        await Explained(TestInfrastructure.EventuallyAsync(() => Task.FromResult(KamailioLogCount("answer of a call lost in a restart dropped") >= 3 ? "dropped" : null),
            "the phone's late 200 OK and two retransmissions to reach the restarted Kamailio", TimeSpan.FromSeconds(20)), () => phone.Messages() + Diagnostics(platform));
        var listened = DateTime.UtcNow - lostAt.AddSeconds(1);
        Assert.True(listened >= TimeSpan.FromSeconds(1), $"the caller's ear listened only {listened.TotalSeconds:0.0} s after the abandon");

        Assert.Equal(Single<CallOffered>(platform).CallId, abandoned.CallId);
        Assert.Empty(platform.Published.OfType<CallAnswered>());
        Assert.DoesNotMatch(@"SIP/2\.0 200 OK[^\n]*\n(?:[^\n]+\n)*?CSeq: 1 INVITE", caller.Messages());
        // rtpengine's session for the lost call is gone: neither music nor the phone reaches the caller any more.
        var heard = ear.Between(lostAt.AddSeconds(1), DateTime.MaxValue);
        Assert.True(heard.Count < 10, $"the caller heard {heard.Count} packets in {listened.TotalSeconds:0.0} s after the call was lost");
        var figures = await TodayAsync(platform, 1);
        Assert.Equal((1, 0, 1), (figures.Offered, figures.Answered, figures.Abandoned));
    }
}
