namespace CallCentre.Benchmarks;

/// <summary>CPU time (user + system, from /proc) spent between <see cref="Start"/> and <see cref="Stop"/> by the Host process,
/// the PostgreSQL backends connected to one database, and the RabbitMQ broker (beam.smp, shared with whoever else uses it).
/// Linux only; zeros elsewhere.</summary>
internal sealed class CpuMeter(int hostPid, string database)
{
    private const double TicksPerSecond = 100; // USER_HZ
    private Dictionary<int, double> _start = new(), _stop = new();

    public void Start() => _start = Sample();

    public void Stop() => _stop = Sample();

    public (double Host, double Postgres, double Rabbit) Elapsed()
    {
        double host = 0, postgres = 0, rabbit = 0;
        foreach (var (pid, end) in _stop)
        {
            var used = end - _start.GetValueOrDefault(pid);
            if (pid == hostPid) host += used;
            else if (_kinds.GetValueOrDefault(pid) == "postgres") postgres += used;
            else rabbit += used;
        }
        return (host, postgres, rabbit);
    }

    private readonly Dictionary<int, string> _kinds = new();

    private Dictionary<int, double> Sample()
    {
        var sample = new Dictionary<int, double>();
        if (!Directory.Exists("/proc"))
            return sample;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                string? kind = pid == hostPid ? "host"
                    : cmdline.StartsWith("postgres: ", StringComparison.Ordinal) && cmdline.Contains($" {database} ", StringComparison.Ordinal) ? "postgres"
                    : cmdline.Contains("beam.smp", StringComparison.Ordinal) && cmdline.Contains("rabbit", StringComparison.Ordinal) ? "rabbit"
                    : null;
                if (kind is null)
                    continue;
                _kinds[pid] = kind;
                // utime and stime are fields 14 and 15, after the command name in parentheses.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                sample[pid] = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return sample;
    }
}
