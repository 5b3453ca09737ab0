using System.Data.Common;
using System.Reflection;
using CallCentre.Hosting.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CallCentre.EndToEnd.Tests;

/// <summary>Every module's SQLite and PostgreSQL migrations, applied to fresh databases, give the same schema: tables,
/// columns (name, type family, nullability), primary keys, unique keys and named indexes. The modules are found from the
/// <c>services/*/Migrations</c> folders, so a module or a migration added later is checked too.</summary>
public sealed class MigrationSchemaTests
{
    /// <summary>Where the two providers differ on purpose, as (PostgreSQL family, SQLite family): SQLite has no boolean
    /// (0/1 integers) and no exact decimal (money kept as text so that no digit is lost).</summary>
    private static readonly HashSet<(string Postgres, string Sqlite)> AllowedTypeMappings =
    [
        ("boolean", "integer"),
        ("decimal", "text"),
    ];

    public static IEnumerable<object[]> ModulesWithMigrations() =>
        Directory.GetDirectories(Path.Combine(TestInfrastructure.RepoRoot, "services"))
            .Where(d => Directory.Exists(Path.Combine(d, "Migrations")))
            .Select(d => new object[] { Path.GetFileName(d) })
            .OrderBy(m => (string)m[0], StringComparer.Ordinal);

    [Fact]
    public void TheModulesWithDatabases_AreFound()
    {
        var modules = ModulesWithMigrations().Select(m => (string)m[0]).ToList();
        Assert.Superset(new HashSet<string> { "Routing", "Scheduling", "SlaTracking" }, modules.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(ModulesWithMigrations))]
    public void BothProviders_HaveTheSameScripts(string module)
    {
        var folder = Path.Combine(TestInfrastructure.RepoRoot, "services", module, "Migrations");
        var sqlite = ScriptNames(Path.Combine(folder, "sqlite"));
        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, ScriptNames(Path.Combine(folder, "postgres")));
        var embedded = ModuleAssembly(module).GetManifestResourceNames()
            .Select(n => n.Replace('\\', '/'))
            .Where(n => n.StartsWith("migrations/sqlite/", StringComparison.Ordinal))
            .Select(n => n["migrations/sqlite/".Length..])
            .Order(StringComparer.Ordinal);
        Assert.Equal(sqlite, embedded);
    }

    [Theory]
    [MemberData(nameof(ModulesWithMigrations))]
    public async Task BothProviders_GiveTheSameSchema(string module)
    {
        var assembly = ModuleAssembly(module);
        var sqlite = await MigratedSchemaAsync(module, DatabaseProvider.Sqlite, assembly);
        var postgres = await MigratedSchemaAsync(module, DatabaseProvider.Postgres, assembly);

        Assert.Contains(sqlite, line => line.StartsWith("table ", StringComparison.Ordinal));
        var differences = Differences(sqlite, postgres);
        Assert.True(differences.Count == 0,
            $"{module}'s migrations give different schemas (add a migration to the provider that is wrong):\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task TheComparison_CatchesAColumnAKeyAndAnIndexThatDiffer()
    {
        var sqlite = await SchemaOfScriptAsync(DatabaseProvider.Sqlite,
            "CREATE TABLE leg (call_id TEXT NOT NULL, ended_at INTEGER NOT NULL, talk REAL NULL, PRIMARY KEY (call_id, ended_at));" +
            "CREATE INDEX ix_leg_talk ON leg (talk);");
        var postgres = await SchemaOfScriptAsync(DatabaseProvider.Postgres,
            "CREATE TABLE leg (call_id TEXT NOT NULL PRIMARY KEY, ended_at BIGINT NOT NULL, talk TEXT NOT NULL, UNIQUE (ended_at));");

        var differences = Differences(sqlite, postgres);

        Assert.Contains("sqlite only:   column leg.talk real null", differences);
        Assert.Contains("postgres only: column leg.talk text not null", differences);
        Assert.Contains("sqlite only:   primary key leg (call_id, ended_at)", differences);
        Assert.Contains("postgres only: unique leg (ended_at)", differences);
        Assert.Contains("sqlite only:   index leg.ix_leg_talk (talk)", differences);
        Assert.DoesNotContain(differences, d => d.Contains("column leg.ended_at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAllowedMappings_AreTheOnlyTypeDifferencesLetThrough()
    {
        var sqlite = await SchemaOfScriptAsync(DatabaseProvider.Sqlite,
            "CREATE TABLE c (flag INTEGER NOT NULL, penalty TEXT NOT NULL, rate TEXT NOT NULL)");
        var postgres = await SchemaOfScriptAsync(DatabaseProvider.Postgres,
            "CREATE TABLE c (flag BOOLEAN NOT NULL, penalty NUMERIC(18, 4) NOT NULL, rate DOUBLE PRECISION NOT NULL)");

        var differences = Differences(sqlite, postgres);

        Assert.Equal(["sqlite only:   column c.rate text not null", "postgres only: column c.rate real not null"], differences);
    }

    /// <summary>Lines in one schema and not the other, after mapping PostgreSQL's types to SQLite's where allowed.</summary>
    private static List<string> Differences(IReadOnlyList<string> sqlite, IReadOnlyList<string> postgres)
    {
        var mapped = postgres.Select(MapAllowed).ToList();
        return sqlite.Except(mapped).Select(l => "sqlite only:   " + l)
            .Concat(mapped.Except(sqlite).Select(l => "postgres only: " + Unmapped(l, postgres)))
            .ToList();

        static string Unmapped(string line, IReadOnlyList<string> original) =>
            original.FirstOrDefault(o => MapAllowed(o) == line && o != line) ?? line;
    }

    private static string MapAllowed(string line)
    {
        if (!line.StartsWith("column ", StringComparison.Ordinal))
            return line;
        var parts = line.Split(' ');
        var family = parts[2];
        var sqliteFamily = AllowedTypeMappings.FirstOrDefault(m => m.Postgres == family).Sqlite;
        if (sqliteFamily is null)
            return line;
        parts[2] = sqliteFamily;
        return string.Join(' ', parts);
    }

    private static async Task<IReadOnlyList<string>> MigratedSchemaAsync(string module, DatabaseProvider provider, Assembly assembly)
    {
        await using var database = await FreshDatabase.CreateAsync(module.ToLowerInvariant(), provider);
        var moduleDatabase = new ModuleDatabase<MigrationSchemaTests>(module, provider, database.ConnectionString,
            TransientDatabaseErrors.CreatePipeline(2));
        await new MigrationRunner(NullLogger<MigrationRunner>.Instance).ApplyAsync(new ModuleMigrations(moduleDatabase, assembly));
        await using var connection = await moduleDatabase.OpenAsync();
        return await SchemaReader.ReadAsync(connection, provider);
    }

    private static async Task<IReadOnlyList<string>> SchemaOfScriptAsync(DatabaseProvider provider, string script)
    {
        await using var database = await FreshDatabase.CreateAsync("probe", provider);
        await using DbConnection connection = provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(database.ConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(script);
        return await SchemaReader.ReadAsync(connection, provider);
    }

    private static List<string> ScriptNames(string folder) =>
        Directory.GetFiles(folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static Assembly ModuleAssembly(string module) => Assembly.Load("CallCentre." + module);

    /// <summary>An empty database of its own: a SQLite file in a temporary folder, or a PostgreSQL database on the test
    /// server (created here, dropped afterwards).</summary>
    private sealed class FreshDatabase : IAsyncDisposable
    {
        private readonly DatabaseProvider _provider;
        private readonly string _location;

        private FreshDatabase(DatabaseProvider provider, string location, string connectionString)
        {
            _provider = provider;
            _location = location;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        public static async Task<FreshDatabase> CreateAsync(string label, DatabaseProvider provider)
        {
            var suffix = Guid.NewGuid().ToString("N")[..12];
            if (provider == DatabaseProvider.Sqlite)
            {
                var folder = Path.Combine(Path.GetTempPath(), $"callcentre-schema-{label}-{suffix}");
                Directory.CreateDirectory(folder);
                return new FreshDatabase(provider, folder, $"Data Source={Path.Combine(folder, label + ".db")};Pooling=False");
            }
            var name = $"schema_{label}_{suffix}";
            await using (var admin = new NpgsqlConnection(Admin()))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE DATABASE \"{name}\"");
            }
            return new FreshDatabase(provider, name,
                new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = name, Pooling = false }.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            if (_provider == DatabaseProvider.Sqlite)
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
                return;
            }
            await using var admin = new NpgsqlConnection(Admin());
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS \"{_location}\" WITH (FORCE)");
        }

        private static string Admin() =>
            new NpgsqlConnectionStringBuilder(TestInfrastructure.Postgres) { Database = "postgres", Pooling = false }.ConnectionString;
    }
}

/// <summary>A database's schema as comparable lines: <c>table T</c>, <c>column T.c family null|not null</c>,
/// <c>primary key T (a, b)</c>, <c>unique T (a, b)</c> and <c>index T.name (a, b)</c> for the other indexes.</summary>
internal static class SchemaReader
{
    public static Task<IReadOnlyList<string>> ReadAsync(DbConnection connection, DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? ReadPostgresAsync(connection) : ReadSqliteAsync(connection);

    private static async Task<IReadOnlyList<string>> ReadSqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var tables = await connection.QueryAsync<string>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            var columns = (await connection.QueryAsync<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>(
                $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')")).ToList();
            var primaryKey = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            foreach (var column in columns)
            {
                var family = SqliteFamily(column.Type);
                // An INTEGER PRIMARY KEY is the rowid, which is never null whatever the declaration says.
                var notNull = column.NotNull != 0 || (primaryKey.Count == 1 && column.Pk == 1 && family == "integer");
                lines.Add(Column(table, column.Name, family, notNull));
            }
            if (primaryKey.Count > 0)
                lines.Add($"primary key {table} ({string.Join(", ", primaryKey)})");

            var indexes = await connection.QueryAsync<(string Name, long Unique, string Origin)>(
                $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')");
            foreach (var index in indexes.Where(i => i.Origin != "pk"))
            {
                var indexColumns = await connection.QueryAsync<string>(
                    $"SELECT name FROM pragma_index_info('{index.Name}') ORDER BY seqno");
                lines.Add(Index(table, index.Name, index.Unique != 0, indexColumns));
            }
        }
        return Sorted(lines);
    }

    private static async Task<IReadOnlyList<string>> ReadPostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        var columns = await connection.QueryAsync<(string Table, string Name, string Type, string Nullable)>("""
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """);
        foreach (var column in columns)
        {
            lines.Add($"table {column.Table}");
            lines.Add(Column(column.Table, column.Name, PostgresFamily(column.Type), column.Nullable == "NO"));
        }
        var indexes = await connection.QueryAsync<(string Table, string Name, bool Primary, bool Unique, string Columns)>("""
            SELECT t.relname, i.relname, ix.indisprimary, ix.indisunique,
                   string_agg(a.attname, ', ' ORDER BY k.ord)
              FROM pg_index ix
              JOIN pg_class t ON t.oid = ix.indrelid
              JOIN pg_class i ON i.oid = ix.indexrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
             CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             WHERE n.nspname = 'public'
             GROUP BY t.relname, i.relname, ix.indisprimary, ix.indisunique
            """);
        foreach (var index in indexes)
            lines.Add(index.Primary
                ? $"primary key {index.Table} ({index.Columns})"
                : Index(index.Table, index.Name, index.Unique, index.Columns.Split(", ")));
        return Sorted(lines);
    }

    private static string Column(string table, string name, string family, bool notNull) =>
        $"column {table}.{name} {family} {(notNull ? "not null" : "null")}";

    /// <summary>Unique keys compare by their columns (their names are generated differently by each provider); other
    /// indexes by name and columns.</summary>
    private static string Index(string table, string name, bool unique, IEnumerable<string> columns) =>
        unique ? $"unique {table} ({string.Join(", ", columns)})" : $"index {table}.{name} ({string.Join(", ", columns)})";

    /// <summary>SQLite's type affinity rules (https://www.sqlite.org/datatype3.html, 3.1), in their order.</summary>
    private static string SqliteFamily(string declared)
    {
        var type = declared.ToUpperInvariant();
        if (type.Contains("INT", StringComparison.Ordinal)) return "integer";
        if (type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal)) return "text";
        if (type.Length == 0 || type.Contains("BLOB", StringComparison.Ordinal)) return "binary";
        if (type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal) || type.Contains("DOUB", StringComparison.Ordinal)) return "real";
        return "decimal";
    }

    private static string PostgresFamily(string dataType) => dataType switch
    {
        "smallint" or "integer" or "bigint" => "integer",
        "text" or "character varying" or "character" => "text",
        "real" or "double precision" => "real",
        "numeric" => "decimal",
        "boolean" => "boolean",
        "bytea" => "binary",
        _ => dataType,
    };

    private static IReadOnlyList<string> Sorted(IEnumerable<string> lines) => lines.Distinct().Order(StringComparer.Ordinal).ToList();
}
