namespace CallCentre.Hosting.Data;

public enum DatabaseProvider { Sqlite, Postgres }
