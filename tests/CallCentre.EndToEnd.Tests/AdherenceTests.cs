using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Contracts.Scheduling;
using CallCentre.Scheduling.Adherence;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The whole platform (in-memory bus, SQLite files of its own, no simulator) on a clock the test moves. The adherence
/// monitor's own tick is an hour apart: the tests run its check when they choose. Every published message is kept. Two
/// instances on the same <see cref="DataFolder"/> are the same centre before and after a restart.</summary>
public sealed class AdherencePlatform(string? dataFolder = null, DateTimeOffset? start = null, bool demoSchedule = false, string checkInterval = "01:00:00")
    : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = dataFolder ?? Path.Combine(Path.GetTempPath(), "callcentre-adherence-" + Guid.NewGuid().ToString("N")[..8]);
    public ManualClock Clock { get; } = new(start ?? Anchor());
    public ConcurrentQueue<object> Published { get; } = new();
    private int _observing;

    /// <summary>Now, or 21:00 in Casablanca if later, so that a test's two hours stay within one centre day.</summary>
    public static DateTimeOffset Anchor()
    {
        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var calendar = CentreCalendar.For("Africa/Casablanca");
        var late = calendar.ToInstant(calendar.DateOf(now).ToDateTime(new TimeOnly(21, 0)))!.Value;
        return now < late ? now : late;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Data", DataFolder);
        builder.UseSetting("Modules", "all");
        builder.UseSetting("Simulator:Enabled", "false");
        builder.UseSetting("Scheduling:PublishDemoSchedule", demoSchedule ? "true" : "false");
        builder.UseSetting("Scheduling:AdherenceCheckInterval", checkInterval);
        // Tokens are checked on this clock, which the tests move up to two hours ahead.
        builder.UseSetting("Auth:TokenLifetimeMinutes", "240");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    public AdherenceMonitor Monitor
    {
        get
        {
            if (Interlocked.Exchange(ref _observing, 1) == 0)
                Services.GetRequiredService<IBus>().ConnectPublishObserver(new Recorder(Published));
            return Services.GetRequiredService<AdherenceMonitor>();
        }
    }

    public async Task<HttpClient> As(string user)
    {
        _ = Monitor;
        var http = CreateClient();
        if (user == "anonymous") return http;
        using var login = CreateClient();
        var response = await login.PostAsJsonAsync("/api/auth/token", new { username = user, password = "demo" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public bool KeepData { get; set; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!KeepData)
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { }
    }

    private sealed class Recorder(ConcurrentQueue<object> published) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;
        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            published.Enqueue(context.Message);
            return Task.CompletedTask;
        }
        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}

/// <summary>A clock that says what the test tells it; timers still run in real time.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;
    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Adherence end to end: a supervisor publishes a schedule, an agent works (through Routing's agent API or as Routing's
/// events on the bus), the clock moves, and the adherence figures and exception events follow.</summary>
public sealed class AdherenceTests : IDisposable
{
    private readonly AdherencePlatform _platform = new();
    private DateTimeOffset T => _t ??= _platform.Clock.Now;
    private DateTimeOffset? _t;
    private static readonly CentreCalendar Casablanca = CentreCalendar.For("Africa/Casablanca");

    private static string Z(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private DateOnly Date => Casablanca.DateOf(T);
    private string DateText => Date.ToString("yyyy-MM-dd");

    /// <summary>Work 0-30 min, break 30-45, work 45-120 after <see cref="T"/>.</summary>
    private object Schedule(string agent) => new
    {
        days = new[]
        {
            new
            {
                agentId = agent, date = DateText,
                activities = new[]
                {
                    new { kind = "work", start = Z(T), end = Z(T.AddMinutes(30)) },
                    new { kind = "break", start = Z(T.AddMinutes(30)), end = Z(T.AddMinutes(45)) },
                    new { kind = "work", start = Z(T.AddMinutes(45)), end = Z(T.AddMinutes(120)) },
                },
            },
        },
    };

    private async Task SetStateAsync(HttpClient agent, HttpClient supervisor, string agentId, string state, string? reason, int minutes)
    {
        _platform.Clock.Set(T.AddMinutes(minutes));
        using var response = await agent.PutAsJsonAsync("/api/agents/me/state", new { state, reason });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Routing's event reaches Scheduling through the bus: wait until Scheduling has it.
        await TestInfrastructure.EventuallyAsync(async () =>
        {
            var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/{agentId}?date={DateText}");
            var status = view.GetProperty("status");
            return status.GetProperty("state").GetString() == state && status.GetProperty("since").GetDateTimeOffset() <= T.AddMinutes(minutes)
                ? (object)view : null;
        }, $"Scheduling to see {agentId} {state}");
    }

    private List<T1> Events<T1>(string agent) where T1 : class =>
        _platform.Published.OfType<T1>().Where(e => (string)typeof(T1).GetProperty("AgentId")!.GetValue(e)! == agent).ToList();

    [Fact]
    public async Task AgentOnBreakEarly_RaisesOneExceptionAfterFiveMinutes_ClearedWhenBack_AndTheDayShowsIt()
    {
        _ = T;
        using var supervisor = await _platform.As("supervisor");
        using var agent = await _platform.As("agent09");
        using var published = await supervisor.PutAsJsonAsync("/api/schedules/published", Schedule("agent09"));
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var day = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("days")[0];
        Assert.Equal(3, day.GetProperty("activities").GetArrayLength());
        Assert.Equal("break", day.GetProperty("activities")[1].GetProperty("kind").GetString());

        await SetStateAsync(agent, supervisor, "agent09", "Available", null, 0);
        await SetStateAsync(agent, supervisor, "agent09", "NotReady", "break", 10);

        _platform.Clock.Set(T.AddMinutes(13));
        await _platform.Monitor.CheckAsync();
        Assert.Empty(Events<AdherenceExceptionRaised>("agent09"));

        _platform.Clock.Set(T.AddMinutes(16));
        await _platform.Monitor.CheckAsync();
        var raised = Assert.Single(Events<AdherenceExceptionRaised>("agent09"));
        Assert.Equal(T.AddMinutes(10), raised.Since);
        Assert.Equal(360, raised.OutForSeconds);
        Assert.Equal("work", raised.ExpectedActivity);
        Assert.Equal("NotReady", raised.ActualState);
        Assert.Equal("break", raised.ActualReason);
        Assert.Equal(Date, raised.Date);
        Assert.Contains("lumiere-bank", raised.TenantIds);

        _platform.Clock.Set(T.AddMinutes(17));
        await _platform.Monitor.CheckAsync();
        Assert.Single(Events<AdherenceExceptionRaised>("agent09"));
        Assert.Empty(Events<AdherenceExceptionCleared>("agent09"));

        // A restarted monitor knows the episode from the database: it does not announce it again.
        var restarted = ActivatorUtilities.CreateInstance<AdherenceMonitor>(_platform.Services);
        _platform.Clock.Set(T.AddMinutes(18));
        Assert.Empty(await restarted.CheckAsync());

        await SetStateAsync(agent, supervisor, "agent09", "Available", null, 20);
        _platform.Clock.Set(T.AddMinutes(25));
        await _platform.Monitor.CheckAsync();
        var cleared = Assert.Single(Events<AdherenceExceptionCleared>("agent09"));
        Assert.Equal(T.AddMinutes(10), cleared.Since);
        Assert.Equal(T.AddMinutes(20), cleared.Until);
        Assert.Equal(600, cleared.OutForSeconds);
        // Agents without a schedule have nothing to adhere to.
        Assert.All(_platform.Published.OfType<AdherenceExceptionRaised>(), e => Assert.Equal("agent09", e.AgentId));

        // 25 minutes of work scheduled so far: 15 available (in), 10 on an unscheduled break (out).
        var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/agent09?date={DateText}");
        Assert.Equal(0.6, view.GetProperty("adherence").GetDouble(), 6);
        Assert.Equal(0.6, view.GetProperty("conformance").GetDouble(), 6);
        Assert.Equal(25, view.GetProperty("elapsedScheduledMinutes").GetDouble(), 6);
        Assert.Equal(10, view.GetProperty("outOfAdherenceMinutes").GetDouble(), 6);
        Assert.Equal(120, view.GetProperty("scheduledMinutes").GetDouble(), 6);
        Assert.True(view.GetProperty("status").GetProperty("inAdherence").GetBoolean());
        var segments = view.GetProperty("timeline").GetProperty("segments").EnumerateArray()
            .Where(s => s.GetProperty("expected").GetString() == "work")
            .Select(s => (s.GetProperty("state").GetString(), s.GetProperty("inAdherence").GetBoolean())).ToList();
        Assert.Equal([("Available", true), ("NotReady", false), ("Available", true)], segments);
        Assert.Equal(3, view.GetProperty("timeline").GetProperty("scheduled").GetArrayLength());

        var all = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence?date={DateText}");
        var agents = all.GetProperty("agents").EnumerateArray().ToList();
        Assert.Equal(40, agents.Count);
        Assert.Equal(0.6, agents.Single(a => a.GetProperty("agentId").GetString() == "agent09").GetProperty("adherence").GetDouble(), 6);
        Assert.All(agents.Where(a => a.GetProperty("agentId").GetString() != "agent09"), a => Assert.False(a.GetProperty("scheduled").GetBoolean()));
        Assert.Equal(0.6, all.GetProperty("adherence").GetDouble(), 6);

        // The agent reads its own schedule and adherence, and nobody else's.
        var mine = await agent.GetFromJsonAsync<JsonElement>($"/api/schedules/me?from={DateText}");
        Assert.Equal("agent09", mine.GetProperty("days")[0].GetProperty("agentId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/adherence/agents/agent09?date={DateText}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/adherence/agents/agent10?date={DateText}")).StatusCode);
    }

    [Fact]
    public async Task StateEventsOutOfOrderAndTwice_CountOnce_AndSurviveARestart()
    {
        _ = T;
        using (var supervisor = await _platform.As("supervisor"))
        {
            Assert.Equal(HttpStatusCode.OK, (await supervisor.PutAsJsonAsync("/api/schedules/published", Schedule("agent12"))).StatusCode);
            var bus = _platform.Services.GetRequiredService<IBus>();
            AgentStateChanged Change(int minutes, string state, string? reason = null) =>
                new("agent12", ["lumiere-bank"], state, reason, null, T.AddMinutes(minutes));
            // Available at 0, NotReady "break" 30-45 (on time), LoggedOut at 100: sent late, reversed and twice.
            foreach (var change in new[] { Change(100, "LoggedOut"), Change(45, "Available"), Change(30, "NotReady", "break"), Change(0, "Available"),
                         Change(30, "NotReady", "break"), Change(100, "LoggedOut") })
                await bus.Publish(change);
            _platform.Clock.Set(T.AddMinutes(121));
            var view = await TestInfrastructure.EventuallyAsync(async () =>
            {
                var v = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/agent12?date={DateText}");
                // All four changes are in when the agent was available twice and ended logged out (any three of them show otherwise).
                var actual = v.GetProperty("timeline").GetProperty("actual").EnumerateArray().Select(a => a.GetProperty("state").GetString()).ToList();
                return actual.Count(a => a == "Available") == 2 && actual[^1] == "LoggedOut" ? (object)v : null;
            }, "the four state changes");
            Assert.Equal(100.0 / 120, ((JsonElement)view).GetProperty("adherence").GetDouble(), 6);
            Assert.Equal(85.0 / 105, ((JsonElement)view).GetProperty("conformance").GetDouble(), 6);
        }
        // A new process on the same database (MassTransit's logging context is process-wide: it starts before the old one stops).
        using var restarted = new AdherencePlatform(_platform.DataFolder, T);
        using var again = await restarted.As("supervisor"); // tokens are checked against the real clock: issued at T
        restarted.Clock.Set(T.AddMinutes(121));
        _platform.KeepData = true;
        _platform.Dispose();
        var after = await again.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/agent12?date={DateText}");
        Assert.Equal(100.0 / 120, after.GetProperty("adherence").GetDouble(), 6);
        Assert.Equal(20, after.GetProperty("outOfAdherenceMinutes").GetDouble(), 6);
    }

    [Fact]
    public async Task AgentWhoNeverLogsIn_IsReportedByTheMonitorsOwnTick_OutSinceTheShiftStarted()
    {
        using var ticking = new AdherencePlatform(checkInterval: "00:00:00.200");
        var t = ticking.Clock.Now;
        using var supervisor = await ticking.As("supervisor");
        var date = Casablanca.DateOf(t).ToString("yyyy-MM-dd");
        using var published = await supervisor.PutAsJsonAsync("/api/schedules/published", new
        {
            days = new[] { new { agentId = "agent11", date, activities = new[] { new { kind = "work", start = Z(t), end = Z(t.AddHours(2)) } } } },
        });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        ticking.Clock.Set(t.AddMinutes(20));

        var raised = await TestInfrastructure.EventuallyAsync(() => Task.FromResult(
            ticking.Published.OfType<AdherenceExceptionRaised>().FirstOrDefault(e => e.AgentId == "agent11")), "agent11's exception");
        Assert.Equal(t, raised.Since);
        Assert.Equal(1200, raised.OutForSeconds);
        Assert.Equal("LoggedOut", raised.ActualState);
        // Later checks of the same episode announce nothing more.
        for (var i = 0; i < 3; i++)
            Assert.DoesNotContain(await ticking.Monitor.CheckAsync(), e => e is AdherenceExceptionRaised);
        Assert.Single(ticking.Published.OfType<AdherenceExceptionRaised>());
    }

    [Fact]
    public async Task SolverShifts_PublishWithDaysOff_InTheCentresLocalTime()
    {
        using var supervisor = await _platform.As("supervisor");
        using var response = await supervisor.PutAsJsonAsync("/api/schedules/published", new
        {
            from = "2026-06-01", to = "2026-06-02",
            shifts = new[]
            {
                new
                {
                    agentId = "agent05", template = "early", start = "2026-06-01T08:00:00", end = "2026-06-01T16:00:00",
                    @break = new { from = "2026-06-01T10:00:00", to = "2026-06-01T10:15:00" },
                    lunch = new { from = "2026-06-01T12:00:00", to = "2026-06-01T12:30:00" },
                },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await supervisor.GetFromJsonAsync<JsonElement>("/api/schedules/published?from=2026-06-01&to=2026-06-02&agentId=agent05");
        Assert.Equal("Africa/Casablanca", read.GetProperty("timeZone").GetString());
        var days = read.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(2, days.Count);
        Assert.Equal(["work", "break", "work", "lunch", "work"],
            days[0].GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("kind").GetString()));
        Assert.Equal("2026-06-01T08:00:00+01:00", days[0].GetProperty("activities")[0].GetProperty("start").GetString());
        Assert.Equal("2026-06-01T10:15:00+01:00", days[0].GetProperty("activities")[2].GetProperty("start").GetString());
        Assert.True(days[1].GetProperty("dayOff").GetBoolean());
    }

    [Fact]
    public async Task DemoSchedule_PublishesTodayForEveryAgent_WithStaggeredBreaks()
    {
        using var demo = new AdherencePlatform(demoSchedule: true);
        using var supervisor = await demo.As("supervisor");
        var today = Casablanca.DateOf(demo.Clock.Now).ToString("yyyy-MM-dd");
        var days = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var read = await supervisor.GetFromJsonAsync<JsonElement>($"/api/schedules/published?from={today}");
            return read.GetProperty("days").GetArrayLength() == 40 ? (object)read.GetProperty("days").EnumerateArray().ToList() : null;
        }, "the demo schedule");
        var list = (List<JsonElement>)days;
        Assert.All(list, d => Assert.Equal(7, d.GetProperty("activities").GetArrayLength()));
        var firstBreaks = list.Select(d => d.GetProperty("activities")[1].GetProperty("start").GetDateTimeOffset()).Distinct().Count();
        Assert.Equal(6, firstBreaks);

        var all = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence?date={today}");
        Assert.All(all.GetProperty("agents").EnumerateArray(), a => Assert.True(a.GetProperty("scheduled").GetBoolean()));
    }

    [Fact]
    public async Task AccessTokens_ExpireOnTheHostsClock()
    {
        _ = T;
        using var supervisor = await _platform.As("supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/adherence")).StatusCode);
        _platform.Clock.Set(T.AddMinutes(239));
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/adherence")).StatusCode);
        _platform.Clock.Set(T.AddMinutes(241));
        Assert.Equal(HttpStatusCode.Unauthorized, (await supervisor.GetAsync("/api/adherence")).StatusCode);
    }

    [Fact]
    public async Task Security_AndBadInput()
    {
        _ = T;
        using var anonymous = await _platform.As("anonymous");
        using var agent = await _platform.As("agent09");
        using var client = await _platform.As("client-lumiere-bank");
        using var supervisor = await _platform.As("supervisor");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/adherence")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/schedules/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/schedules/published", Schedule("agent09"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/adherence")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/schedules/published", Schedule("agent09"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/schedules/published")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/adherence")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/adherence/agents/agent09")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/schedules/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync("/api/adherence/agents/agent10")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/api/adherence/agents/nobody")).StatusCode);

        await AssertBadAsync(await supervisor.GetAsync("/api/adherence?date=2026-13-01"), "date");
        await AssertBadAsync(await supervisor.GetAsync("/api/schedules/published?from=2026-12-10&to=2026-12-01"), "to");

        object Day(string agentId, params object[] activities) => new { days = new[] { new { agentId, date = DateText, activities } } };
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", Day("agent09",
            new { kind = "work", start = Z(T), end = Z(T.AddMinutes(60)) },
            new { kind = "break", start = Z(T.AddMinutes(50)), end = Z(T.AddMinutes(65)) })), "days[0].activities[1]");
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", Day("agent99",
            new { kind = "work", start = Z(T), end = Z(T.AddMinutes(60)) })), "days[0].agentId");
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", Day("agent09",
            new { kind = "work", start = Z(T.AddMinutes(60)), end = Z(T) })), "days[0].activities[0].end");
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", Day("agent09",
            new { kind = "nap", start = Z(T), end = Z(T.AddMinutes(60)) })), "days[0].activities[0].kind");
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", new { days = Array.Empty<object>() }), "days");
        await AssertBadAsync(await supervisor.PutAsJsonAsync("/api/schedules/published", Day("agent09",
            new { kind = "work", start = "yesterday", end = Z(T) })), "days[0].activities[0].start");
        // Nothing of the refused requests was stored.
        var stored = await supervisor.GetFromJsonAsync<JsonElement>($"/api/schedules/published?from={DateText}");
        Assert.Equal(0, stored.GetProperty("days").GetArrayLength());
    }

    private static async Task AssertBadAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
    }

    [Fact]
    public async Task TheDaysFigures_ReachTheAgentReport_AsTheAdherenceApiGivesThem()
    {
        _ = T;
        using var supervisor = await _platform.As("supervisor");
        using var agent = await _platform.As("agent10");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PutAsJsonAsync("/api/schedules/published", Schedule("agent10"))).StatusCode);
        await SetStateAsync(agent, supervisor, "agent10", "Available", null, 0);
        await SetStateAsync(agent, supervisor, "agent10", "NotReady", "break", 10);
        await SetStateAsync(agent, supervisor, "agent10", "Available", null, 20);
        _platform.Clock.Set(T.AddMinutes(60));

        var sent = await _platform.Services.GetRequiredService<AdherencePublisher>().PublishAsync();
        var recorded = Assert.Single(sent, s => s.AgentId == "agent10");
        var view = await supervisor.GetFromJsonAsync<JsonElement>($"/api/adherence/agents/agent10?date={DateText}");
        var adherence = view.GetProperty("adherence").GetDouble();
        Assert.Equal(view.GetProperty("inAdherenceMinutes").GetDouble() / view.GetProperty("elapsedScheduledMinutes").GetDouble(), adherence, 9);
        Assert.Equal(recorded.InAdherenceMinutes / recorded.ScheduledMinutes, adherence, 9);
        Assert.InRange(adherence, 0.1, 0.9);

        // SlaTracking keeps the figures from the bus; the agent report's day row for the agent shows them.
        var row = await TestInfrastructure.EventuallyAsync(async () =>
        {
            var report = await supervisor.GetFromJsonAsync<JsonElement>($"/api/sla/agent-report?from={DateText}&to={DateText}&granularity=day");
            return report.GetProperty("rows").EnumerateArray()
                .Where(r => r.GetProperty("agentId").GetString() == "agent10" && r.GetProperty("period").GetString() != "total")
                .Where(r => r.GetProperty("adherence").ValueKind == JsonValueKind.Number).Select(r => (object)r).FirstOrDefault();
        }, "the agent report to show agent10's adherence") is JsonElement found ? found : default;
        Assert.Equal(adherence, row.GetProperty("adherence").GetDouble(), 9);
        Assert.Equal(view.GetProperty("conformance").GetDouble(), row.GetProperty("conformance").GetDouble(), 9);

        // Published again: the same figures, stored once.
        await _platform.Services.GetRequiredService<AdherencePublisher>().PublishAsync();
        var again = await supervisor.GetFromJsonAsync<JsonElement>($"/api/sla/agent-report?from={DateText}&to={DateText}&granularity=month");
        var total = again.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("agentId").GetString() == "agent10"
            && r.GetProperty("period").GetString() == "total");
        Assert.Equal(adherence, total.GetProperty("adherence").GetDouble(), 9);
    }

    public void Dispose() => _platform.Dispose();
}
