using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

public sealed record CentreChange(long Version, QueueConfiguration? Queue, AgentDefinition? Agent, string? PasswordHash = null,
    TenantDefinition? Tenant = null);

/// <summary>Changes apply in any order (highest version wins); <see cref="Current"/>: an immutable snapshot.</summary>
public sealed class CentreCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _passwordHashes = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot;

    public CentreCatalog(CentreDefinition initial) => _snapshot = new Snapshot(initial);

    public CentreDefinition Current => _snapshot.Centre;

    public string AgentName(string agentId) => _snapshot.AgentNames.GetValueOrDefault(agentId, agentId);

    /// <summary>Raised while the catalog is locked: keep handlers short.</summary>
    public event Action<CentreChange>? Changed;

    /// <summary>Replays the sign-in hashes set so far first, atomically: a late subscriber misses none.</summary>
    public void Subscribe(Action<CentreChange> handler)
    {
        lock (_gate)
        {
            foreach (var (agentId, hash) in _passwordHashes)
                if (Current.Agents.FirstOrDefault(a => a.Id == agentId) is { } agent)
                    handler(new CentreChange(_versions.GetValueOrDefault("agent:" + agentId), null, agent, hash));
            Changed += handler;
        }
    }

    /// <summary>Invalid: the field errors. Older than what is applied: no error. Either way nothing applied.</summary>
    public Dictionary<string, string[]> ApplyQueue(QueueConfiguration queue, long version)
    {
        lock (_gate)
        {
            if (IsStale("queue:" + queue.Id, version))
                return [];
            var errors = CentreValidation.ValidateQueue(Current, queue);
            if (errors.Count > 0)
                return errors;
            var centre = Current;
            var queues = centre.Queues.Where(q => q.Id != queue.Id).Append(queue).ToList();
            Publish(new CentreDefinition(centre.Tenants, queues, centre.Agents), "queue:" + queue.Id, new CentreChange(version, queue, null));
            return errors;
        }
    }

    public Dictionary<string, string[]> ApplyAgent(AgentDefinition agent, long version, string? passwordHash = null)
    {
        lock (_gate)
        {
            if (IsStale("agent:" + agent.Id, version))
                return [];
            var errors = CentreValidation.ValidateAgent(agent);
            if (errors.Count > 0)
                return errors;
            var centre = Current;
            var agents = centre.Agents.Where(a => a.Id != agent.Id).Append(agent).ToList();
            if (passwordHash is not null)
                _passwordHashes[agent.Id] = passwordHash;
            Publish(new CentreDefinition(centre.Tenants, centre.Queues, agents), "agent:" + agent.Id, new CentreChange(version, null, agent, passwordHash));
            return errors;
        }
    }

    public Dictionary<string, string[]> ApplyCalendar(string tenantId, TenantCalendarConfiguration calendar, long version)
    {
        lock (_gate)
        {
            if (IsStale("calendar:" + tenantId, version))
                return [];
            var centre = Current;
            if (centre.FindTenant(tenantId) is not { } tenant)
                return new Dictionary<string, string[]> { ["tenantId"] = [$"There is no tenant '{tenantId}'."] };
            var errors = CentreValidation.ValidateCalendar(calendar);
            if (errors.Count > 0)
                return errors;
            var changed = tenant with { Calendar = calendar };
            var tenants = centre.Tenants.Select(t => t.Id == tenantId ? changed : t).ToList();
            Publish(new CentreDefinition(tenants, centre.Queues, centre.Agents), "calendar:" + tenantId, new CentreChange(version, null, null, Tenant: changed));
            return errors;
        }
    }

    public long VersionOf(string kind, string id)
    {
        lock (_gate)
            return _versions.GetValueOrDefault($"{kind}:{id}");
    }

    private bool IsStale(string key, long version) => _versions.TryGetValue(key, out var known) && known >= version;

    private void Publish(CentreDefinition centre, string key, CentreChange change)
    {
        _versions[key] = change.Version;
        _snapshot = new Snapshot(centre);
        Changed?.Invoke(change);
    }

    private sealed class Snapshot(CentreDefinition centre)
    {
        public CentreDefinition Centre { get; } = centre;
        public Dictionary<string, string> AgentNames { get; } = centre.Agents.ToDictionary(a => a.Id, a => a.Name, StringComparer.Ordinal);
    }
}
