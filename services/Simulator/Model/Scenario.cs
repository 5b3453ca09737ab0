using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCentre.Simulator.Scenarios;

/// <summary>Nullable so that a missing field can be named (docs/simulator.md).</summary>
public sealed class Scenario
{
    public int? Seed { get; set; }
    public double? DurationSeconds { get; set; }
    /// <summary>Simulated but not counted.</summary>
    public double? WarmupSeconds { get; set; }
    public List<QueueSpec>? Queues { get; set; }
    public List<AgentGroupSpec>? Agents { get; set; }
    /// <summary>Replayed as they are, in addition to any generated arrivals.</summary>
    public List<TraceCall>? Calls { get; set; }
    /// <summary>Absent: every agent is on duty all the time.</summary>
    public List<StaffingSlice>? Staffing { get; set; }
    /// <summary>Informational, printed by <c>replay</c>.</summary>
    public ObservedDay? Observed { get; set; }
}

public sealed class QueueSpec
{
    public string? Id { get; set; }
    public string? Tenant { get; set; }
    public Dictionary<string, int>? RequiredSkills { get; set; }
    /// <summary>1 (lowest) to 10 (highest).</summary>
    public int? Priority { get; set; }
    public double? ArrivalsPerHour { get; set; }
    /// <summary>Over equal slices of the run; absent means a constant rate.</summary>
    public List<double>? ArrivalProfile { get; set; }
    /// <summary>Talk time; the engine adds the wrap-up after it.</summary>
    public DistributionSpec? HandleTime { get; set; }
    /// <summary>Null means never.</summary>
    public DistributionSpec? Patience { get; set; }
    public double? ServiceLevelThresholdSeconds { get; set; }
    public double? OfferTimeoutSeconds { get; set; }
    public ContactTrafficSpec? Chat { get; set; }
    public ContactTrafficSpec? Email { get; set; }
    public ContactTrafficSpec? Messaging { get; set; }
    public CallbackOnWaitSpec? CallbackOnWait { get; set; }
}

public sealed class ContactTrafficSpec
{
    public double? ArrivalsPerHour { get; set; }
    /// <summary>From the agent's accept to the end of the contact.</summary>
    public DistributionSpec? HandleTime { get; set; }
    /// <summary>Null means never (an e-mail waits as long as it takes).</summary>
    public DistributionSpec? Patience { get; set; }
}

public sealed class CallbackOnWaitSpec
{
    public double? Share { get; set; }
    /// <summary>From the agent's accept to the customer's answer (or the give-up).</summary>
    public double? DialSeconds { get; set; }
    public double? ReachProbability { get; set; }
    public int? Attempts { get; set; }
    public double? SpacingSeconds { get; set; }
}

public sealed class DistributionSpec
{
    public string? Distribution { get; set; }
    public double? MeanSeconds { get; set; }
    public double? SdSeconds { get; set; }
}

public sealed class AgentGroupSpec
{
    /// <summary>Agents are <c>name-001</c>, <c>name-002</c> …; default <c>g1</c>, <c>g2</c> ….</summary>
    public string? Name { get; set; }
    public int? Count { get; set; }
    public Dictionary<string, int>? Skills { get; set; }
    public double? WrapUpSeconds { get; set; }
    public double? RingSeconds { get; set; }
    public double? AnswerLateProbability { get; set; }
    public double? AnswerLateSeconds { get; set; }
    public double? MissOfferProbability { get; set; }
    public double? MissedRecoverySeconds { get; set; }
    public List<BreakSpec>? Breaks { get; set; }
    /// <summary>Contacts of each kind held at once, as in the centre file; absent: one voice call.</summary>
    public Dictionary<string, int>? Capacity { get; set; }
    public bool? MixVoiceAndDigital { get; set; }
}

/// <summary>After the call they are on, if any; successive breaks of a group take the next agents in turn.</summary>
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

public sealed class ObservedDay
{
    public string? Source { get; set; }
    public int Offered { get; set; }
    public int Answered { get; set; }
    public int Abandoned { get; set; }
    public int AnsweredWithinThreshold { get; set; }
    public double ThresholdSeconds { get; set; }
    /// <summary>Distinct servers per 30-minute slice.</summary>
    public double Occupancy { get; set; }
}

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
