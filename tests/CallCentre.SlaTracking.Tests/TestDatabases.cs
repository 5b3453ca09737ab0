global using TestDatabase = CallCentre.Testing.TestDatabase<CallCentre.SlaTracking.SlaTrackingModule>;

namespace CallCentre.SlaTracking.Tests;

/// <summary>A migrated SlaTracking database for one test class (see <see cref="CallCentre.Testing.TestDatabase{TModule}"/>).</summary>
public sealed class SqliteTestDatabase() : CallCentre.Testing.SqliteTestDatabase<SlaTrackingModule>("SlaTracking");

/// <inheritdoc cref="SqliteTestDatabase"/>
public sealed class PostgresTestDatabase() : CallCentre.Testing.PostgresTestDatabase<SlaTrackingModule>("SlaTracking");
