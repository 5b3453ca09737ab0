using System.Globalization;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.RealData;

/// <summary>Anonymous Bank 1999 (Brown, Gans, Mandelbaum et al., JASA 2005); times in seconds since midnight.</summary>
public sealed record BankCall(string Date, int QueueStart, int QueueTime, string Outcome, int ServiceStart, int ServiceEnd,
    int ServiceTime, string Server)
{
    public bool Queued => QueueStart > 0;
    public bool Served => Outcome == "AGENT";
    /// <summary>A served call that never queued has a service start.</summary>
    public bool ReachedAgents => Queued || (Served && ServiceStart > 0);
}

/// <summary>The records do not show it: it was longer than the wait.</summary>
public enum ServedPatience
{
    Never,
    /// <summary>The observed wait + an exponential excess at the day's censored maximum-likelihood rate (hang-ups /
    /// total queued time): exact for exponential patience, which is memoryless.</summary>
    Censored,
}

public enum StaffingEstimate
{
    /// <summary>An upper bound: one call in the slice counts a whole slice.</summary>
    Servers,
    /// <summary>A lower bound: fully occupied agents.</summary>
    BusyTime,
}

public static class BankRecords
{
    public const int SliceSeconds = 1800;

    /// <summary>PHANTOM rows and malformed rows (shifted columns) are dropped.</summary>
    public static List<BankCall> ReadDay(string path, string date)
    {
        var calls = new List<BankCall>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            if (f.Length != 17 || f[5].Trim() != date) continue;
            var outcome = f[12].Trim();
            if (outcome is not ("AGENT" or "HANG")) continue;
            if (!TryTime(f[9], out var qStart) || !int.TryParse(f[11], out var qTime) || !TryTime(f[13], out var sStart) ||
                !TryTime(f[14], out var sEnd) || !int.TryParse(f[15], out var sTime))
                continue;
            calls.Add(new BankCall(date, qStart, qTime, outcome, sStart, sEnd, sTime, f[16].Trim()));
        }
        return calls;
    }

    /// <summary>Abandoners' would-be handle times are drawn from the day's served calls.</summary>
    public static Scenario ToTrace(IReadOnlyList<BankCall> day, string source, int seed, ServedPatience servedPatience,
        StaffingEstimate estimate = StaffingEstimate.Servers)
    {
        var random = new Random(seed);
        var served = day.Where(c => c.Served).Select(c => c.ServiceTime).ToArray();
        if (served.Length == 0)
            throw new InvalidOperationException("no served call that day: nothing to replay");
        var queued = day.Where(c => c.Queued).ToList();
        var hangUps = queued.Count(c => !c.Served);
        var queuedSeconds = queued.Sum(c => (double)c.QueueTime);
        var meanExcessPatience = hangUps == 0 ? double.PositiveInfinity : queuedSeconds / hangUps;

        var calls = new List<TraceCall>();
        foreach (var c in day.OrderBy(c => c.Queued ? c.QueueStart : c.ServiceStart))
        {
            if (!c.ReachedAgents) continue; // hung up in the voice menu: never reached the agents
            var arrival = c.Queued ? c.QueueStart : c.ServiceStart;
            double? patience = null;
            if (!c.Served)
                patience = c.QueueTime;
            else if (servedPatience == ServedPatience.Censored && !double.IsInfinity(meanExcessPatience))
                patience = Math.Round(c.QueueTime - meanExcessPatience * Math.Log(1 - random.NextDouble()), 1);
            var handle = c.Served ? c.ServiceTime : served[random.Next(served.Length)];
            calls.Add(new TraceCall { Queue = "bank", ArrivalSeconds = arrival, HandleSeconds = handle, PatienceSeconds = patience });
        }

        var staffing = estimate == StaffingEstimate.Servers ? StaffingPerSlice(day) : BusyAgentsPerSlice(day);
        var peak = staffing.Max();
        var observed = Observe(day, 20);
        var servers = StaffingPerSlice(day);
        observed.Occupancy = servers.Sum() == 0 ? 0 : BusySecondsPerSlice(day).Sum() / (servers.Sum() * (double)SliceSeconds);
        observed.Source = source;
        return new Scenario
        {
            Seed = seed,
            DurationSeconds = 86400,
            WarmupSeconds = 0,
            Queues =
            [
                new QueueSpec
                {
                    Id = "bank", Tenant = "anonymous-bank", RequiredSkills = new() { ["bank"] = 1 }, Priority = 5,
                    ArrivalsPerHour = 0, ServiceLevelThresholdSeconds = 20,
                },
            ],
            Agents = [new AgentGroupSpec { Name = "bank", Count = Math.Max(1, peak), Skills = new() { ["bank"] = 1 }, WrapUpSeconds = 0 }],
            Calls = calls,
            Staffing = staffing.Select((n, i) => new StaffingSlice
            {
                FromSeconds = i * SliceSeconds, Agents = [new StaffingEntry { Group = "bank", Count = n }],
            }).ToList(),
            Observed = observed,
        };
    }

    public static int[] StaffingPerSlice(IReadOnlyList<BankCall> day)
    {
        var slices = Enumerable.Range(0, 86400 / SliceSeconds).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        foreach (var c in day.Where(c => c.Served && c.Server != "NO_SERVER"))
        {
            var end = Math.Max(c.ServiceStart, c.ServiceEnd);
            for (var s = c.ServiceStart / SliceSeconds; s <= Math.Min(slices.Length - 1, end / SliceSeconds); s++)
                slices[s].Add(c.Server);
        }
        return slices.Select(s => s.Count).ToArray();
    }

    public static double[] BusySecondsPerSlice(IReadOnlyList<BankCall> day)
    {
        var busy = new double[86400 / SliceSeconds];
        foreach (var c in day.Where(c => c.Served && c.Server != "NO_SERVER"))
        {
            var end = Math.Min(86400, c.ServiceStart + c.ServiceTime);
            for (var s = c.ServiceStart / SliceSeconds; s < busy.Length && s * SliceSeconds < end; s++)
                busy[s] += Math.Min(end, (s + 1) * SliceSeconds) - Math.Max(c.ServiceStart, s * SliceSeconds);
        }
        return busy;
    }

    public static int[] BusyAgentsPerSlice(IReadOnlyList<BankCall> day) =>
        BusySecondsPerSlice(day).Select(b => (int)Math.Ceiling(b / SliceSeconds - 1e-9)).ToArray();

    /// <summary>Offered = callers who reached the queue or an agent.</summary>
    public static ObservedDay Observe(IReadOnlyList<BankCall> day, double thresholdSeconds)
    {
        var offered = day.Where(c => c.ReachedAgents).ToList();
        return new ObservedDay
        {
            Offered = offered.Count,
            Answered = offered.Count(c => c.Served),
            Abandoned = offered.Count(c => !c.Served),
            AnsweredWithinThreshold = offered.Count(c => c.Served && c.QueueTime <= thresholdSeconds),
            ThresholdSeconds = thresholdSeconds,
        };
    }

    private static bool TryTime(string text, out int seconds)
    {
        seconds = 0;
        var parts = text.Trim().Split(':');
        if (parts.Length != 3) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ||
            !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            return false;
        seconds = h * 3600 + m * 60 + s;
        return true;
    }
}
