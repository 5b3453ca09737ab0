using CallCentre.Contracts.Routing;
using CallCentre.Hosting.Centre;
using CallCentre.Routing.Engine;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Live;

/// <summary>The demo scenario (<c>scenarios/demo.json</c>) as the demo traffic plays it, every duration scaled so that a call's
/// mean talk is <c>Simulator:MeanTalkSeconds</c>.</summary>
internal sealed class DemoDay
{
    public static readonly DemoDay None = new(null, 1);

    private static readonly string[] PostedKinds = [ContactKinds.Chat, ContactKinds.Email, ContactKinds.Messaging];

    private readonly Dictionary<string, ValidQueue> _queues;
    private readonly double _callsPerHour;

    public sealed record ContactStream(string QueueId, string Kind, double PerMinute, ValidContactTraffic Traffic);

    public DemoDay(ValidScenario? scenario, double meanTalkSeconds)
    {
        _queues = scenario?.Queues.ToDictionary(q => q.Id, StringComparer.Ordinal) ?? new Dictionary<string, ValidQueue>(StringComparer.Ordinal);
        var voice = _queues.Values.Where(q => q.HandleTime is not null && q.ArrivalsPerHour > 0).ToList();
        _callsPerHour = voice.Sum(q => q.ArrivalsPerHour);
        TimeScale = _callsPerHour > 0 ? meanTalkSeconds / (voice.Sum(q => q.ArrivalsPerHour * q.HandleTime!.Mean) / _callsPerHour) : 1;
        var profile = scenario?.Queues.Select(q => q.ArrivalProfile).FirstOrDefault(p => p is { Count: > 0 });
        var mean = profile?.Average() ?? 0;
        Profile = profile is null || mean <= 0 ? [] : [.. profile.Select(m => m / mean)];
    }

    public double TimeScale { get; }

    public double[] Profile { get; }

    public ValidQueue? Queue(string id) => _queues.GetValueOrDefault(id);

    public ValidContactTraffic? Traffic(string queueId, string kind) => Queue(queueId) is not { } q ? null : kind switch
    {
        ContactKinds.Chat => q.Chat,
        ContactKinds.Email => q.Email,
        ContactKinds.Messaging => q.Messaging,
        _ => null,
    };

    public double[] QueueWeights(CentreDefinition centre)
    {
        var weights = centre.Queues.Select(q => Queue(q.Id)?.ArrivalsPerHour ?? 0).ToArray();
        return weights.Sum() > 0 ? weights : [.. centre.Queues.Select(_ => 1.0)];
    }

    /// <summary>In the file's ratio to its calls, to the queues one of the centre's agents with room for the kind can serve.</summary>
    public IReadOnlyList<ContactStream> ContactStreams(CentreDefinition centre, double callsPerMinute) =>
        _callsPerHour <= 0
            ? []
            : [.. centre.Queues.SelectMany(q => PostedKinds
                .Select(kind => (kind, traffic: Traffic(q.Id, kind)))
                .Where(x => x.traffic is { ArrivalsPerHour: > 0 } && centre.Agents.Any(a =>
                    a.Capacity?.GetValueOrDefault(x.kind) > 0 && new RoutingAgent(a.Id, a.Skills).Satisfies(q.RequiredSkills)))
                .Select(x => new ContactStream(q.Id, x.kind, x.traffic!.ArrivalsPerHour / _callsPerHour * callsPerMinute, x.traffic)))];
}
