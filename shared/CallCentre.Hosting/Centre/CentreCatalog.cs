using CallCentre.Contracts.Routing;

namespace CallCentre.Hosting.Centre;

/// <summary>A queue or an agent created or changed at run time, at <paramref name="Version"/> of the centre's change log.
/// <paramref name="PasswordHash"/> is an agent's new embedded sign-in hash, if it got one.</summary>
public sealed record CentreChange(long Version, QueueConfiguration? Queue, AgentDefinition? Agent, string? PasswordHash = null);

/// <summary>The centre as this process knows it now: the centre file, then the queue and agent changes an administrator
/// made through Routing, applied in any order (each item keeps the highest version it has seen; older or repeated
/// changes are ignored). Readers take <see cref="Current"/>, an immutable snapshot swapped atomically on every change.</summary>
public sealed class CentreCatalog
{
    private readonly object _gate = new();
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _passwordHashes = new(StringComparer.Ordinal);
    private volatile Snapshot _snapshot;

    public CentreCatalog(CentreDefinition initial) => _snapshot = new Snapshot(initial);

    public CentreDefinition Current => _snapshot.Centre;

    /// <summary>An agent's display name, or its id when the agent is unknown (a dictionary lookup, for hot paths).</summary>
    public string AgentName(string agentId) => _snapshot.AgentNames.GetValueOrDefault(agentId, agentId);

    /// <summary>Raised after each applied change, in version order per item, while the catalog is locked: keep handlers short.</summary>
    public event Action<CentreChange>? Changed;

    /// <summary>Subscribes to <see cref="Changed"/>, first replaying to <paramref name="handler"/>, atomically, the agent
    /// changes that set an embedded sign-in hash so far (the latest per agent): a late subscriber misses none.</summary>
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

    /// <summary>Adds or replaces a queue; answers the field errors and applies nothing if the queue is invalid against the
    /// current centre; answers no error and applies nothing if a newer change of the queue is already applied.</summary>
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

    /// <summary>Adds or replaces an agent, as <see cref="ApplyQueue"/> does a queue.</summary>
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

    /// <summary>The version of the last change applied to a queue or agent (0: as the centre file has it).</summary>
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
