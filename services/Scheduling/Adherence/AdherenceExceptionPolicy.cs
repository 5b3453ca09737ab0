namespace CallCentre.Scheduling.Adherence;

/// <summary>An out-of-adherence episode already announced: the agent and when it went out.</summary>
public sealed record OpenEpisode(string AgentId, DateOnly Date, DateTimeOffset Since);

/// <summary>What a check decides for one agent: announce a new episode, end the announced one, both, or neither.</summary>
/// <param name="Clear">The announced episode that ended, and when.</param>
/// <param name="Raise">The episode to announce now.</param>
public sealed record ExceptionDecision(OpenEpisode? Clear, DateTimeOffset? ClearedUntil, OpenEpisode? Raise);

/// <summary>Exceptions once per episode: an episode is a stretch out of adherence; it is announced when it has lasted
/// <c>threshold</c>, once, and ended once when the stretch ends. A stretch shorter than the threshold is never announced, so an
/// agent flickering in and out raises nothing until one stretch lasts.</summary>
public static class AdherenceExceptionPolicy
{
    public static ExceptionDecision Decide(string agentId, AdherenceStatus status, OpenEpisode? open, TimeSpan threshold)
    {
        var outNow = status.InAdherence == false;
        OpenEpisode? clear = null;
        DateTimeOffset? until = null;
        if (open is not null && !(outNow && status.Since == open.Since))
        {
            clear = open;
            // Back in (or out of) the schedule: the current stretch began when the announced one ended, if it directly followed it.
            until = outNow ? status.Since : status.Since > open.Since ? status.Since : status.At;
        }
        OpenEpisode? raise = null;
        if (outNow && status.For >= threshold && (open is null || clear is not null))
            raise = new OpenEpisode(agentId, status.Date, status.Since);
        return new ExceptionDecision(clear, until, raise);
    }
}
