namespace CallCentre.Benchmarks;

/// <summary>CPU time (user + system, from /proc) spent between <see cref="Start"/> and <see cref="Stop"/> by the Host process,
/// the PostgreSQL backends connected to one database, and the RabbitMQ broker listening on <paramref name="rabbitPort"/> (shared with
/// whoever else uses it; other brokers on the machine are not counted). Linux only; zeros elsewhere.</summary>
internal sealed class CpuMeter(int hostPid, string database, int rabbitPort)
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
        var brokerSocket = ListeningSocket(rabbitPort);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                string? kind = pid == hostPid ? "host"
                    : database.Length > 0 && cmdline.StartsWith("postgres: ", StringComparison.Ordinal) && cmdline.Contains($" {database} ", StringComparison.Ordinal) ? "postgres"
                    : cmdline.Contains("beam.smp", StringComparison.Ordinal) && brokerSocket is { } socket && HoldsSocket(dir, socket) ? "rabbit"
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

    /// <summary>The inode of the TCP socket listening on <paramref name="port"/> (IPv4 or IPv6), as /proc/net/tcp names it.</summary>
    private static string? ListeningSocket(int port)
    {
        var local = $":{port:X4}";
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode; 0A = LISTEN
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[3] == "0A")
                    return $"socket:[{fields[9]}]";
            }
        }
        return null;
    }

    private static bool HoldsSocket(string processDir, string socket)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(Path.Combine(processDir, "fd"))
                .Any(fd => { try { return new FileInfo(fd).LinkTarget == socket; } catch (IOException) { return false; } });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
