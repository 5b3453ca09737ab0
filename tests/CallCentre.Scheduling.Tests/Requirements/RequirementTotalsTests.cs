using CallCentre.Scheduling.Erlang;
using CallCentre.Scheduling.Requirements;

namespace CallCentre.Scheduling.Tests.Requirements;

public class RequirementTotalsTests
{
    private static readonly DateTime Nine = new(2025, 3, 3, 9, 0, 0);
    private static readonly ServiceLevelTarget EightyTwenty = new(0.8, 20);

    private static QueueDemand Queue(string id, string group, params double[] calls) =>
        new(id, group, 180, EightyTwenty, null, calls.Select((c, i) => (Start: Nine.AddMinutes(30 * i), Calls: c)).ToDictionary(x => x.Start, x => x.Calls));

    [Fact]
    public void HandBuiltPlan_AgentHoursPerGroupAndQueue()
    {
        var plan = new RequirementsPlan(
        [
            new IntervalRequirement(Nine, 12, 14, [new GroupRequirement("cards", 10, 12, 14,
                [new QueueRequirement("fr", 50, 7), new QueueRequirement("be", 50, 7)])]),
            new IntervalRequirement(Nine.AddMinutes(30), 8, 10, [new GroupRequirement("cards", 6, 8, 10,
                [new QueueRequirement("fr", 30, 5), new QueueRequirement("be", 30, 5)])]),
        ], []);
        var demands = new[] { Queue("fr", "cards"), Queue("be", "cards"), Queue("lu", "cards") };

        var totals = RequirementTotals.Of(plan, demands, 30);

        Assert.Equal((10.0, 12.0), (totals.PooledAgentHours, totals.PerQueueAgentHours));
        Assert.Equal(new SkillGroupHours("cards", 10, 12), totals.Groups.Single());
        Assert.Equal([new QueueHours("fr", "cards", 80, 6), new QueueHours("be", "cards", 80, 6), new QueueHours("lu", "cards", 0, 0)], totals.Queues);
    }

    [Fact]
    public void RandomDemands_TotalsAddUpToThePlan()
    {
        var random = new Random(3);
        for (var n = 0; n < 40; n++)
        {
            var width = random.Next(2) == 0 ? 15 : 30;
            var demands = Enumerable.Range(0, random.Next(1, 6))
                .Select(q => Queue($"q{q}", $"g{random.Next(3)}", [.. Enumerable.Range(0, 8).Select(_ => Math.Round(random.NextDouble() * 120))]))
                .ToList();
            var plan = StaffingRequirements.Compute(demands, width);

            var totals = RequirementTotals.Of(plan, demands, width);

            Assert.Equal(totals.PooledAgentHours, totals.Groups.Sum(g => g.PooledAgentHours), 9);
            Assert.Equal(totals.PerQueueAgentHours, totals.Groups.Sum(g => g.PerQueueAgentHours), 9);
            Assert.Equal(totals.PerQueueAgentHours, totals.Queues.Sum(q => q.AgentHours), 9);
            Assert.Equal(demands.Sum(d => d.Calls.Values.Sum()), totals.Queues.Sum(q => q.Calls), 9);
            Assert.Equal(demands.Select(d => d.QueueId), totals.Queues.Select(q => q.QueueId));
            Assert.All(totals.Groups, g => Assert.True(g.PooledAgentHours <= g.PerQueueAgentHours + 1e-9, $"{g.SkillGroup} pools worse than apart"));
        }
    }

    [Fact]
    public void CanSchedule_FalseOnlyWhenTheHeadCountOverflows()
    {
        var plan = StaffingRequirements.Compute([Queue("fr", "cards", 100)], 30);

        Assert.True(RequirementTotals.CanSchedule(plan, 0.3));
        Assert.False(RequirementTotals.CanSchedule(plan, 1 - 1e-12));
        Assert.True(RequirementTotals.CanSchedule(new RequirementsPlan([], []), 1 - 1e-12));
    }
}
