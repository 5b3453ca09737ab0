using System.Security.Cryptography;
using System.Text;
using CallCentre.Hosting.Data;
using Dapper;

namespace CallCentre.Routing.Telephony;

/// <summary>A PBX repeating a post whose answer it lost gets that answer again, also after a restart and after the call ended.</summary>
public sealed class PbxCallIdStore(ModuleDatabase<RoutingModule> database, TimeProvider time)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private long _lastPurge;

    public sealed record KnownCall(string QueueId, string Answer);

    /// <summary>Stable for a repeat and across restarts, different (and revealing nothing) for another tenant's PBX.</summary>
    public static Guid CallIdFor(string tenantId, string pbxCallId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"callcentre/pbx-call/{tenantId}/{pbxCallId}"));
        // RFC 9562 version 8 (custom) and variant bits, so the id reads as a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public async Task<KnownCall?> FindAsync(string tenantId, string pbxCallId, CancellationToken ct = default)
    {
        var row = await database.RunAsync((c, _) => c.QuerySingleOrDefaultAsync<Row>("""
            SELECT queue_id AS QueueId, answer AS Answer
              FROM pbx_call
             WHERE tenant_id = @TenantId AND pbx_call_id = @PbxCallId
            """, new { TenantId = tenantId, PbxCallId = pbxCallId }), ct);
        return row is null ? null : new KnownCall(row.QueueId, row.Answer);
    }

    /// <summary>Of two posts of the same id at once, both get the first stored.</summary>
    public async Task<KnownCall> KeepAsync(string tenantId, string pbxCallId, string queueId, Guid callId, string answer,
        CancellationToken ct = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.RunAsync((c, _) => c.ExecuteAsync("""
            INSERT INTO pbx_call (tenant_id, pbx_call_id, queue_id, call_id, answer, posted_at)
                 VALUES (@TenantId, @PbxCallId, @QueueId, @CallId, @Answer, @Now)
            ON CONFLICT (tenant_id, pbx_call_id) DO NOTHING
            """, new
        {
            TenantId = tenantId, PbxCallId = pbxCallId, QueueId = queueId, CallId = callId.ToString(), Answer = answer, Now = now,
        }), ct);
        if (now - Interlocked.Read(ref _lastPurge) > TimeSpan.FromMinutes(1).TotalMilliseconds)
        {
            Interlocked.Exchange(ref _lastPurge, now);
            await database.RunAsync((c, _) => c.ExecuteAsync("DELETE FROM pbx_call WHERE posted_at < @Before",
                new { Before = now - (long)Retention.TotalMilliseconds }), ct);
        }
        return (await FindAsync(tenantId, pbxCallId, ct))!;
    }

    private sealed class Row
    {
        public string QueueId { get; set; } = "";
        public string Answer { get; set; } = "";
    }
}
