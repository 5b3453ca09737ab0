namespace CallCentre.Testing;

/// <summary>Where the real broker and database are. tests/run.sh starts them and exports these variables; a test that
/// needs them fails (never skips) when they are missing or unreachable.</summary>
public static class TestInfrastructure
{
    public static string RabbitMq => Require("CALLCENTRE_TEST_RABBITMQ", "amqp://guest:guest@127.0.0.1:25672/");
    public static string Postgres => Require("CALLCENTRE_TEST_POSTGRES", "Host=127.0.0.1;Port=25432;Username=postgres;Password=postgres");

    private static string Require(string variable, string example) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: run the tests with tests/run.sh, which starts RabbitMQ and PostgreSQL (e.g. {variable}={example}).");

    /// <summary>The repository's root (the folder holding CallCentre.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CallCentre.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("CallCentre.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Waits for <paramref name="condition"/> to hold, polling; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        EventuallyAsync(() => Task.FromResult(condition() ? what : null), what, timeout);
}
