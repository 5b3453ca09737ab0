using System.Text.Json;
using CallCentre.Simulator.Cli;

namespace CallCentre.Simulator.Tests;

public sealed class SimulatorCommandsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("simulator-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SimulatorCommands.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Virtual_WritesExactlyTheIssuesFields()
    {
        var result = Path.Combine(_folder, "result.json");
        var (code, _, error) = Run("virtual", "--scenario", Path.Combine(AppContext.BaseDirectory, "scenarios", "issue-example.json"), "--out", result);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(File.ReadAllText(result));
        Assert.Equal(["queues", "agentOccupancy", "calls", "wallSeconds"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var queue = Assert.Single(json.RootElement.GetProperty("queues").EnumerateArray().ToList());
        Assert.Equal(["queue", "offered", "answered", "abandoned", "answeredWithinThreshold", "thresholdSeconds",
                      "meanWaitAnsweredSeconds", "meanWaitAllSeconds", "meanHandleSeconds"], queue.EnumerateObject().Select(p => p.Name));
        Assert.Equal("q-fr-bank", queue.GetProperty("queue").GetString());
        Assert.True(queue.GetProperty("offered").GetInt32() > 3000);
    }

    [Fact]
    public void Virtual_InvalidScenario_ExitsNonZeroNamingTheField()
    {
        var path = Path.Combine(_folder, "bad.json");
        File.WriteAllText(path, """{ "seed": 1, "durationSeconds": -5, "queues": [], "agents": [] }""");
        var (code, _, error) = Run("virtual", "--scenario", path);
        Assert.Equal(1, code);
        Assert.Contains("durationSeconds:", error);
        Assert.Contains("queues:", error);
    }

    [Fact]
    public void UnknownCommand_ExitsNonZeroWithUsage()
    {
        var (code, _, error) = Run("simulate");
        Assert.Equal(1, code);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public void TraceFromRecords_ThenReplay_ComparesWithTheRecords()
    {
        var records = Path.Combine(_folder, "records.txt");
        File.WriteAllLines(records, BankRecordsTests.SampleDay);
        var trace = Path.Combine(_folder, "trace.json");

        var made = Run("trace-from-records", "--records", records, "--date", "990301", "--out", trace);
        Assert.True(made.Code == 0, made.Error);
        var replay = Run("replay", "--scenario", trace);

        Assert.True(replay.Code == 0, replay.Error);
        var row = replay.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("| trace"));
        // 4 callers reached the queue or an agent, 1 hung up, 2 served within 20 s, per the records.
        Assert.StartsWith("| trace | 4 | 2 | 25.0 % |", row);
    }

    [Fact]
    public void Live_PlatformUnreachable_ExitsNonZeroWithTheReason()
    {
        var (code, _, error) = Run("live", "--scenario", Path.Combine(AppContext.BaseDirectory, "scenarios", "issue-example.json"),
            "--target", "http://127.0.0.1:1");
        Assert.Equal(1, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Bench_ReportsWallTimeAndMemory()
    {
        var (code, output, error) = Run("bench", "--calls", "20000", "--agents", "40");
        Assert.True(code == 0, error);
        Assert.Matches(@"^\d+ calls .* s wall .* peak working set \d+ MiB", output);
    }
}
