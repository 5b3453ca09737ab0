using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;
using Polly.Retry;

namespace CallCentre.Hosting.Data;

public static class TransientDatabaseErrors
{
    private const int SqliteBusy = 5, SqliteLocked = 6;

    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient,
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        SocketException or TimeoutException => true,
        _ => exception.InnerException is not null && IsTransient(exception.InnerException),
    };

    public static ResiliencePipeline CreatePipeline(int attempts = 6) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
            MaxRetryAttempts = attempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(100),
        })
        .Build();
}
