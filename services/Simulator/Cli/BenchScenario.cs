using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Cli;

/// <summary>About 90 % loaded, half the agents bilingual, 10 s of wrap-up (an engine tick per call).</summary>
public static class BenchScenario
{
    public static ValidScenario Build(int calls, int agents)
    {
        const double talk = 180, wrapUp = 10;
        var perSecond = 0.9 * agents / (talk + wrapUp);
        var duration = calls / perSecond;
        string[] languages = ["fr", "en", "de", "nl"];
        var queues = languages.Select((l, i) => new QueueSpec
        {
            Id = $"q-{l}", Tenant = $"t{i % 2 + 1}", RequiredSkills = new() { [l] = 1 }, Priority = 5 + i % 2,
            ArrivalsPerHour = perSecond * 3600 / languages.Length,
            HandleTime = new DistributionSpec { Distribution = "exponential", MeanSeconds = talk },
            Patience = new DistributionSpec { Distribution = "exponential", MeanSeconds = 300 },
        }).ToList();
        var groups = languages.Select((l, i) => new AgentGroupSpec
        {
            Name = $"{l}-{languages[(i + 1) % languages.Length]}",
            Count = agents / languages.Length + (i < agents % languages.Length ? 1 : 0),
            Skills = new() { [l] = 3, [languages[(i + 1) % languages.Length]] = i % 2 == 0 ? 2 : 1 },
            WrapUpSeconds = wrapUp,
        }).ToList();
        return ScenarioValidator.Validate(new Scenario
        {
            Seed = 7, DurationSeconds = duration, WarmupSeconds = 0, Queues = queues, Agents = groups,
        });
    }
}
