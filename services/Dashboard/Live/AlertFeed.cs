using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Contracts.Sla;
using CallCentre.Hosting.Centre;

namespace CallCentre.Dashboard.Live;

/// <summary>An alert seen twice (at-least-once delivery) is kept once.</summary>
public sealed class AlertFeed(CentreCatalog catalog)
{
    public const int PerTenant = 50;

    private readonly object _gate = new();
    private readonly Dictionary<string, List<WallboardAlert>> _byTenant = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<WallboardAlert> _new = [];

    public void Apply(SlaAtRisk e) => AddSla("sla-at-risk", e.TenantId, e.QueueId, e.ServiceLevel, e.TargetServiceLevel, e.At);
    public void Apply(SlaBreached e) => AddSla("sla-breached", e.TenantId, e.QueueId, e.ServiceLevel, e.TargetServiceLevel, e.At);
    public void Apply(SlaRecovered e) => AddSla("sla-recovered", e.TenantId, e.QueueId, e.ServiceLevel, e.TargetServiceLevel, e.At);

    public void Apply(AgentStateChanged e)
    {
        if (e.State != "NotReady" || e.Reason is not ("missed" or "rejected"))
            return;
        var kind = e.Reason == "missed" ? "offers-missed" : "offers-rejected";
        foreach (var tenant in e.TenantIds)
            Add(new WallboardAlert($"{kind}:{tenant}:{e.AgentId}:{e.ChangedAt.UtcTicks}", kind, tenant, null, null, e.AgentId,
                catalog.AgentName(e.AgentId), null, null, e.ChangedAt));
    }

    /// <summary>Shown to every tenant whose queues the agent serves.</summary>
    public void Apply(AdherenceExceptionRaised e)
    {
        var actual = e.ActualReason is null ? e.ActualState : $"{e.ActualState}:{e.ActualReason}";
        foreach (var tenant in e.TenantIds)
            Add(new WallboardAlert($"adherence-out:{tenant}:{e.AgentId}:{e.Since.UtcTicks}", "adherence-out", tenant, null, null, e.AgentId,
                catalog.AgentName(e.AgentId), null, null, e.At, e.ExpectedActivity, actual, e.OutForSeconds));
    }

    public void Apply(AdherenceExceptionCleared e)
    {
        foreach (var tenant in e.TenantIds)
            Add(new WallboardAlert($"adherence-back:{tenant}:{e.AgentId}:{e.Since.UtcTicks}", "adherence-back", tenant, null, null, e.AgentId,
                catalog.AgentName(e.AgentId), null, null, e.At, OutForSeconds: e.OutForSeconds));
    }

    public IReadOnlyList<WallboardAlert> ForTenants(IReadOnlyCollection<string> tenants)
    {
        lock (_gate)
            return tenants.SelectMany(t => _byTenant.GetValueOrDefault(t) ?? []).OrderByDescending(a => a.At).ToList();
    }

    public int EraseTenant(string tenantId)
    {
        lock (_gate)
        {
            if (!_byTenant.Remove(tenantId, out var list))
                return 0;
            foreach (var alert in list)
                _ids.Remove(alert.Id);
            _new.RemoveAll(a => a.TenantId == tenantId);
            return list.Count;
        }
    }

    public IReadOnlyList<WallboardAlert> TakeNew()
    {
        lock (_gate)
        {
            var taken = _new.ToList();
            _new.Clear();
            return taken;
        }
    }

    private void AddSla(string kind, string tenantId, string queueId, double serviceLevel, double target, DateTimeOffset at)
    {
        var queue = catalog.Current.FindQueue(queueId);
        if (queue is null || queue.TenantId != tenantId)
            return;
        Add(new WallboardAlert($"{kind}:{tenantId}:{queueId}:{at.UtcTicks}", kind, tenantId, queueId, queue.Name, null, null,
            serviceLevel, target, at));
    }

    private void Add(WallboardAlert alert)
    {
        alert = alert with { TimeZone = catalog.Current.FindTenant(alert.TenantId)?.TimeZone };
        lock (_gate)
        {
            if (!_ids.Add(alert.Id))
                return;
            if (!_byTenant.TryGetValue(alert.TenantId, out var list))
                _byTenant[alert.TenantId] = list = [];
            list.Add(alert);
            list.Sort((a, b) => b.At.CompareTo(a.At));
            if (list.Count > PerTenant)
            {
                foreach (var old in list.Skip(PerTenant))
                    _ids.Remove(old.Id);
                list.RemoveRange(PerTenant, list.Count - PerTenant);
            }
            _new.Add(alert);
        }
    }
}
