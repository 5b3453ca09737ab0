using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;

namespace CallCentre.Scheduling.Tests.Requirements;

public class StaffingRequirementsTests
{
    private static readonly DateTime Nine = new(2025, 3, 3, 9, 0, 0);
    private static readonly ServiceLevelTarget EightyTwenty = new(0.8, 20);

    private static QueueDemand Queue(string id, string group, double calls, double aht = 180, ServiceLevelTarget? target = null,
        double? patience = null) =>
        new(id, group, aht, target ?? EightyTwenty, patience, new Dictionary<DateTime, double> { [Nine] = calls });

    private static int ErlangCAgents(double erlangs, double aht, ServiceLevelTarget target) => ErlangC.AgentsNeeded(erlangs, aht, target)!.Value.Agents;

    [Fact]
    public void SingleQueue_PublishedErlangCCase()
    {
        var interval = StaffingRequirements.Compute([Queue("cards", "cards", 100)], 30).Intervals.Single();

        Assert.Equal((14, 14), (interval.PooledAgents, interval.PerQueueAgents));
    }

    [Fact]
    public void TwoQueuesSharingSkills_PooledNeedsFewerThanTheirSum()
    {
        var interval = StaffingRequirements.Compute([Queue("fr", "cards", 50), Queue("be", "cards", 50)], 30).Intervals.Single();

        Assert.Equal(ErlangCAgents(10, 180, EightyTwenty), interval.PooledAgents);
        Assert.Equal(2 * ErlangCAgents(5, 180, EightyTwenty), interval.PerQueueAgents);
        Assert.True(interval.PooledAgents < interval.PerQueueAgents);
        Assert.Equal(["be", "fr"], interval.Groups.Single().Queues.Select(q => q.QueueId).Order());
    }

    [Fact]
    public void QueuesInDifferentGroups_NotPooled()
    {
        var interval = StaffingRequirements.Compute([Queue("fr", "french", 50), Queue("nl", "dutch", 50)], 30).Intervals.Single();

        Assert.Equal(2 * ErlangCAgents(5, 180, EightyTwenty), interval.PooledAgents);
        Assert.Equal(interval.PerQueueAgents, interval.PooledAgents);
        Assert.Equal(2, interval.Groups.Count);
    }

    [Fact]
    public void DifferentHandleTimes_PooledOnCallWeightedAht()
    {
        // 60 calls × 120 s + 40 calls × 300 s = 19,200 s of work: 10.67 Erlangs at a pooled AHT of 192 s.
        var interval = StaffingRequirements.Compute([Queue("a", "g", 60, aht: 120), Queue("b", "g", 40, aht: 300)], 30).Intervals.Single();

        Assert.Equal(19_200.0 / 1800, interval.Groups.Single().Erlangs, 12);
        Assert.Equal(ErlangCAgents(19_200.0 / 1800, 192, EightyTwenty), interval.PooledAgents);
    }

    [Fact]
    public void DifferentContracts_GroupMeetsTheStricterOne()
    {
        var strict = new ServiceLevelTarget(0.9, 10);

        var interval = StaffingRequirements.Compute([Queue("a", "g", 50), Queue("b", "g", 50, target: strict)], 30).Intervals.Single();

        Assert.Equal(Math.Max(ErlangCAgents(10, 180, EightyTwenty), ErlangCAgents(10, 180, strict)), interval.PooledAgents);
        Assert.True(ErlangC.ServiceLevel(interval.PooledAgents, 10, 180, 10) >= 0.9);
        Assert.True(ErlangC.ServiceLevel(interval.PooledAgents - 1, 10, 180, 10) < 0.9);
    }

    [Fact]
    public void PatientCallers_ErlangA()
    {
        var interval = StaffingRequirements.Compute([Queue("a", "a", 100, patience: 120)], 30).Intervals.Single();

        Assert.Equal(12, interval.PooledAgents);   // the published Erlang A example: 2 fewer than Erlang C
    }

    [Fact]
    public void GroupWithAnImpatientlessMember_FallsBackToErlangC()
    {
        var interval = StaffingRequirements.Compute([Queue("a", "g", 50, patience: 120), Queue("b", "g", 50)], 30).Intervals.Single();

        Assert.Equal(ErlangCAgents(10, 180, EightyTwenty), interval.PooledAgents);
    }

    [Fact]
    public void QueueSilentInAnInterval_CountsAsNoCalls()
    {
        var later = Nine.AddMinutes(30);
        var a = new QueueDemand("a", "g", 180, EightyTwenty, null, new Dictionary<DateTime, double> { [Nine] = 50, [later] = 50 });
        var b = new QueueDemand("b", "g", 180, EightyTwenty, null, new Dictionary<DateTime, double> { [Nine] = 50 });

        var plan = StaffingRequirements.Compute([a, b], 30);

        Assert.Equal([Nine, later], plan.Intervals.Select(i => i.Start));
        Assert.Equal(ErlangCAgents(5, 180, EightyTwenty), plan.Intervals[1].PooledAgents);
        Assert.Equal(0, plan.Intervals[1].Groups.Single().Queues.Single(q => q.QueueId == "b").Agents);
    }

    [Fact]
    public void TrafficBeyondFiftyThousandAgents_ReportedUnreachable()
    {
        var plan = StaffingRequirements.Compute([Queue("huge", "huge", 1e9)], 30);

        Assert.Equal(new UnreachableTarget("huge", Nine), plan.Unreachable.Single());
    }
}
