using CallCentre.Contracts.Routing;

namespace CallCentre.SlaTracking.Counting;

/// <summary>For a line (<see cref="ReportLine"/>): the queue's latest version of that kind in force, else the tenant-wide one of
/// that kind; a kind other than voice with neither is counted like the queue's calls; voice falls back to the queue's default.</summary>
public sealed class ContractBook
{
    private readonly Dictionary<string, SlaContract> _defaults;
    private readonly Dictionary<string, List<SlaContract>> _byLine;

    public ContractBook(IEnumerable<SlaContract> stored, IEnumerable<SlaContract> defaults)
    {
        _defaults = defaults.ToDictionary(d => d.QueueId ?? "", StringComparer.Ordinal);
        _byLine = stored.OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Version).GroupBy(c => c.Line)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IEnumerable<DateTimeOffset> ChangesFor(string line)
    {
        var (queueId, kind) = ReportLine.Split(line);
        var scopes = new List<string> { line, ReportLine.Of("", kind) };
        if (kind != ContactKinds.Voice)
            scopes.AddRange([queueId, ""]);
        return scopes.SelectMany(s => _byLine.TryGetValue(s, out var versions) ? versions : []).Select(c => c.EffectiveFrom);
    }

    public IEnumerable<SlaContract> All => _defaults.Values.Concat(_byLine.Values.SelectMany(v => v));

    public SlaContract For(string line, DateTimeOffset at)
    {
        var (queueId, kind) = ReportLine.Split(line);
        if ((Latest(line, at) ?? Latest(ReportLine.Of("", kind), at)) is { } found)
            return found;
        if (kind != ContactKinds.Voice)
            return For(queueId, at);
        return _defaults.TryGetValue(queueId, out var fallback)
            ? fallback
            : throw new InvalidOperationException($"No contract and no default for queue '{queueId}'.");
    }

    private SlaContract? Latest(string scope, DateTimeOffset at)
    {
        if (!_byLine.TryGetValue(scope, out var versions))
            return null;
        SlaContract? found = null;
        foreach (var v in versions)
        {
            if (v.EffectiveFrom > at)
                break;
            found = v;
        }
        return found;
    }
}
