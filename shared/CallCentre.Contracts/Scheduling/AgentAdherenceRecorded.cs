namespace CallCentre.Contracts.Scheduling;

/// <summary>An agent's adherence and conformance minutes for one schedule day, measured up to <paramref name="Until"/>
/// (docs/adherence.md, Definitions). Absolute figures: a later <paramref name="Until"/> replaces an earlier one.</summary>
/// <param name="AgentId">The agent (centre-level, as in <c>AgentStateChanged</c>).</param>
/// <param name="Date">The schedule day, in the centre's time zone.</param>
/// <param name="Until">The instant the figures are measured to: now for today, the day's end once it is over.</param>
/// <param name="ScheduledMinutes">Elapsed scheduled minutes (E), adherence's denominator.</param>
/// <param name="InAdherenceMinutes">Minutes of E in the expected state (I).</param>
/// <param name="WorkMinutes">Elapsed scheduled work minutes (W), conformance's denominator.</param>
/// <param name="OnPhoneMinutes">Minutes of the day on the phones, scheduled or not (P).</param>
public record AgentAdherenceRecorded(
    string AgentId,
    DateOnly Date,
    DateTimeOffset Until,
    double ScheduledMinutes,
    double InAdherenceMinutes,
    double WorkMinutes,
    double OnPhoneMinutes);
