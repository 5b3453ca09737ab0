using CallCentre.Simulator.RealData;
using CallCentre.Simulator.Scenarios;

namespace CallCentre.Simulator.Tests;

/// <summary>The records format on a handmade day (the real files stay in ../shared/data and are not read by unit tests).</summary>
public sealed class BankRecordsTests
{
    private const string Header = "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver";

    public static readonly string[] SampleDay =
    [
        Header,
        // queued 10 s, served 100 s by ANNA
        "AA0101\t1\t11\t2\tPS\t990301\t8:00:00\t8:00:05\t5\t8:00:05\t8:00:15\t10\tAGENT\t8:00:15\t8:01:55\t100\tANNA",
        // queued 60 s then hung up
        "AA0101\t2\t12\t2\tPS\t990301\t8:10:00\t8:10:05\t5\t8:10:05\t8:11:05\t60\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        // straight to BEN without queueing, across the 8:30 slice boundary
        "AA0101\t3\t0\t0\tPS\t990301\t8:29:00\t8:29:10\t10\t0:00:00\t0:00:00\t0\tAGENT\t8:29:10\t8:31:10\t120\tBEN",
        // queued 30 s, served by ANNA
        "AA0101\t4\t13\t1\tNE\t990301\t8:40:00\t8:40:05\t5\t8:40:05\t8:40:35\t30\tAGENT\t8:40:35\t8:42:35\t120\tANNA",
        // hung up in the voice menu: never reached the agents
        "AA0101\t5\t0\t0\tPS\t990301\t8:50:00\t8:50:20\t20\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        // a phantom, and another day
        "AA0101\t6\t0\t0\tPS\t990301\t8:55:00\t8:55:20\t20\t8:55:20\t8:55:21\t1\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0101\t7\t14\t2\tPS\t990302\t9:00:00\t9:00:05\t5\t9:00:05\t9:00:15\t10\tAGENT\t9:00:15\t9:01:55\t100\tANNA",
        // a malformed row (shifted columns)
        "AA0101\t8\t15\t2\tPS\t990301\t9:00:00\t9:00:05\t5\t9:00:05\t9:00:15\t10\tAGENT\t9:00:15\t9:01:55\t100",
    ];

    private static List<BankCall> Day()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, SampleDay);
            return BankRecords.ReadDay(path, "990301");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadDay_DropsPhantomsMalformedRowsAndOtherDays()
    {
        Assert.Equal(5, Day().Count);
    }

    [Fact]
    public void Observe_CountsCallersWhoReachedTheAgents()
    {
        var observed = BankRecords.Observe(Day(), 20);
        Assert.Equal((4, 3, 1, 2), (observed.Offered, observed.Answered, observed.Abandoned, observed.AnsweredWithinThreshold));
    }

    [Fact]
    public void StaffingPerSlice_CountsDistinctServersActiveInEachHalfHour()
    {
        var staffing = BankRecords.StaffingPerSlice(Day());
        Assert.Equal(2, staffing[16]); // 8:00–8:30: ANNA, BEN
        Assert.Equal(2, staffing[17]); // 8:30–9:00: BEN (until 8:31:10), ANNA
        Assert.Equal(0, staffing[18]);
    }

    [Fact]
    public void BusyAgentsPerSlice_RoundsTheServiceTimeUpToWholeAgents()
    {
        var busy = BankRecords.BusySecondsPerSlice(Day());
        Assert.Equal(100 + 50, busy[16]);
        Assert.Equal(70 + 120, busy[17]);
        Assert.Equal(1, BankRecords.BusyAgentsPerSlice(Day())[16]);
    }

    [Fact]
    public void ToTrace_ArrivalsHandlesAndPatience_FollowTheRecords()
    {
        var trace = ScenarioValidator.Validate(BankRecords.ToTrace(Day(), "sample", 1, ServedPatience.Never));
        Assert.Equal([8 * 3600 + 5, 8 * 3600 + 605, 8 * 3600 + 29 * 60 + 10, 8 * 3600 + 40 * 60 + 5], trace.Calls.Select(c => c.ArrivalSeconds));
        Assert.Equal([null, 60.0, null, null], trace.Calls.Select(c => c.PatienceSeconds));
        Assert.Equal(100, trace.Calls[0].HandleSeconds);
        Assert.Contains(trace.Calls[1].HandleSeconds, new double[] { 100, 120 }); // an abandoner's handle: drawn from the day's served calls
        Assert.Equal(2, trace.Agents.Single().Count);
    }

    [Fact]
    public void ToTrace_CensoredPatience_OfServedCallersExceedsTheirWait()
    {
        // The day's estimate: 1 hang-up over 10 + 60 + 30 s queued, so a mean excess patience of 100 s.
        var trace = ScenarioValidator.Validate(BankRecords.ToTrace(Day(), "sample", 1, ServedPatience.Censored));
        Assert.True(trace.Calls[0].PatienceSeconds > 10);
        Assert.True(trace.Calls[3].PatienceSeconds > 30);
        Assert.Equal(60, trace.Calls[1].PatienceSeconds);
    }
}
