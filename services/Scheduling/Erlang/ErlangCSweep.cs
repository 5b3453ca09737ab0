namespace CallCentre.Scheduling.Erlang;

/// <summary>Erlang C for N, N+1, ... agents at one traffic level, O(1) per added agent: <c>while
/// (sweep.ServiceLevel(180, 20) &lt; 0.8) sweep.AddAgent();</c></summary>
public struct ErlangCSweep
{
    private readonly double _erlangs;
    private int _agents;
    // 1/B(N-1, A); +∞ once it overflows, where P(wait) is below 1e-300 and reads as 0.
    private double _inverseBlocking;

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

    public readonly int Agents => _agents;

    public readonly double ProbabilityOfWaiting =>
        _agents <= _erlangs ? 1 : 1 / (1 + (_agents - _erlangs) / _erlangs * _inverseBlocking);

    public readonly double ServiceLevel(double ahtSeconds, double answerWithinSeconds) =>
        ErlangC.ServiceLevelFrom(ProbabilityOfWaiting, _agents, _erlangs, ahtSeconds, answerWithinSeconds);

    public void AddAgent()
    {
        _inverseBlocking = 1 + _agents / _erlangs * _inverseBlocking;
        _agents++;
    }
}
