using CallCentre.Hosting.Data;
using CallCentre.Routing.Telephony;
using Dapper;

namespace CallCentre.Routing.Contacts;

public sealed record TranscriptMessage(int Seq, string Author, string? AgentId, string Text, DateTimeOffset SentAt);

/// <summary>The messages of chats, e-mails and messaging conversations, in order. Bodies are customer data: sealed under the
/// tenant's key and bound to their conversation and place in it.</summary>
public sealed class ContactTranscriptStore(TenantSeal seal, ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    public const string Customer = "customer";
    public const string Agent = "agent";
    private const string Purpose = "transcript";

    /// <summary>A message whose channel id was stored before answers the stored one (<c>Created</c> false).</summary>
    public async Task<(TranscriptMessage Message, bool Created)> AppendAsync(string tenantId, string queueId, Guid callId, string author,
        string? agentId, string? externalId, string text, CancellationToken ct = default)
    {
        var call = callId.ToString();
        var sentAt = time.GetUtcNow();
        // Two writers may pick the same next number; the loser's insert does nothing and it tries the next one.
        for (var attempt = 0; ; attempt++)
        {
            if (externalId is not null && await FindExternalAsync(tenantId, call, externalId, ct) is { } known)
                return (known, false);
            var seq = await database.RunAsync((c, _) => c.ExecuteScalarAsync<int>(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM contact_message WHERE call_id = @CallId", new { CallId = call }), ct);
            var sealedText = await seal.SealAsync(tenantId, Purpose, Bound(call, seq), text, ct);
            var inserted = await database.RunAsync((c, _) => c.ExecuteAsync("""
                INSERT INTO contact_message (call_id, seq, tenant_id, queue_id, author, agent_id, external_id, sealed, sent_at)
                     VALUES (@CallId, @Seq, @TenantId, @QueueId, @Author, @AgentId, @ExternalId, @Sealed, @SentAt)
                ON CONFLICT DO NOTHING
                """, new
            {
                CallId = call, Seq = seq, TenantId = tenantId, QueueId = queueId, Author = author, AgentId = agentId, ExternalId = externalId,
                Sealed = sealedText, SentAt = sentAt.ToUnixTimeMilliseconds(),
            }), ct);
            if (inserted == 1)
                return (new TranscriptMessage(seq, author, agentId, text, sentAt), true);
            if (attempt >= 20)
                throw new InvalidOperationException($"Could not append to the transcript of {callId}.");
        }
    }

    /// <summary>The tenant's messages of the conversation after <paramref name="after"/>; empty for another tenant's.</summary>
    public async Task<IReadOnlyList<TranscriptMessage>> ReadAsync(string tenantId, Guid callId, int after, CancellationToken ct = default)
    {
        var call = callId.ToString();
        var rows = await database.RunAsync(async (c, _) => (await c.QueryAsync<Row>("""
            SELECT seq AS Seq, author AS Author, agent_id AS AgentId, sealed AS Sealed, sent_at AS SentAt
              FROM contact_message
             WHERE call_id = @CallId AND tenant_id = @TenantId AND seq > @After
             ORDER BY seq
            """, new { CallId = call, TenantId = tenantId, After = after })).ToList(), ct);
        var messages = new List<TranscriptMessage>(rows.Count);
        foreach (var row in rows)
            if (await seal.OpenAsync(tenantId, Purpose, Bound(call, row.Seq), row.Sealed, ct) is { } text)
                messages.Add(new TranscriptMessage(row.Seq, row.Author, row.AgentId, text, DateTimeOffset.FromUnixTimeMilliseconds(row.SentAt)));
        return messages;
    }

    /// <summary>The tenant of a stored conversation, whether or not it is still live; null when nothing is stored.</summary>
    public async Task<string?> TenantOfAsync(Guid callId, CancellationToken ct = default) =>
        await database.RunAsync((c, _) => c.ExecuteScalarAsync<string?>(
            "SELECT tenant_id FROM contact_message WHERE call_id = @CallId ORDER BY seq LIMIT 1", new { CallId = callId.ToString() }), ct);

    /// <summary>Deletes each listed tenant's messages sent before its cut-off, and every other tenant's before <paramref name="otherwise"/>.</summary>
    public async Task<int> PurgeAsync(IReadOnlyDictionary<string, DateTimeOffset> before, DateTimeOffset otherwise, CancellationToken ct = default) =>
        await database.RunAsync(async (c, _) =>
        {
            var deleted = 0;
            foreach (var (tenantId, cutOff) in before)
                deleted += await c.ExecuteAsync("DELETE FROM contact_message WHERE tenant_id = @TenantId AND sent_at < @Before",
                    new { TenantId = tenantId, Before = cutOff.ToUnixTimeMilliseconds() });
            var listed = before.Keys.ToArray();
            deleted += await c.ExecuteAsync(listed.Length == 0
                    ? "DELETE FROM contact_message WHERE sent_at < @Before"
                    : "DELETE FROM contact_message WHERE sent_at < @Before AND tenant_id NOT IN @Listed",
                new { Before = otherwise.ToUnixTimeMilliseconds(), Listed = listed });
            return deleted;
        }, ct);

    private async Task<TranscriptMessage?> FindExternalAsync(string tenantId, string call, string externalId, CancellationToken ct)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>("""
            SELECT seq AS Seq, author AS Author, agent_id AS AgentId, sealed AS Sealed, sent_at AS SentAt
              FROM contact_message
             WHERE call_id = @CallId AND tenant_id = @TenantId AND external_id = @ExternalId
            """, new { CallId = call, TenantId = tenantId, ExternalId = externalId }), ct);
        if (row is null || await seal.OpenAsync(tenantId, Purpose, Bound(call, row.Seq), row.Sealed, ct) is not { } text)
            return null;
        return new TranscriptMessage(row.Seq, row.Author, row.AgentId, text, DateTimeOffset.FromUnixTimeMilliseconds(row.SentAt));
    }

    private static string Bound(string call, int seq) => $"{call}/{seq}";

    private sealed class Row
    {
        public int Seq { get; set; }
        public string Author { get; set; } = "";
        public string? AgentId { get; set; }
        public string Sealed { get; set; } = "";
        public long SentAt { get; set; }
    }
}
