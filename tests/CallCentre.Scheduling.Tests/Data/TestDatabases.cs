global using TestDatabase = CallCentre.Testing.TestDatabase<CallCentre.Scheduling.SchedulingModule>;

namespace CallCentre.Scheduling.Tests.Data;

/// <summary>A migrated Scheduling database for one test class (see <see cref="CallCentre.Testing.TestDatabase{TModule}"/>).</summary>
public sealed class SqliteTestDatabase() : CallCentre.Testing.SqliteTestDatabase<SchedulingModule>("Scheduling");

/// <inheritdoc cref="SqliteTestDatabase"/>
public sealed class PostgresTestDatabase() : CallCentre.Testing.PostgresTestDatabase<SchedulingModule>("Scheduling");
