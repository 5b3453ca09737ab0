namespace CallCentre.Scheduling.Erlang;

/// <summary>
/// Erlang C for N, N+1, N+2, ... agents at one traffic level, O(1) per added agent: the way to
/// search for the agents needed or to draw a service-level curve without an Erlang B pass per point.
/// </summary>
/// <example>
/// <code>
/// var sweep = new ErlangCSweep(erlangs: 10, agents: 11);
/// while (sweep.ServiceLevel(180, 20) &lt; 0.8) sweep.AddAgent();   // sweep.Agents == 14
/// </code>
/// </example>
public struct ErlangCSweep
{
    private readonly double _erlangs;
    private int _agents;
    // 1/B(N-1, A); +∞ once it overflows, where P(wait) is below 1e-300 and reads as 0.
    private double _inverseBlocking;

    /// <param name="erlangs">Offered traffic A ≥ 0, in Erlangs.</param>
    /// <param name="agents">First N to evaluate, ≥ 1.</param>
    public ErlangCSweep(double erlangs, int agents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(agents, 1);
        ErlangB.CheckErlangs(erlangs);
        _erlangs = erlangs;
        _agents = agents;
        if (erlangs == 0)
        {
            _inverseBlocking = double.PositiveInfinity;
            return;
        }
        var inverse = ErlangB.InverseBlocking(agents - 1, erlangs, out var logScale);
        _inverseBlocking = logScale == 0 ? inverse : inverse * Math.Exp(logScale);
    }

    /// <summary>The N the figures below are for.</summary>
    public readonly int Agents => _agents;

    /// <summary>Erlang C probability of waiting for <see cref="Agents"/>.</summary>
    public readonly double ProbabilityOfWaiting =>
        _agents <= _erlangs ? 1 : 1 / (1 + (_agents - _erlangs) / _erlangs * _inverseBlocking);

    /// <summary>Share answered within <paramref name="answerWithinSeconds"/> with <see cref="Agents"/>.</summary>
    public readonly double ServiceLevel(double ahtSeconds, double answerWithinSeconds) =>
        ErlangC.ServiceLevelFrom(ProbabilityOfWaiting, _agents, _erlangs, ahtSeconds, answerWithinSeconds);

    /// <summary>Moves to N + 1 agents.</summary>
    public void AddAgent()
    {
        // 1/B(N) = 1 + (N/A)·1/B(N-1)
        _inverseBlocking = 1 + _agents / _erlangs * _inverseBlocking;
        _agents++;
    }
}
