using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCentre.Simulator.Scenarios;

/// <summary>A simulation scenario as written in JSON (see docs/simulator.md). Read it with <see cref="ScenarioFile"/>, which
/// validates every field; the properties are nullable so that a missing field can be named in the error.</summary>
public sealed class Scenario
{
    /// <summary>Every random draw of the run comes from this seed.</summary>
    public int? Seed { get; set; }
    public double? DurationSeconds { get; set; }
    /// <summary>Calls that arrive before this instant are simulated but not counted.</summary>
    public double? WarmupSeconds { get; set; }
    public List<QueueSpec>? Queues { get; set; }
    public List<AgentGroupSpec>? Agents { get; set; }
    /// <summary>A trace: explicit calls, replayed as they are (in addition to any generated arrivals).</summary>
    public List<TraceCall>? Calls { get; set; }
    /// <summary>Agents on duty per time slice; absent means every agent is on duty all the time.</summary>
    public List<StaffingSlice>? Staffing { get; set; }
    /// <summary>Informational: what really happened, for a trace made from records (printed by <c>replay</c>).</summary>
    public ObservedDay? Observed { get; set; }
}

public sealed class QueueSpec
{
    public string? Id { get; set; }
    public string? Tenant { get; set; }
    public Dictionary<string, int>? RequiredSkills { get; set; }
    /// <summary>1 (lowest) to 10 (highest), as the engine takes it.</summary>
    public int? Priority { get; set; }
    public double? ArrivalsPerHour { get; set; }
    /// <summary>Multipliers of <see cref="ArrivalsPerHour"/> over equal slices of the run; absent means a constant rate.</summary>
    public List<double>? ArrivalProfile { get; set; }
    /// <summary>Talk time (the engine adds the agents' wrap-up after it).</summary>
    public DistributionSpec? HandleTime { get; set; }
    /// <summary>How long a caller waits before hanging up; null means never.</summary>
    public DistributionSpec? Patience { get; set; }
    public double? ServiceLevelThresholdSeconds { get; set; }
    /// <summary>How long an offer rings before it goes to another agent (the engine's offer timeout).</summary>
    public double? OfferTimeoutSeconds { get; set; }
}

public sealed class DistributionSpec
{
    /// <summary><c>exponential</c>, <c>lognormal</c> or <c>constant</c>.</summary>
    public string? Distribution { get; set; }
    public double? MeanSeconds { get; set; }
    /// <summary>Lognormal only: the standard deviation of the value (not of its logarithm).</summary>
    public double? SdSeconds { get; set; }
}

public sealed class AgentGroupSpec
{
    /// <summary>Names the group for staffing slices; agents are <c>name-001</c>, <c>name-002</c> … Default <c>g1</c>, <c>g2</c> ….</summary>
    public string? Name { get; set; }
    public int? Count { get; set; }
    public Dictionary<string, int>? Skills { get; set; }
    public double? WrapUpSeconds { get; set; }
    /// <summary>How long the phone rings before an agent answers normally.</summary>
    public double? RingSeconds { get; set; }
    public double? AnswerLateProbability { get; set; }
    public double? AnswerLateSeconds { get; set; }
    /// <summary>The agent lets the offer ring out (the engine hands the call to someone else at the offer timeout).</summary>
    public double? MissOfferProbability { get; set; }
    /// <summary>After the engine puts an agent NotReady for missed offers, the agent comes back this much later.</summary>
    public double? MissedRecoverySeconds { get; set; }
    public List<BreakSpec>? Breaks { get; set; }
}

/// <summary><see cref="Count"/> agents of the group go NotReady("break") from <see cref="FromSeconds"/> (after the call
/// they are on, if any). Successive breaks of a group take the next agents in turn.</summary>
public sealed class BreakSpec
{
    public int? Count { get; set; }
    public double? FromSeconds { get; set; }
    public double? DurationSeconds { get; set; }
}

public sealed class TraceCall
{
    public string? Queue { get; set; }
    public double? ArrivalSeconds { get; set; }
    public double? HandleSeconds { get; set; }
    /// <summary>Null: the caller never hangs up.</summary>
    public double? PatienceSeconds { get; set; }
}

public sealed class StaffingSlice
{
    public double? FromSeconds { get; set; }
    public List<StaffingEntry>? Agents { get; set; }
}

public sealed class StaffingEntry
{
    public string? Group { get; set; }
    public int? Count { get; set; }
}

/// <summary>What the records say happened on a replayed day.</summary>
public sealed class ObservedDay
{
    public string? Source { get; set; }
    public int Offered { get; set; }
    public int Answered { get; set; }
    public int Abandoned { get; set; }
    public int AnsweredWithinThreshold { get; set; }
    public double ThresholdSeconds { get; set; }
    /// <summary>The on-duty agents' service time over their time on duty (distinct servers per 30-minute slice).</summary>
    public double Occupancy { get; set; }
}

/// <summary>A scenario file failed to parse or validate; <see cref="Exception.Message"/> names every offending field.</summary>
public sealed class ScenarioException(IReadOnlyList<string> errors)
    : Exception("invalid scenario:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

public static class ScenarioFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ValidScenario Load(string path)
    {
        if (!File.Exists(path))
            throw new ScenarioException([$"scenario file not found: {path}"]);
        using var stream = File.OpenRead(path);
        return Parse(stream);
    }

    public static ValidScenario Parse(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Parse(stream);
    }

    public static ValidScenario Parse(Stream json)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<Scenario>(json, Json);
        }
        catch (JsonException e)
        {
            // e.Path names the field ($.queues[0].priority); the message says what was wrong with it.
            throw new ScenarioException([$"{e.Path ?? "$"}: {FirstSentence(e.Message)}"]);
        }
        if (scenario is null)
            throw new ScenarioException(["$: the file holds no scenario"]);
        return ScenarioValidator.Validate(scenario);
    }

    public static void Save(Scenario scenario, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(scenario, new JsonSerializerOptions(Json) { WriteIndented = true }));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
