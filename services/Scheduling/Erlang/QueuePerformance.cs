namespace CallCentre.Scheduling.Erlang;

/// <param name="AverageSpeedOfAnswerSeconds">+∞ for an unstable Erlang C queue.</param>
/// <param name="ProbabilityOfAbandoning">0 under Erlang C.</param>
public readonly record struct QueuePerformance(
    int Agents,
    double ServiceLevel,
    double ProbabilityOfWaiting,
    double AverageSpeedOfAnswerSeconds,
    double Occupancy,
    double ProbabilityOfAbandoning);

/// <param name="MaxOccupancy">1 means no cap.</param>
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
