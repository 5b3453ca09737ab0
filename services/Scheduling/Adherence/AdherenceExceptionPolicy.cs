namespace CallCentre.Scheduling.Adherence;

public sealed record OpenEpisode(string AgentId, DateOnly Date, DateTimeOffset Since);

/// <summary>What a check decides for one agent: announce a new episode, end the announced one, both, or neither.</summary>
public sealed record ExceptionDecision(OpenEpisode? Clear, DateTimeOffset? ClearedUntil, OpenEpisode? Raise);

/// <summary>Exceptions once per episode (docs/adherence.md, Live).</summary>
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
