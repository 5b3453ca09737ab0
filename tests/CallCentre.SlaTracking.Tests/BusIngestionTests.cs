using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using CallCentre.Testing;
using NodaTime;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Routing's events published on the platform's bus reach the call records: twice and shuffled, the same report,
/// with every leg of a call (<see cref="CallLegEnded"/>) in its handle time.</summary>
public sealed class BusIngestionTests(LivePlatform platform) : IClassFixture<LivePlatform>
{
    private sealed class ConsumeCounter : IConsumeObserver
    {
        private int _consumed;
        private readonly object _gate = new();
        private (int Target, TaskCompletionSource Done)? _waiting;

        public Task WaitForAsync(int total)
        {
            lock (_gate)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_consumed >= total) done.SetResult();
                else _waiting = (total, done);
                return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        /// <summary>The count once it stopped moving: every consumer of the events (not only the records') has had them.</summary>
        public async Task<int> SettledAsync()
        {
            var last = -1;
            for (var stable = 0; stable < 10; await Task.Delay(100))
            {
                int now;
                lock (_gate) now = _consumed;
                stable = now == last ? stable + 1 : 0;
                last = now;
            }
            return last;
        }

        public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
        public Task PostConsume<T>(ConsumeContext<T> context) where T : class
        {
            if (context.Message is not (CallQueued or CallAnswered or CallAbandoned or CallOverflowed or CallRejected or CallLegEnded))
                return Task.CompletedTask;
            lock (_gate)
            {
                _consumed++;
                if (_waiting is { } w && _consumed >= w.Target)
                    w.Done.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task SameEventsPublishedTwiceAndShuffled_GiveTheSameReport()
    {
        const string tenant = "helvet-telecom";
        var t = Utc(2026, 11, 10, 8, 0);
        var events = new List<object>();
        for (var i = 0; i < 12; i++)
        {
            var id = Guid.NewGuid();
            var at = t.AddMinutes(i * 7);
            var queue = i % 2 == 0 ? "helvet-support-fr" : "helvet-support-de";
            events.Add(new CallQueued(id, tenant, queue, "hash", 5, at));
            switch (i % 4)
            {
                case 0:
                    events.Add(new CallAbandoned(id, tenant, queue, at, at.AddSeconds(12 + i)));
                    break;
                case 1:
                    events.Add(new CallOverflowed(id, tenant, queue, "helvet-support-en", "max-wait", at, at.AddSeconds(30)));
                    events.Add(new CallAnswered(id, tenant, "helvet-support-en", "agent05", at, at.AddSeconds(35)));
                    events.Add(new CallLegEnded(id, tenant, "helvet-support-en", "agent05", at, at.AddSeconds(35), at.AddSeconds(95),
                        CallLegEnd.Completed, 60, 0, 2, null));
                    // agent05 is Available after 2 s of the 5 s wrap-up
                    break;
                case 2:
                    events.Add(new CallRejected(id, tenant, queue, "full", at, at));
                    break;
                default:
                    events.Add(new CallAnswered(id, tenant, queue, "agent06", at, at.AddSeconds(i)));
                    events.Add(new CallLegEnded(id, tenant, queue, "agent06", at, at.AddSeconds(i), at.AddSeconds(i + 40),
                        CallLegEnd.Transferred, 40, 0, 1, null));
                    events.Add(new CallAnswered(id, tenant, "helvet-support-en", "agent07", at, at.AddSeconds(i + 50)));
                    events.Add(new CallLegEnded(id, tenant, "helvet-support-en", "agent07", at, at.AddSeconds(i + 50), at.AddSeconds(i + 80),
                        CallLegEnd.Completed, 30, 0, 4, null));
                    break;
            }
        }
        var counter = new ConsumeCounter();
        var bus = platform.Services.GetRequiredService<IBus>();
        using var _ = bus.ConnectConsumeObserver(counter);

        foreach (var e in events)
            await bus.Publish(e);
        // Other consumers (the webhooks') take the same events: the records are complete when the report says so.
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            var report = (await ReportAsync(tenant)).Report;
            var fr = report.Rows.Single(r => r.QueueId == "helvet-support-fr").Figures;
            var de = report.Rows.Single(r => r.QueueId == "helvet-support-de").Figures;
            return (fr.Offered, fr.Abandoned, fr.Rejected, de.Offered, de.Answered, de.Transfers, de.Completed) == (6, 3, 3, 6, 6, 3, 6) ? "" : null;
        }, "every event of the first round recorded");
        var firstRound = await counter.SettledAsync();
        var once = await ReportAsync(tenant);
        foreach (var e in Shuffled(events, 11))
            await bus.Publish(e);
        await counter.WaitForAsync(2 * firstRound);
        await counter.SettledAsync();
        var twice = await ReportAsync(tenant);

        Assert.Equal(once.Json, twice.Json);
        var fr = once.Report.Rows.Single(r => r.QueueId == "helvet-support-fr").Figures;
        var de = once.Report.Rows.Single(r => r.QueueId == "helvet-support-de").Figures;
        // fr: calls 0, 2, 4, 6, 8, 10 → abandons (0, 4, 8) and rejections (2, 6, 10); de: calls 1, 5, 9 overflowed, 3, 7, 11 transferred.
        Assert.Equal((6L, 3L, 3L, 0L), (fr.Offered, fr.Abandoned, fr.Rejected, fr.Answered));
        Assert.Equal((6L, 6L, 3L), (de.Offered, de.Answered, de.Transfers));
        // de's handle times: 60 s talk + 2 s wrap-up (calls 1, 5, 9); 40 s first leg + 1 s + 30 s + 4 s (calls 3, 7, 11).
        Assert.Equal((3 * 62 + 3 * 75) / 6.0, de.AverageHandleSeconds!.Value, 6);
        Assert.Equal(0L, once.Report.Rows.Single(r => r.QueueId == "helvet-support-en").Figures.Offered);
    }

    [Fact]
    public async Task ACallbacksDialsAndAnEmailsAnswer_AreRecordedWithTheirFirstDialAndBusinessWait()
    {
        const string tenant = "helvet-telecom", queue = "helvet-support-fr";
        var t = Utc(2026, 11, 17, 8, 0); // 09:00 in Zurich, a Tuesday
        var callback = Guid.NewGuid();
        var email = Guid.NewGuid();
        object[] events =
        [
            new CallQueued(callback, tenant, queue, "hash", 5, t),
            new CallbackDialRequested(callback, tenant, queue, "agent05", 2, t, t.AddMinutes(9)),
            new CallbackDialRequested(callback, tenant, queue, "agent05", 1, t, t.AddMinutes(4)),
            new CallAbandoned(callback, tenant, queue, t, t.AddMinutes(20)) { Kind = ContactKinds.Callback },
            new CallQueued(email, tenant, queue, "hash", 5, t) { Kind = ContactKinds.Email },
            // 11:00 the next day in Zurich: the 9 business hours of Tuesday and 2 of Wednesday.
            new CallAnswered(email, tenant, queue, "agent06", t, t.AddHours(26)) { Kind = ContactKinds.Email },
        ];
        var bus = platform.Services.GetRequiredService<IBus>();
        foreach (var e in events)
            await bus.Publish(e);

        var store = platform.Services.GetRequiredService<CallRecordStore>();
        var records = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var stored = await store.ListAsync(tenant, queue, t, t.AddMinutes(1)).ToListAsync();
            return stored.Any(r => r.CallId == callback && r.AbandonedAt is not null && r.FirstDialAt == t.AddMinutes(4))
                   && stored.Any(r => r.CallId == email && r.AnsweredAt is not null) ? stored : null;
        }, "the callback's and the e-mail's records");
        var dialled = records.Single(r => r.CallId == callback);
        var answered = records.Single(r => r.CallId == email);
        Assert.Equal((ContactKinds.Callback, t.AddMinutes(4)), (dialled.Kind, dialled.FirstDialAt!.Value));
        Assert.Equal((ContactKinds.Email, 11 * 3_600_000L), (answered.Kind, answered.AnsweredBusinessMilliseconds!.Value));
    }

    private async Task<(SlaReport Report, string Json)> ReportAsync(string tenantId)
    {
        var tenant = platform.Services.GetRequiredService<CentreDefinition>().FindTenant(tenantId)!;
        var report = await platform.Services.GetRequiredService<ReportService>().BuildAsync(tenant,
            new ReportQuery(tenantId, new LocalDate(2026, 11, 10), new LocalDate(2026, 11, 10), Granularity.Day), "en");
        return (report, JsonSerializer.Serialize(new { report.Rows, report.Compliance }));
    }
}
