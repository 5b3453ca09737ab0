using System.Data.Common;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CallCentre.Hosting.Data;

namespace CallCentre.SlaTracking.Privacy;

/// <summary>A zip of CSV files (one per table) and a <c>manifest.json</c> with each file's row count.</summary>
public sealed class TenantExport(ModuleDatabase<SlaTrackingModule> database, TimeProvider time)
{
    /// <summary>Every query takes the tenant as <c>@TenantId</c>.</summary>
    public static readonly IReadOnlyList<(string File, string Sql)> Files =
    [
        ("contracts.csv", "SELECT * FROM sla_contract WHERE tenant_id = @TenantId ORDER BY queue_id, version"),
        ("call_records.csv", "SELECT * FROM call_record WHERE tenant_id = @TenantId ORDER BY queued_at, call_id"),
        ("call_legs.csv", "SELECT * FROM call_leg WHERE tenant_id = @TenantId ORDER BY queued_at, call_id, ended_at"),
        // The summaries' figures are an internal binary form, recomputed from the call records above.
        ("bucket_summaries.csv", "SELECT tenant_id, bucket, computed_version FROM call_bucket_summary WHERE tenant_id = @TenantId ORDER BY bucket"),
        ("report_accesses.csv", "SELECT * FROM report_access WHERE tenant_id = @TenantId ORDER BY id"),
    ];

    public async Task<IReadOnlyDictionary<string, int>> WriteAsync(string tenantId, Stream output, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>();
        await using var connection = await database.OpenAsync(ct);
        // One snapshot for every file, so the records and the rows keyed by their call ids agree.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (file, sql) in Files)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                var parameter = command.CreateParameter();
                (parameter.ParameterName, parameter.Value) = ("TenantId", tenantId);
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(ct);
                await using var entry = zip.CreateEntry(file, CompressionLevel.Optimal).Open();
                await using var writer = new StreamWriter(entry, new UTF8Encoding(false));
                counts[file] = await WriteCsvAsync(reader, writer, ct);
            }
            await using var manifest = zip.CreateEntry("manifest.json").Open();
            await JsonSerializer.SerializeAsync(manifest, new { tenantId, exportedAt = time.GetUtcNow(), module = "slatracking", rows = counts },
                cancellationToken: ct);
        }
        await transaction.CommitAsync(ct);
        return counts;
    }

    private static async Task<int> WriteCsvAsync(DbDataReader reader, StreamWriter writer, CancellationToken ct)
    {
        await writer.WriteLineAsync(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Csv(reader.GetName(i)))));
        var rows = 0;
        while (await reader.ReadAsync(ct))
        {
            var cells = Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "" : Csv(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? ""));
            await writer.WriteLineAsync(string.Join(",", cells));
            rows++;
        }
        return rows;
    }

    // RFC 4180 quoting; a leading formula character is prefixed so that a spreadsheet shows the text instead of running it.
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
