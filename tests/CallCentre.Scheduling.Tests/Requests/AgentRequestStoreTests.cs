using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using CallCentre.Scheduling.Requests;
using CallCentre.Scheduling.Tests.Data;

namespace CallCentre.Scheduling.Tests.Requests;

/// <summary>Decisions, their audit and the schedule change in one transaction: the same tests on SQLite and PostgreSQL.</summary>
public abstract class AgentRequestStoreTests<TDatabase>(TDatabase db) : IClassFixture<TDatabase> where TDatabase : TestDatabase
{
    private static readonly DateOnly Day = new(2026, 12, 9);
    private static readonly DateTimeOffset T = new(2026, 12, 9, 8, 0, 0, TimeSpan.Zero);
    private ScheduleStore Schedules => new(db.Database);
    private AgentRequestStore Requests => new(db.Database);

    private static AgentDay Shift(string agent) => new(agent, Day, false, [new ScheduledActivity(ActivityKind.Work, T, T.AddHours(8))]);

    private async Task<AgentRequest> QueuedTimeOffAsync(string agent)
    {
        await Schedules.PublishAsync([Shift(agent)], "supervisor", T.AddDays(-7));
        var request = new AgentRequest(Guid.NewGuid(), AgentRequestKind.TimeOff, agent, T.AddHours(2), T.AddHours(4), null, null,
            AgentRequestStatus.Queued, "dentist", T.AddDays(-2));
        await Requests.CreateAsync(request, new RequestDecision(request.Id, T.AddDays(-2), RequestDecision.System, AgentRequestStatus.Queued,
            "1 agent short", null), null);
        return request;
    }

    private static Task<ScheduleChange?> TimeOff(AgentRequest r, Func<DateOnly, DateOnly, Task<IReadOnlyList<AgentDay>>> read) =>
        read(Day, Day).ContinueWith(t => (ScheduleChange?)ScheduleChange.TimeOff(r.AgentId, r.From, r.To, t.Result));

    private static RequestDecision Approval(Guid id) =>
        new(id, T.AddDays(-1), "supervisor", AgentRequestStatus.Approved, "cover found", null);

    [Fact]
    public async Task Approval_SentTwice_ChangesTheScheduleOnce_AndIsAuditedOnce()
    {
        var request = await QueuedTimeOffAsync("store-req-a");

        var first = await Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued], Approval(request.Id), null, TimeOff);
        var again = await Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued], Approval(request.Id), null, TimeOff);

        Assert.True(first.Changed);
        Assert.False(again.Changed);
        Assert.Equal(AgentRequestStatus.Approved, again.Request!.Status);
        var day = Assert.Single(await Schedules.ListAsync(Day, Day, "store-req-a"));
        Assert.Equal([(T, T.AddHours(2)), (T.AddHours(4), T.AddHours(8))], day.Activities.Select(a => (a.Start, a.End)));
        Assert.Equal([AgentRequestStatus.Queued, AgentRequestStatus.Approved], (await Requests.DecisionsAsync(request.Id)).Select(d => d.Outcome));
        var stored = (await Requests.GetAsync(request.Id))!;
        Assert.Equal(("supervisor", "cover found"), (stored.DecidedBy, stored.Reason));
    }

    [Fact]
    public async Task Approval_ThatFailsHalfWay_LeavesNothingWritten()
    {
        var request = await QueuedTimeOffAsync("store-req-b");

        // The schedule is rewritten and the request marked, then the audit line cannot be written (no reason): all roll back.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued],
            Approval(request.Id) with { Reason = null! }, null, TimeOff));

        Assert.Equal(AgentRequestStatus.Queued, (await Requests.GetAsync(request.Id))!.Status);
        Assert.Equal(Shift("store-req-b").Activities, Assert.Single(await Schedules.ListAsync(Day, Day, "store-req-b")).Activities);
        Assert.Single(await Requests.DecisionsAsync(request.Id));

        Assert.True((await Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued], Approval(request.Id), null, TimeOff)).Changed);
        Assert.Equal(2, Assert.Single(await Schedules.ListAsync(Day, Day, "store-req-b")).Activities.Count);
    }

    [Fact]
    public async Task Denial_AfterApproval_IsRefused_AndChangesNothing()
    {
        var request = await QueuedTimeOffAsync("store-req-c");
        await Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued], Approval(request.Id), null, TimeOff);

        var denial = await Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued, AgentRequestStatus.Offered],
            new RequestDecision(request.Id, T, "other-supervisor", AgentRequestStatus.Denied, "too late", null), null, null);

        Assert.False(denial.Changed);
        Assert.Equal(AgentRequestStatus.Approved, (await Requests.GetAsync(request.Id))!.Status);
        Assert.Equal(2, (await Requests.DecisionsAsync(request.Id)).Count);
    }

    [Fact]
    public async Task ConcurrentApprovals_OfOneRequest_WriteOnce()
    {
        var request = await QueuedTimeOffAsync("store-req-d");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Requests.TransitionAsync(request.Id, [AgentRequestStatus.Queued], Approval(request.Id), null, TimeOff)));

        Assert.Equal(1, results.Count(r => r.Changed));
        Assert.Equal(2, (await Requests.DecisionsAsync(request.Id)).Count);
        Assert.Equal(2, Assert.Single(await Schedules.ListAsync(Day, Day, "store-req-d")).Activities.Count);
    }

    [Fact]
    public async Task ListsAndOverlaps_ReadBackWhatWasStored()
    {
        var request = await QueuedTimeOffAsync("store-req-e");

        Assert.Contains(await Requests.ListAsync(AgentRequestStatus.Queued, ["store-req-e"]), r => r.Id == request.Id);
        Assert.Empty(await Requests.ListAsync(AgentRequestStatus.Queued, ["someone-else"]));
        Assert.Equal([request.Id], (await Requests.OverlappingAsync("store-req-e", T.AddHours(3), T.AddHours(5))).Select(r => r.Id));
        Assert.Empty(await Requests.OverlappingAsync("store-req-e", T.AddHours(4), T.AddHours(5)));
        var read = (await Requests.ListForAgentAsync("store-req-e")).Single();
        Assert.Equal((request.From, request.To, "dentist", AgentRequestKind.TimeOff), (read.From, read.To, read.Note, read.Kind));
    }
}

public sealed class SqliteAgentRequestStoreTests(SqliteTestDatabase db) : AgentRequestStoreTests<SqliteTestDatabase>(db);

public sealed class PostgresAgentRequestStoreTests(PostgresTestDatabase db) : AgentRequestStoreTests<PostgresTestDatabase>(db);
