namespace CallCentre.Scheduling.Erlang;

/// <summary>What a queue staffed with <see cref="Agents"/> agents delivers, by Erlang C or Erlang A.</summary>
/// <param name="Agents">Agents on the phones (productive, before shrinkage).</param>
/// <param name="ServiceLevel">Share of offered calls answered within the threshold, in [0, 1].</param>
/// <param name="ProbabilityOfWaiting">Share of calls that find every agent busy, in [0, 1].</param>
/// <param name="AverageSpeedOfAnswerSeconds">Mean wait of answered calls, in seconds (+∞ for an unstable Erlang C queue).</param>
/// <param name="Occupancy">Share of agents' time spent handling calls, in [0, 1].</param>
/// <param name="ProbabilityOfAbandoning">Share of offered calls that hang up before an answer (0 under Erlang C).</param>
public readonly record struct QueuePerformance(
    int Agents,
    double ServiceLevel,
    double ProbabilityOfWaiting,
    double AverageSpeedOfAnswerSeconds,
    double Occupancy,
    double ProbabilityOfAbandoning);

/// <summary>A service-level goal: <see cref="ServiceLevel"/> of calls answered within <see cref="AnswerWithinSeconds"/>.</summary>
/// <param name="ServiceLevel">Target share, in (0, 1), e.g. 0.8.</param>
/// <param name="AnswerWithinSeconds">Threshold in seconds, ≥ 0, e.g. 20.</param>
/// <param name="MaxOccupancy">Highest acceptable occupancy, in (0, 1]; 1 means no cap.</param>
public readonly record struct ServiceLevelTarget(double ServiceLevel, double AnswerWithinSeconds, double MaxOccupancy = 1.0)
{
    internal void Validate()
    {
        if (!(ServiceLevel > 0 && ServiceLevel < 1))
            throw new ArgumentOutOfRangeException(nameof(ServiceLevel), ServiceLevel, "Must be in (0, 1).");
        if (!(AnswerWithinSeconds >= 0 && double.IsFinite(AnswerWithinSeconds)))
            throw new ArgumentOutOfRangeException(nameof(AnswerWithinSeconds), AnswerWithinSeconds, "Must be finite and non-negative.");
        if (!(MaxOccupancy > 0 && MaxOccupancy <= 1))
            throw new ArgumentOutOfRangeException(nameof(MaxOccupancy), MaxOccupancy, "Must be in (0, 1].");
    }
}
