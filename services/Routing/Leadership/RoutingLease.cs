using System.Data;
using System.Data.Common;
using CallCentre.Hosting.Data;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CallCentre.Routing.Leadership;

/// <summary>One tenure of the lease: <paramref name="Token"/> grows at every takeover and fences the store's writes.</summary>
public sealed record LeaseTerm(string Partition, long Token);

/// <summary>A row, not an advisory lock: it tells standbys where the active process is and survives poolers (docs/routing.md, Active and standby).</summary>
public sealed class RoutingLease(ModuleDatabase<RoutingModule> database, RoutingOptions options, TimeProvider time, ILogger<RoutingLease> logger,
    Func<string?>? advertisedAddress = null) : IAsyncDisposable
{
    // Expiry is compared in the database's clock, never the processes' own, so clock skew between machines cannot give two leaders.
    private const string DatabaseNow = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";
    private volatile string? _activeAddress;
    private volatile string? _mismatch;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Address, long ReadAt)> _otherPartitions = new(StringComparer.Ordinal);
    // The lease session, outside the pool: the take records it and every renewal runs on it, so nothing but this process's end,
    // or a loss it replaces at once, ends the session a standby watches.
    private NpgsqlConnection? _session;

    public bool Fenced { get; } = database.Provider == DatabaseProvider.Postgres;

    public string Partition => options.Partition;

    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Null when no other process holds a live lease (or it advertised no address).</summary>
    public string? ActiveAddress => _activeAddress;

    public string Assignment { get; } = RoutingPartitions.Assignment(options);

    /// <summary>Why this process will not become active: the live processes were started with another assignment; null when it agrees.</summary>
    public string? Mismatch => _mismatch;

    private string? Address => options.AdvertisedUrl ?? advertisedAddress?.Invoke();
    private long LeaseMilliseconds => (long)(options.LeaseSeconds * 1000);
    private long RenewMilliseconds => (long)(options.LeaseRenewSeconds * 1000);

    /// <summary>A fenced batch's first statement (migration 018): fails the batch unless the token is the partition's.</summary>
    public const string FenceSql = "SELECT routing_fence(@Partition, @Token)";

    public const string FenceRefused = "CR001";

    public async Task<LeaseTerm> AcquireAsync(CancellationToken ct)
    {
        if (!Fenced)
            return new LeaseTerm(Partition, 0);
        try
        {
            return await TakeWhenFreeAsync(ct);
        }
        catch (OperationCanceledException)
        {
            await DropSessionAsync();
            throw;
        }
    }

    private async Task<LeaseTerm> TakeWhenFreeAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await TryTakeAsync(ct) is { } term)
                {
                    _activeAddress = null;
                    logger.LogInformation("Routing is active for partition {Partition} (fencing token {Token}, holder {Holder})",
                        term.Partition, term.Token, Holder);
                    return term;
                }
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                _activeAddress = null;
                await DropSessionAsync();
                if (attempt % 20 == 1)
                    logger.LogWarning(e, "Could not read the lease of routing partition {Partition}; standing by", Partition);
            }
            await Task.Delay(TimeSpan.FromSeconds(options.StandbyPollSeconds), time, ct);
        }
    }

    private async Task<LeaseTerm?> TryTakeAsync(CancellationToken ct)
    {
        var connection = await SessionAsync(ct);
        var address = Address;
        long? token;
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            // One taker at a time across partitions: two processes with different assignments cannot both find the other absent.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = AssignmentLockKey }, transaction, cancellationToken: ct));
            var other = await connection.QueryFirstOrDefaultAsync<(string? Partition, string Holder, string Assignment)>(new CommandDefinition($"""
                SELECT partition_id, holder, assignment
                  FROM routing_lease
                 WHERE expires_at >= {DatabaseNow} AND holder <> @Holder AND assignment <> @Assignment
                 ORDER BY partition_id
                 LIMIT 1
                """, new { Holder, Assignment }, transaction, cancellationToken: ct));
            if (other.Partition is { } live)
            {
                await transaction.CommitAsync(ct);
                _activeAddress = null;
                Disagree(live, other.Holder, other.Assignment);
                return null;
            }
            Disagree(null, null, null);
            // Taken when free, lapsed, or held by a dead process (its lease session ended) unrenewed for a renewal period.
            // The token grows at every takeover. A write holding the row (FOR SHARE) finishes first.
            token = await connection.ExecuteScalarAsync<long?>(new CommandDefinition($"""
                INSERT INTO routing_lease (partition_id, holder, address, token, expires_at, assignment, holder_backend)
                     VALUES (@Partition, @Holder, @Address, 1, {DatabaseNow} + @Lease, @Assignment, pg_backend_pid())
                ON CONFLICT (partition_id) DO UPDATE
                        SET holder = excluded.holder, address = excluded.address, token = routing_lease.token + 1,
                            expires_at = excluded.expires_at, assignment = excluded.assignment, holder_backend = excluded.holder_backend
                      WHERE routing_lease.expires_at < {DatabaseNow}
                         OR (routing_lease.expires_at < {DatabaseNow} + @Lease - @Renew
                             AND routing_lease.holder_backend IS NOT NULL
                             AND NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = routing_lease.holder_backend))
                RETURNING token
                """, new { Partition, Holder, Address = address, Lease = LeaseMilliseconds, Renew = RenewMilliseconds, Assignment },
                transaction, cancellationToken: ct));
            await transaction.CommitAsync(ct);
        }
        if (token is { } taken)
            return new LeaseTerm(Partition, taken);
        var active = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition($"""
            SELECT address
              FROM routing_lease
             WHERE partition_id = @Partition AND expires_at >= {DatabaseNow} AND holder <> @Holder
            """, new { Partition, Holder }, cancellationToken: ct));
        // A process restarted on the same address finds its dead predecessor's lease: nobody to forward to until it lapses.
        _activeAddress = active is not null && !string.Equals(active, address, StringComparison.OrdinalIgnoreCase) ? active : null;
        return null;
    }

    private const long AssignmentLockKey = 0x526F7574696E67;

    private void Disagree(string? partition, string? holder, string? theirs)
    {
        var reason = partition is null ? null
            : $"Routing:Partitions of this process ({Describe(Assignment)}) differs from that of the live Routing processes ({Describe(theirs!)}, " +
              $"recorded by partition '{partition}', holder {holder}): partition '{Partition}' stands by until they have all stopped.";
        if (reason == _mismatch)
            return;
        _mismatch = reason;
        if (reason is null)
            logger.LogInformation("Routing:Partitions of this process now agrees with every live Routing process");
        else
            logger.LogError("{Reason} Give every Routing process the same Routing:Partitions (docs/routing.md, Partitions)", reason);
    }

    private static string Describe(string assignment) => assignment.Length == 0 ? "none: every tenant in 'default'" : assignment;

    /// <summary>Where another partition's active process is (its live lease row), read at most every standby poll; null while it has none.</summary>
    public async Task<string?> ActiveAddressOfAsync(string partition, CancellationToken ct)
    {
        if (_otherPartitions.TryGetValue(partition, out var known) && time.GetElapsedTime(known.ReadAt) < TimeSpan.FromSeconds(options.StandbyPollSeconds))
            return known.Address;
        await using var connection = await database.OpenAsync(ct);
        var address = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition($"""
            SELECT address FROM routing_lease WHERE partition_id = @Partition AND expires_at >= {DatabaseNow}
            """, new { Partition = partition }, cancellationToken: ct));
        _otherPartitions[partition] = (address, time.GetTimestamp());
        return address;
    }

    /// <summary>After a forward to it could not connect: read the lease row again next time.</summary>
    public void Forget(string partition) => _otherPartitions.TryRemove(partition, out _);

    /// <summary>Returns once the lease is lost: the token moved on, or no renewal succeeded for a whole lease.</summary>
    public async Task KeepAsync(LeaseTerm term, CancellationToken ct)
    {
        if (!Fenced)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        var renewed = time.GetTimestamp();
        try
        {
            while (true)
            {
                await WatchSessionAsync(Task.Delay(TimeSpan.FromSeconds(options.LeaseRenewSeconds), time, ct));
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var session = await SessionAsync(ct);
                        var rows = await session.ExecuteAsync(new CommandDefinition($"""
                            UPDATE routing_lease
                               SET expires_at = {DatabaseNow} + @Lease, address = COALESCE(@Address, address), holder_backend = pg_backend_pid()
                             WHERE partition_id = @Partition AND token = @Token
                            """, new { term.Partition, term.Token, Address, Lease = LeaseMilliseconds }, cancellationToken: ct));
                        if (rows == 0)
                        {
                            logger.LogWarning("Routing lost the lease of partition {Partition}: token {Token} is no longer current", term.Partition, term.Token);
                            return;
                        }
                        renewed = time.GetTimestamp();
                        break;
                    }
                    catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException && !ct.IsCancellationRequested)
                    {
                        await DropSessionAsync();
                        // A session that ended since the last renewal fails the first attempt: the second, on a new one, records it.
                        if (attempt == 1)
                            continue;
                        logger.LogWarning(e, "Could not renew the lease of routing partition {Partition}", term.Partition);
                        if (time.GetElapsedTime(renewed) >= TimeSpan.FromMilliseconds(LeaseMilliseconds))
                            return;
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Returns when the renewal is due, or at once when the lease session ends while this process lives (terminated,
    /// a database restart): a standby would otherwise take over before the renewal records a new session.</summary>
    private async Task WatchSessionAsync(Task due)
    {
        while (!due.IsCompleted && _session is { } session)
        {
            try
            {
                // Not cancelled by ct: a cancelled wait may break the session, which the next standby poll reuses.
                await session.WaitAsync(WatchMilliseconds);
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "The lease session of routing partition {Partition} ended; renewing on a new one", Partition);
                await DropSessionAsync();
                return;
            }
        }
        await due;
    }

    private const int WatchMilliseconds = 100;

    private async Task<NpgsqlConnection> SessionAsync(CancellationToken ct)
    {
        if (_session is { State: ConnectionState.Open } open)
            return open;
        await DropSessionAsync();
        var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await session.OpenAsync(ct);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return _session = session;
    }

    private async ValueTask DropSessionAsync()
    {
        if (_session is not { } session)
            return;
        _session = null;
        await session.DisposeAsync();
    }

    public ValueTask DisposeAsync() => DropSessionAsync();

    /// <summary>Lets the lease lapse now (a graceful stop), so that a standby takes over without waiting for the expiry.</summary>
    public async Task ReleaseAsync(LeaseTerm term)
    {
        if (!Fenced)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await using var connection = await database.OpenAsync(timeout.Token);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE routing_lease SET expires_at = 0 WHERE partition_id = @Partition AND token = @Token",
                new { term.Partition, term.Token }, cancellationToken: timeout.Token));
            logger.LogInformation("Routing released the lease of partition {Partition} (token {Token})", term.Partition, term.Token);
        }
        catch (Exception e) when (e is DbException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not release the lease of routing partition {Partition}; it lapses by itself", term.Partition);
        }
        finally
        {
            await DropSessionAsync();
        }
    }

    /// <summary>Holds the lease row until commit (a takeover waits for it); refuses the write unless <paramref name="term"/> is still the partition's.</summary>
    public static async Task GuardAsync(DbConnection connection, DbTransaction transaction, LeaseTerm? term)
    {
        if (term is null)
            return;
        var current = await connection.ExecuteScalarAsync<long?>("""
            SELECT token
              FROM routing_lease
             WHERE partition_id = @Partition AND token = @Token
               FOR SHARE
            """, new { term.Partition, term.Token }, transaction);
        if (current is null)
            throw new RoutingNotActiveException($"Routing partition '{term.Partition}' has a newer leader than token {term.Token}: the write is refused.");
    }
}
