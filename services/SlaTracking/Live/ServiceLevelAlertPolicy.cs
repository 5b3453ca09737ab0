namespace CallCentre.SlaTracking.Live;

public enum AlertState { OnTarget, AtRisk, Breached }

/// <summary>The service level's numerator and denominator for the day and the recent window, and the share of the day passed.</summary>
public sealed record LiveServiceLevel(long Numerator, long Denominator, long RecentNumerator, long RecentDenominator,
    double ElapsedFractionOfDay, double Target);

public sealed record AlertDecision(AlertState State, bool RaiseBreach, bool RaiseRecovery, bool RaiseAtRisk,
    double ServiceLevel, double RecentServiceLevel, double ProjectedServiceLevel, double? RequiredForRestOfDay);

/// <summary>docs/sla.md, Live figures and alerts.</summary>
public sealed class ServiceLevelAlertPolicy(double hysteresis, int minimumCalls)
{
    private const double Tolerance = 1e-9; // 82/100 is "target + 2 points" even though 0.8 + 0.02 is a hair above 0.82

    public AlertDecision Evaluate(AlertState current, LiveServiceLevel f)
    {
        var sl = f.Denominator == 0 ? 1.0 : (double)f.Numerator / f.Denominator;
        var recent = f.RecentDenominator == 0 ? sl : (double)f.RecentNumerator / f.RecentDenominator;
        var remaining = f.ElapsedFractionOfDay is > 0 and < 1 ? f.Denominator * (1 - f.ElapsedFractionOfDay) / f.ElapsedFractionOfDay : 0;
        var projected = remaining > 0 ? (f.Numerator + recent * remaining) / (f.Denominator + remaining) : sl;
        double? required = remaining > 0 ? (f.Target * (f.Denominator + remaining) - f.Numerator) / remaining : null;

        AlertDecision Decide(AlertState state, bool breach = false, bool recovery = false, bool atRisk = false) =>
            new(state, breach, recovery, atRisk, sl, recent, projected, required);

        if (f.Denominator < minimumCalls)
            return Decide(current);
        switch (current)
        {
            case AlertState.Breached:
                return sl >= f.Target + hysteresis - Tolerance ? Decide(AlertState.OnTarget, recovery: true) : Decide(current);
            case var _ when sl < f.Target:
                return Decide(AlertState.Breached, breach: true);
            case AlertState.AtRisk:
                return projected >= f.Target + hysteresis - Tolerance && required is not > 1 ? Decide(AlertState.OnTarget) : Decide(current);
            default:
                return projected < f.Target || required > 1 ? Decide(AlertState.AtRisk, atRisk: true) : Decide(current);
        }
    }
}
