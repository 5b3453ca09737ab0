namespace CallCentre.Contracts.Scheduling;

/// <summary>An interval of a queue's day in <see cref="QueueIntraday"/>.</summary>
/// <param name="Start">The interval's start (its width is the message's).</param>
/// <param name="ForecastCalls">The morning forecast.</param>
/// <param name="ActualCalls">Null until the interval is over.</param>
/// <param name="ReforecastCalls">The actual once the interval is over.</param>
/// <param name="AhtSeconds">The reforecast average handle time; null when the queue never completed a call.</param>
/// <param name="RequiredAgents">Erlang C on the reforecast against the queue's service-level target.</param>
/// <param name="ScheduledAgents">Agents the published schedule puts on the phones for the whole interval whose skills meet the
/// queue's (an agent who can take several queues counts in each).</param>
public record IntradayInterval(
    DateTimeOffset Start,
    double ForecastCalls,
    double? ActualCalls,
    double ReforecastCalls,
    double? AhtSeconds,
    int RequiredAgents,
    int ScheduledAgents);
