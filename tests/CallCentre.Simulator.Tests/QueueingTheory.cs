namespace CallCentre.Simulator.Tests;

/// <summary>Reference figures from queueing theory, computed here independently of the simulator and of the Scheduling
/// module: Erlang C in closed form, Erlang A (M/M/N+M) from its birth–death chain truncated far beyond any likely state.</summary>
public static class QueueingTheory
{
    public sealed record Figures(double WaitProbability, double ServiceLevel, double MeanWaitSeconds, double AbandonedShare);

    /// <summary>M/M/c: arrivals per second, mean handle, agents, service-level threshold.</summary>
    public static Figures ErlangC(double arrivalsPerSecond, double meanHandleSeconds, int agents, double thresholdSeconds)
    {
        var a = arrivalsPerSecond * meanHandleSeconds;
        // Erlang B by its recursion, then C from B: stable for any number of agents.
        var b = 1.0;
        for (var k = 1; k <= agents; k++)
            b = a * b / (k + a * b);
        var c = agents * b / (agents - a * (1 - b));
        var sl = 1 - c * Math.Exp(-(agents - a) * thresholdSeconds / meanHandleSeconds);
        var meanWait = c * meanHandleSeconds / (agents - a);
        return new Figures(c, sl, meanWait, 0);
    }

    /// <summary>M/M/N+M (exponential patience): π from the birth–death chain on the number of callers in the centre; the
    /// service level from the waiting caller's race, stage by stage, between the callers ahead leaving (service or
    /// hang-up) and its own patience, integrated with RK4.</summary>
    public static Figures ErlangA(double arrivalsPerSecond, double meanHandleSeconds, int agents, double meanPatienceSeconds,
        double thresholdSeconds, int maxQueue = 2000)
    {
        double lambda = arrivalsPerSecond, mu = 1 / meanHandleSeconds, theta = 1 / meanPatienceSeconds;
        var states = agents + maxQueue + 1;
        var pi = new double[states];
        pi[0] = 1;
        for (var n = 1; n < states; n++)
        {
            var death = Math.Min(n, agents) * mu + Math.Max(n - agents, 0) * theta;
            pi[n] = pi[n - 1] * lambda / death;
            if (pi[n] > 1e250) // keep it finite; the normalisation below cancels the scale
                for (var k = 0; k <= n; k++) pi[k] /= 1e250;
        }
        var total = pi.Sum();
        for (var n = 0; n < states; n++) pi[n] /= total;

        double wait = 0, abandonRate = 0, queueLength = 0;
        for (var n = agents; n < states; n++)
        {
            wait += pi[n];
            abandonRate += pi[n] * (n - agents) * theta;
            queueLength += pi[n] * (n - agents);
        }

        // h[j](t): probability that a caller with j ahead of it in line is answered within t.
        var h = new double[maxQueue + 1];
        var rates = Enumerable.Range(0, maxQueue + 1).Select(j => agents * mu + j * theta).ToArray();
        const double dt = 0.01;
        var steps = (int)Math.Round(thresholdSeconds / dt);
        double[] k1 = new double[h.Length], k2 = new double[h.Length], k3 = new double[h.Length], k4 = new double[h.Length], tmp = new double[h.Length];
        void Derivative(double[] x, double[] dx)
        {
            for (var j = 0; j < x.Length; j++)
                dx[j] = rates[j] * (j == 0 ? 1 : x[j - 1]) - (rates[j] + theta) * x[j];
        }
        for (var s = 0; s < steps; s++)
        {
            Derivative(h, k1);
            for (var j = 0; j < h.Length; j++) tmp[j] = h[j] + dt / 2 * k1[j];
            Derivative(tmp, k2);
            for (var j = 0; j < h.Length; j++) tmp[j] = h[j] + dt / 2 * k2[j];
            Derivative(tmp, k3);
            for (var j = 0; j < h.Length; j++) tmp[j] = h[j] + dt * k3[j];
            Derivative(tmp, k4);
            for (var j = 0; j < h.Length; j++) h[j] += dt / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
        }
        var sl = 0.0;
        for (var n = 0; n < states; n++)
            sl += pi[n] * (n < agents ? 1 : h[n - agents]);
        return new Figures(wait, sl, queueLength / lambda, abandonRate / lambda);
    }

    public sealed record CallbackFigures(double WaitProbability, double AbandonedShare, double CallbackShare, double MeanCallbacksWaiting);

    /// <summary>M/M/N+M where a caller whose patience runs out asks for a callback with probability <paramref name="share"/>; a
    /// callback never leaves and is served, at the same rate, only when no call waits (non-preemptive priority to calls), the
    /// dial taking no time and always reaching the customer. A two-dimensional chain on (calls waiting, callbacks waiting) when
    /// every agent is busy, plus the states with idle agents, truncated and solved by Gauss–Seidel.</summary>
    public static CallbackFigures CallbackOnWait(double arrivalsPerSecond, double meanHandleSeconds, int agents, double meanPatienceSeconds,
        double share, int maxCalls = 60, int maxCallbacks = 300)
    {
        double lambda = arrivalsPerSecond, mu = 1 / meanHandleSeconds, theta = 1 / meanPatienceSeconds;
        int width = maxCallbacks + 1, busy = agents;
        var count = agents + (maxCalls + 1) * width;
        int Full(int v, int c) => agents + v * width + c;
        var incoming = Enumerable.Range(0, count).Select(_ => new List<(int From, double Rate)>()).ToArray();
        var outRate = new double[count];
        void Add(int from, int to, double rate)
        {
            if (rate <= 0 || from == to) return;
            incoming[to].Add((from, rate));
            outRate[from] += rate;
        }
        for (var k = 0; k < agents; k++)
        {
            Add(k, k + 1 < agents ? k + 1 : Full(0, 0), lambda);
            if (k > 0) Add(k, k - 1, k * mu);
        }
        for (var v = 0; v <= maxCalls; v++)
            for (var c = 0; c <= maxCallbacks; c++)
            {
                var state = Full(v, c);
                if (v < maxCalls) Add(state, Full(v + 1, c), lambda);
                Add(state, v > 0 ? Full(v - 1, c) : c > 0 ? Full(0, c - 1) : busy - 1, busy * mu);
                if (v > 0)
                {
                    Add(state, Full(v - 1, Math.Min(c + 1, maxCallbacks)), v * theta * share);
                    Add(state, Full(v - 1, c), v * theta * (1 - share));
                }
            }
        var pi = new double[count];
        Array.Fill(pi, 1.0 / count);
        for (var sweep = 0; sweep < 20_000; sweep++)
        {
            var change = 0.0;
            for (var j = 0; j < count; j++)
            {
                var inflow = 0.0;
                foreach (var (from, rate) in incoming[j]) inflow += pi[from] * rate;
                var next = inflow / outRate[j];
                change = Math.Max(change, Math.Abs(next - pi[j]));
                pi[j] = next;
            }
            var total = pi.Sum();
            for (var j = 0; j < count; j++) pi[j] /= total;
            if (change < 1e-13) break;
        }
        double wait = 0, callsWaiting = 0, callbacksWaiting = 0;
        for (var v = 0; v <= maxCalls; v++)
            for (var c = 0; c <= maxCallbacks; c++)
            {
                var p = pi[Full(v, c)];
                wait += p;
                callsWaiting += v * p;
                callbacksWaiting += c * p;
            }
        return new CallbackFigures(wait, callsWaiting * theta * (1 - share) / lambda, callsWaiting * theta * share / lambda, callbacksWaiting);
    }
}
