namespace CallCentre.Scheduling.Tests.Erlang;

/// <summary>
/// An independent reference for Erlang A (and, with no abandonment, Erlang C): the M/M/N+M
/// birth-death chain solved state by state, truncated where the queue's weight is negligible.
/// State n has birth rate λ and death rate min(n, N)·μ + max(0, n - N)·θ.
/// </summary>
internal sealed class BirthDeathQueue
{
    private readonly int _agents;
    private readonly double _arrivalRate, _serviceRate, _abandonRate;
    private readonly double[] _stationary;

    /// <param name="patienceSeconds">+∞ for Erlang C (then A must be below N).</param>
    public BirthDeathQueue(int agents, double erlangs, double ahtSeconds, double patienceSeconds, int maxQueue = 4000)
    {
        _agents = agents;
        _serviceRate = 1 / ahtSeconds;
        _arrivalRate = erlangs * _serviceRate;
        _abandonRate = double.IsPositiveInfinity(patienceSeconds) ? 0 : 1 / patienceSeconds;

        var weights = new List<double> { 1 };
        var largest = 1.0;
        for (var n = 1; n <= agents + maxQueue; n++)
        {
            weights.Add(weights[^1] * _arrivalRate / DeathRate(n));
            largest = Math.Max(largest, weights[^1]);
            // Past the mode, stop once states weigh nothing next to the largest.
            if (n > agents && weights[^1] < weights[^2] && weights[^1] < 1e-22 * largest) break;
        }
        if (weights.Count == agents + maxQueue + 1) throw new InvalidOperationException("Truncate later: the tail still carries weight.");
        var total = weights.Sum();
        _stationary = weights.Select(w => w / total).ToArray();
    }

    private double DeathRate(int n) => Math.Min(n, _agents) * _serviceRate + Math.Max(0, n - _agents) * _abandonRate;

    private IEnumerable<(int Ahead, double Probability)> Queueing() =>
        Enumerable.Range(_agents, _stationary.Length - _agents).Select(n => (n - _agents, _stationary[n]));

    public double ProbabilityOfWaiting => Queueing().Sum(s => s.Probability);

    public double ProbabilityOfAbandoning => Queueing().Sum(s => s.Ahead * _abandonRate * s.Probability) / _arrivalRate;

    public double Occupancy => _stationary.Select((p, n) => Math.Min(n, _agents) * p).Sum() / _agents;

    /// <summary>By first-step analysis of one caller joining behind <c>k</c> others: E[wait; answered] / P(answered).</summary>
    public double AverageSpeedOfAnswer
    {
        get
        {
            double answered = 1 - ProbabilityOfWaiting, waitOfAnswered = 0;
            double servedBehind = 1, waitBehind = 0;   // for k - 1 ahead; k = 0 leaves the queue by being answered
            foreach (var (ahead, probability) in Queueing())
            {
                var leave = _agents * _serviceRate + ahead * _abandonRate;   // the line moves
                var stay = leave / (leave + _abandonRate);                   // ... before this caller gives up
                waitBehind = stay * (servedBehind / (leave + _abandonRate) + waitBehind);
                servedBehind *= stay;
                answered += probability * servedBehind;
                waitOfAnswered += probability * waitBehind;
            }
            return waitOfAnswered / answered;
        }
    }

    /// <summary>
    /// Share of callers answered within t: the callers who join behind k others run a pure-death chain
    /// (line moves at N·μ + k·θ, own abandonment at θ), solved by uniformization.
    /// </summary>
    public double ServiceLevel(double thresholdSeconds)
    {
        var ahead = _stationary.Length - _agents;
        var uniform = _agents * _serviceRate + ahead * _abandonRate + _abandonRate;
        // answeredBy[k] = P(answered within t | k ahead) = Σ_m Poisson(m; uniform·t) · (P^m · 1_answered)[k]
        var step = new double[ahead];
        var answeredBy = new double[ahead];
        var mean = uniform * thresholdSeconds;
        var logPoisson = -mean;                 // ln Poisson(m; mean), m = 0
        var last = mean + 40 * Math.Sqrt(mean) + 50;
        for (var m = 1; m <= last; m++)
        {
            var next = new double[ahead];
            for (var k = 0; k < ahead; k++)
            {
                var moves = _agents * _serviceRate + k * _abandonRate;
                var towardsAnswer = k == 0 ? 1 : step[k - 1];
                next[k] = (moves * towardsAnswer + (uniform - moves - _abandonRate) * step[k]) / uniform;
            }
            step = next;
            logPoisson += Math.Log(mean / m);
            var poisson = Math.Exp(logPoisson);
            for (var k = 0; k < ahead; k++) answeredBy[k] += poisson * step[k];
        }
        var noWait = 1 - ProbabilityOfWaiting;
        return noWait + Queueing().Sum(s => s.Probability * answeredBy[s.Ahead]);
    }
}
