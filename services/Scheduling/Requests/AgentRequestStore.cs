using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CallCentre.Hosting.Data;
using CallCentre.Scheduling.Adherence;
using CallCentre.Scheduling.Data;
using Dapper;

namespace CallCentre.Scheduling.Requests;

/// <summary><see cref="Refusal"/> says why the transition could not change the request.</summary>
public sealed record Transition(AgentRequest? Request, bool Changed, string? Refusal = null);

/// <summary>Requests, their audit and the schedule change an approval makes are written in one transaction: an approval
/// changes the published schedule once, whether it is sent twice or the process dies half-way.</summary>
public sealed class AgentRequestStore(ModuleDatabase<SchedulingModule> database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public const int MaxListed = 500;

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task CreateAsync(AgentRequest request, RequestDecision decision, ScheduleChange? change, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            if (request.Status == AgentRequestStatus.Approved && change is not null)
            {
                await LockDaysAsync(c, tx, change);
                if (!await StillPublishedAsync(c, tx, change))
                {
                    request = request with { Status = AgentRequestStatus.Queued };
                    decision = decision with { Outcome = AgentRequestStatus.Queued, Reason = "The schedule changed while the request was checked: " + decision.Reason };
                }
                else await ScheduleStore.WriteAsync(c, tx, change.After, $"request {request.Id}", decision.At);
            }
            await c.ExecuteAsync("""
                INSERT INTO agent_request (id, kind, agent_id, starts_at, ends_at, day, covering_agent_id, status, note, created_at,
                                           assessment, decided_at, decided_by, reason)
                     VALUES (@Id, @Kind, @AgentId, @StartsAt, @EndsAt, @Day, @CoveringAgentId, @Status, @Note, @CreatedAt,
                             @Assessment, @DecidedAt, @DecidedBy, @Reason)
                """, Row(request, decision), tx);
            await AuditAsync(c, tx, decision);
            await tx.CommitAsync(token);
        }, ct);

    /// <summary>An approval's <paramref name="change"/> is worked out inside the transaction (null refuses); anything else answers the request as it is.</summary>
    public async Task<Transition> TransitionAsync(Guid id, AgentRequestStatus[] from, RequestDecision decision, string? coveringAgentId,
        Func<AgentRequest, Func<DateOnly, DateOnly, Task<IReadOnlyList<AgentDay>>>, Task<ScheduleChange?>>? change, CancellationToken ct = default) =>
        await database.RunAsync(async (c, token) =>
        {
            await using var tx = await c.BeginTransactionAsync(token);
            var current = await ReadAsync(c, tx, id, forUpdate: database.Provider == DatabaseProvider.Postgres);
            if (current is null || !from.Contains(current.Status))
                return new Transition(current, false);
            var next = current with
            {
                Status = decision.Outcome, CoveringAgentId = coveringAgentId ?? current.CoveringAgentId, Assessment = decision.Figures ?? current.Assessment,
                DecidedAt = decision.At, DecidedBy = decision.DecidedBy, Reason = decision.Reason,
            };
            if (decision.Outcome == AgentRequestStatus.Approved)
            {
                var made = change is null ? null : await change(next, (f, t) => ScheduleStore.ReadAsync(c, tx, f, t, null));
                if (made is null)
                    return new Transition(current, false, "The published schedule no longer allows this change.");
                await LockDaysAsync(c, tx, made);
                await ScheduleStore.WriteAsync(c, tx, made.After, $"request {id}", decision.At);
            }
            var updated = await c.ExecuteAsync("""
                UPDATE agent_request
                   SET status = @Status, covering_agent_id = @CoveringAgentId, assessment = @Assessment,
                       decided_at = @DecidedAt, decided_by = @DecidedBy, reason = @Reason
                 WHERE id = @Id AND status = @Was
                """, new
            {
                Id = id.ToString(), Status = AgentRequestNames.Name(next.Status), next.CoveringAgentId,
                Assessment = next.Assessment is null ? null : JsonSerializer.Serialize(next.Assessment, Json),
                DecidedAt = decision.At.ToUnixTimeMilliseconds(), decision.DecidedBy, decision.Reason, Was = AgentRequestNames.Name(current.Status),
            }, tx);
            if (updated != 1)
                return new Transition(current, false);
            await AuditAsync(c, tx, decision);
            await tx.CommitAsync(token);
            return new Transition(next, true);
        }, ct);

    public async Task<AgentRequest?> GetAsync(Guid id, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => ReadAsync(c, null, id, forUpdate: false), ct);

    /// <summary>Newest first; <paramref name="agentIds"/> null for every agent's.</summary>
    public async Task<IReadOnlyList<AgentRequest>> ListAsync(AgentRequestStatus? status, IReadOnlyCollection<string>? agentIds, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<AgentRequest>>(async (c, _) =>
        {
            var rows = await c.QueryAsync<RequestRow>($"""
                SELECT {Columns}
                  FROM agent_request
                 WHERE (@Status IS NULL OR status = @Status)
                 ORDER BY created_at DESC
                """, new { Status = status is { } s ? AgentRequestNames.Name(s) : null });
            return rows.Select(Read).Where(r => agentIds is null || agentIds.Contains(r.AgentId)).Take(MaxListed).ToList();
        }, ct);

    public async Task<IReadOnlyList<AgentRequest>> ListForAgentAsync(string agentId, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<AgentRequest>>(async (c, _) => (await c.QueryAsync<RequestRow>($"""
            SELECT {Columns}
              FROM agent_request
             WHERE agent_id = @AgentId OR covering_agent_id = @AgentId
             ORDER BY created_at DESC
            """, new { AgentId = agentId })).Select(Read).Take(MaxListed).ToList(), ct);

    public async Task<IReadOnlyList<AgentRequest>> OverlappingAsync(string agentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<AgentRequest>>(async (c, _) => (await c.QueryAsync<RequestRow>($"""
            SELECT {Columns}
              FROM agent_request
             WHERE agent_id = @AgentId AND status IN ('offered', 'queued') AND starts_at < @To AND ends_at > @From
            """, new { AgentId = agentId, From = from.ToUnixTimeMilliseconds(), To = to.ToUnixTimeMilliseconds() })).Select(Read).ToList(), ct);

    public async Task<IReadOnlyList<AgentRequest>> OpenOffersAsync(CancellationToken ct = default) =>
        await ListAsync(AgentRequestStatus.Offered, null, ct);

    public async Task<IReadOnlyList<RequestDecision>> DecisionsAsync(Guid id, CancellationToken ct = default) =>
        await database.RunAsync<IReadOnlyList<RequestDecision>>(async (c, _) => (await c.QueryAsync<(string RequestId, long DecidedAt, string DecidedBy,
            string Outcome, string Reason, string? Figures)>("""
            SELECT request_id, decided_at, decided_by, outcome, reason, figures
              FROM agent_request_decision
             WHERE request_id = @Id
             ORDER BY id
            """, new { Id = id.ToString() })).Select(d => new RequestDecision(Guid.Parse(d.RequestId), DateTimeOffset.FromUnixTimeMilliseconds(d.DecidedAt),
            d.DecidedBy, AgentRequestNames.Status(d.Outcome), d.Reason,
            d.Figures is null ? null : JsonSerializer.Deserialize<RequestAssessment>(d.Figures, Json))).ToList(), ct);

    private const string Columns = """
        id AS Id, kind AS Kind, agent_id AS AgentId, starts_at AS StartsAt, ends_at AS EndsAt, day AS Day,
                       covering_agent_id AS CoveringAgentId, status AS Status, note AS Note, created_at AS CreatedAt, assessment AS Assessment,
                       decided_at AS DecidedAt, decided_by AS DecidedBy, reason AS Reason
        """;

    private async Task<AgentRequest?> ReadAsync(DbConnection c, DbTransaction? tx, Guid id, bool forUpdate) =>
        (await c.QueryAsync<RequestRow>($"SELECT {Columns} FROM agent_request WHERE id = @Id{(forUpdate ? " FOR UPDATE" : "")}",
            new { Id = id.ToString() }, tx)).Select(Read).FirstOrDefault();

    /// <summary>PostgreSQL only (SQLite locks the whole database): two approvals on one agent's day queue up.</summary>
    private async Task LockDaysAsync(DbConnection c, DbTransaction tx, ScheduleChange change)
    {
        if (database.Provider != DatabaseProvider.Postgres) return;
        foreach (var day in change.After)
            await c.ExecuteAsync("SELECT 1 FROM published_day WHERE agent_id = @AgentId AND day = @Day FOR UPDATE",
                new { day.AgentId, Day = Day(day.Date) }, tx);
    }

    private static async Task<bool> StillPublishedAsync(DbConnection c, DbTransaction tx, ScheduleChange change)
    {
        foreach (var before in change.Before)
        {
            var now = (await ScheduleStore.ReadAsync(c, tx, before.Date, before.Date, before.AgentId)).FirstOrDefault();
            var was = before.Activities.Count == 0 && before.DayOff ? null : before;
            if (now is null ? was is not null : was is null ? !now.DayOff || now.Activities.Count > 0 : !now.Activities.SequenceEqual(was.Activities) || now.DayOff != was.DayOff)
                return false;
        }
        return true;
    }

    private static async Task AuditAsync(DbConnection c, DbTransaction tx, RequestDecision d) =>
        await c.ExecuteAsync("""
            INSERT INTO agent_request_decision (request_id, decided_at, decided_by, outcome, reason, figures)
                 VALUES (@RequestId, @DecidedAt, @DecidedBy, @Outcome, @Reason, @Figures)
            """, new
        {
            RequestId = d.RequestId.ToString(), DecidedAt = d.At.ToUnixTimeMilliseconds(), d.DecidedBy, Outcome = AgentRequestNames.Name(d.Outcome),
            d.Reason, Figures = d.Figures is null ? null : JsonSerializer.Serialize(d.Figures, Json),
        }, tx);

    private static object Row(AgentRequest r, RequestDecision d) => new
    {
        Id = r.Id.ToString(), Kind = AgentRequestNames.Name(r.Kind), r.AgentId, StartsAt = r.From.ToUnixTimeMilliseconds(), EndsAt = r.To.ToUnixTimeMilliseconds(),
        Day = r.Day is { } day ? Day(day) : null, r.CoveringAgentId, Status = AgentRequestNames.Name(r.Status), r.Note,
        CreatedAt = r.CreatedAt.ToUnixTimeMilliseconds(),
        Assessment = r.Assessment is null ? null : JsonSerializer.Serialize(r.Assessment, Json),
        DecidedAt = r.Status is AgentRequestStatus.Approved or AgentRequestStatus.Denied ? d.At.ToUnixTimeMilliseconds() : (long?)null,
        DecidedBy = r.Status is AgentRequestStatus.Approved or AgentRequestStatus.Denied ? d.DecidedBy : null,
        Reason = d.Reason,
    };

    private static AgentRequest Read(RequestRow r) => new(Guid.Parse(r.Id), AgentRequestNames.Kind(r.Kind), r.AgentId,
        DateTimeOffset.FromUnixTimeMilliseconds(r.StartsAt), DateTimeOffset.FromUnixTimeMilliseconds(r.EndsAt),
        r.Day is null ? null : DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.CoveringAgentId,
        AgentRequestNames.Status(r.Status), r.Note, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
        r.Assessment is null ? null : JsonSerializer.Deserialize<RequestAssessment>(r.Assessment, Json),
        r.DecidedAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, r.DecidedBy, r.Reason);

    private sealed class RequestRow
    {
        public string Id { get; init; } = "";
        public string Kind { get; init; } = "";
        public string AgentId { get; init; } = "";
        public long StartsAt { get; init; }
        public long EndsAt { get; init; }
        public string? Day { get; init; }
        public string? CoveringAgentId { get; init; }
        public string Status { get; init; } = "";
        public string Note { get; init; } = "";
        public long CreatedAt { get; init; }
        public string? Assessment { get; init; }
        public long? DecidedAt { get; init; }
        public string? DecidedBy { get; init; }
        public string? Reason { get; init; }
    }
}
