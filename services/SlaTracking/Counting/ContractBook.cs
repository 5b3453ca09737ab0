namespace CallCentre.SlaTracking.Counting;

/// <summary>A queue's latest version in force, else the tenant-wide one, else the queue's default (version 0).</summary>
public sealed class ContractBook
{
    private readonly Dictionary<string, SlaContract> _defaults;
    private readonly Dictionary<string, List<SlaContract>> _byQueue;
    private readonly List<SlaContract> _tenantWide;

    public ContractBook(IEnumerable<SlaContract> stored, IEnumerable<SlaContract> defaults)
    {
        _defaults = defaults.ToDictionary(d => d.QueueId ?? "", StringComparer.Ordinal);
        var all = stored.OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Version).ToList();
        _tenantWide = all.Where(c => c.QueueId is null).ToList();
        _byQueue = all.Where(c => c.QueueId is not null).GroupBy(c => c.QueueId!)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IEnumerable<DateTimeOffset> ChangesFor(string queueId) =>
        (_byQueue.TryGetValue(queueId, out var own) ? own : []).Concat(_tenantWide).Select(c => c.EffectiveFrom);

    public IEnumerable<SlaContract> All => _defaults.Values.Concat(_tenantWide).Concat(_byQueue.Values.SelectMany(v => v));

    public SlaContract For(string queueId, DateTimeOffset at)
    {
        if (_byQueue.TryGetValue(queueId, out var own) && Latest(own, at) is { } specific)
            return specific;
        if (Latest(_tenantWide, at) is { } tenantWide)
            return tenantWide;
        return _defaults.TryGetValue(queueId, out var fallback)
            ? fallback
            : throw new InvalidOperationException($"No contract and no default for queue '{queueId}'.");
    }

    private static SlaContract? Latest(List<SlaContract> versions, DateTimeOffset at)
    {
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
