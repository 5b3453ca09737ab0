using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

/// <summary>What a report row, a bucket summary and a contract scope are counted by: a queue's contacts of one kind. A voice
/// line's id is the queue's id; another kind's adds <c>#kind</c> (ids never hold '#'), so voice data needs no rewriting.</summary>
public static class ReportLine
{
    public static string Of(string queueId, string kind) => kind == ContactKinds.Voice ? queueId : $"{queueId}#{kind}";

    public static (string QueueId, string Kind) Split(string line)
    {
        var hash = line.IndexOf('#');
        return hash < 0 ? (line, ContactKinds.Voice) : (line[..hash], line[(hash + 1)..]);
    }
}
