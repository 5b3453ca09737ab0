using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.Routing.Engine;
using CallCentre.Routing.Telephony;
using CallCentre.Testing;

namespace CallCentre.Routing.Tests;

/// <summary>Calling hours: a window in the customer's zone, inside the tenant's hours, on no public holiday.</summary>
public class CallingHoursTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static (CallingHours.Window?, Dictionary<string, string[]>) Check(string start, string end, string zone = "Europe/Paris",
        Func<DateOnly, bool>? holiday = null) =>
        CallingHours.Check(zone, start, end, CallingHours.French, holiday ?? (_ => false), Now);

    [Fact]
    public void AWeekdayMorningWindow_InParis_IsTakenAsItsInstants()
    {
        var (window, errors) = Check("2027-03-02T10:30", "2027-03-02T11:00");
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 9, 30, 0, TimeSpan.Zero), window!.Start);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 10, 0, 0, TimeSpan.Zero), window.End);
    }

    [Theory]
    [InlineData("2027-03-02T12:30", "2027-03-02T13:30")] // over the lunch break
    [InlineData("2027-03-02T09:00", "2027-03-02T10:30")] // before 10:00
    [InlineData("2027-03-02T19:30", "2027-03-02T20:30")] // after 20:00
    [InlineData("2027-03-06T10:30", "2027-03-06T11:00")] // a Saturday
    public void AWindowOutsideTheFrenchRules_IsRefused_NamingWindowStart(string start, string end) =>
        Assert.True(Check(start, end).Item2.ContainsKey("windowStart"));

    [Fact]
    public void APublicHoliday_IsRefused() =>
        Assert.Contains("public holiday", Check("2027-07-14T10:30", "2027-07-14T11:00", holiday: d => d == new DateOnly(2027, 7, 14)).Item2["windowStart"][0]);

    [Fact]
    public void TheCustomersZone_DecidesTheHour()
    {
        // 10:30 in Toronto is 15:30 UTC (16:30 in Paris): what counts is the customer's clock.
        var (window, errors) = Check("2027-03-02T10:30", "2027-03-02T11:00", "America/Toronto");
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 15, 30, 0, TimeSpan.Zero), window!.Start);
    }

    [Fact]
    public void BadInput_NamesItsField()
    {
        Assert.True(Check("2027-03-02T10:30", "2027-03-02T11:00", "Mars/Olympus").Item2.ContainsKey("timeZone"));
        Assert.True(Check("2027-03-02T11:00", "2027-03-02T10:30").Item2.ContainsKey("windowEnd"));
        Assert.True(Check("2027-03-02 10h30", "2027-03-02T11:00").Item2.ContainsKey("windowStart"));
        Assert.True(Check("2027-02-26T10:30", "2027-02-26T11:00").Item2.ContainsKey("windowStart")); // past
        Assert.True(Check("2027-03-28T02:30", "2027-03-28T11:00").Item2.ContainsKey("windowStart")); // the clocks go forward
    }
}

/// <summary>A scheduled callback in the engine: out of line until its window starts, then offered with the window's start as arrival.</summary>
public class ScheduledCallbackEngineTests
{
    private static readonly DateTimeOffset T0 = CallbackTests.T0;

    [Fact]
    public void AScheduledCallback_IsOfferedWhenItsWindowStarts_AndItsWaitCountsFromThere()
    {
        var engine = CallbackTests.Engine();
        engine.SetAgentState("a1", AgentState.Available, null, T0);
        var id = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok, engine.ScheduleCallback(id, "bank", "h", T0.AddHours(2), T0.AddHours(3), T0));
        Assert.Equal(RoutingOutcome.Duplicate, engine.ScheduleCallback(id, "bank", "h", T0.AddHours(2), T0.AddHours(3), T0));
        Assert.Equal(RoutingOutcome.UnknownQueue, engine.ScheduleCallback(Guid.NewGuid(), "nowhere", "h", T0.AddHours(2), T0.AddHours(3), T0));
        var events = engine.DrainEvents();
        Assert.Equal((ContactKinds.Callback, T0.AddHours(2)), (Assert.Single(events.OfType<CallQueued>()).Kind, events.OfType<CallQueued>().Single().QueuedAt));
        Assert.Equal(T0.AddHours(2), Assert.Single(events.OfType<CallbackRequested>()).DueAt);
        Assert.Empty(events.OfType<CallOffered>());
        engine.Tick(T0.AddHours(2).AddSeconds(-1));
        Assert.Empty(engine.DrainEvents().OfType<CallOffered>());
        engine.Tick(T0.AddHours(2));
        Assert.Equal(id, Assert.Single(engine.DrainEvents().OfType<CallOffered>()).CallId);
        engine.Answer("a1", id, T0.AddHours(2).AddSeconds(5));
        Assert.Equal(1, Assert.Single(engine.DrainEvents().OfType<CallbackDialRequested>()).Attempt);
        engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.Connected, T0.AddHours(2).AddSeconds(30));
        var answered = Assert.Single(engine.DrainEvents().OfType<CallAnswered>());
        Assert.Equal(30, (answered.AnsweredAt - answered.QueuedAt).TotalSeconds);
    }
}

/// <summary>A scheduled callback's window end: no dial starts at or after it; a dial under way then finishes.</summary>
public class CallbackWindowEndTests
{
    private static readonly DateTimeOffset Start = CallbackTests.T0.AddHours(2);
    private static readonly DateTimeOffset End = Start.AddSeconds(100);
    private static readonly Dictionary<string, int> Banking = new() { ["banking"] = 3 };

    private static (RoutingEngine Engine, Guid Id) Booked()
    {
        var engine = new RoutingEngine(
            [TestQueues.Queue("bank", "lumiere", Banking, offerTimeoutSeconds: 10) with { CallbackAttempts = 5, CallbackSpacingSeconds = 60 }],
            [CallbackTests.Agent("a1")]);
        engine.SetAgentState("a1", AgentState.Available, null, CallbackTests.T0);
        var id = Guid.NewGuid();
        Assert.Equal(RoutingOutcome.Ok, engine.ScheduleCallback(id, "bank", "h", Start, End, CallbackTests.T0));
        Assert.Equal(End, Assert.Single(engine.DrainEvents().OfType<CallbackRequested>()).WindowEndsAt);
        engine.Tick(Start);
        Assert.Equal(id, Assert.Single(engine.DrainEvents().OfType<CallOffered>()).CallId);
        return (engine, id);
    }

    [Fact]
    public void ARetryWhoseSpacingWouldCrossTheWindowsEnd_IsNotMade_AndTheCallbackEndsUnreached()
    {
        var (engine, id) = Booked();
        engine.Answer("a1", id, Start.AddSeconds(5));
        engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.NoAnswer, Start.AddSeconds(30));
        var first = Assert.Single(engine.DrainEvents().OfType<CallbackAttempted>());
        Assert.Equal((false, Start.AddSeconds(90)), (first.Final, first.RetryAt));
        engine.Tick(Start.AddSeconds(90));
        Assert.Single(engine.DrainEvents().OfType<CallOffered>());
        Assert.Equal(RoutingOutcome.Ok, engine.Answer("a1", id, Start.AddSeconds(92)));
        Assert.Equal(RoutingOutcome.Ok, engine.RecordCallbackAttempt(id, 2, CallbackOutcomes.Busy, Start.AddSeconds(95)));
        var events = engine.DrainEvents();
        var second = Assert.Single(events.OfType<CallbackAttempted>());
        Assert.Equal((2, true, (DateTimeOffset?)null), (second.Attempt, second.Final, second.RetryAt));
        var abandoned = Assert.Single(events.OfType<CallAbandoned>());
        Assert.Equal((id, ContactKinds.Callback, Start.AddSeconds(95)), (abandoned.CallId, abandoned.Kind, abandoned.AbandonedAt));
        Assert.Null(engine.FindCall(id));
        engine.Tick(End.AddMinutes(5));
        Assert.Empty(engine.DrainEvents().OfType<CallOffered>());
    }

    [Fact]
    public void ADialUnderWayAtTheWindowsEnd_Finishes_AndTheCustomerReachedIsAnswered()
    {
        var (engine, id) = Booked();
        engine.Answer("a1", id, Start.AddSeconds(95));
        engine.DrainEvents();
        engine.Tick(End);
        engine.Tick(End.AddSeconds(30));
        Assert.Empty(engine.DrainEvents().OfType<CallAbandoned>());
        Assert.Equal(RoutingOutcome.Ok, engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.Connected, End.AddSeconds(40)));
        Assert.Equal(End.AddSeconds(40), Assert.Single(engine.DrainEvents().OfType<CallAnswered>()).AnsweredAt);
        Assert.Equal(RoutingOutcome.Ok, engine.Complete("a1", id, null, End.AddSeconds(100)));
    }

    [Fact]
    public void ADialUnderWayAtTheWindowsEnd_ThatFails_IsTheLast()
    {
        var (engine, id) = Booked();
        engine.Answer("a1", id, Start.AddSeconds(95));
        engine.Tick(End.AddSeconds(1));
        engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.NoAnswer, End.AddSeconds(20));
        var events = engine.DrainEvents();
        Assert.True(Assert.Single(events.OfType<CallbackAttempted>()).Final);
        Assert.Equal(id, Assert.Single(events.OfType<CallAbandoned>()).CallId);
        Assert.Equal(AgentState.Available, engine.FindAgent("a1")!.State);
    }

    [Fact]
    public void ACallbackOfferedButNotAcceptedByTheWindowsEnd_EndsUnreached_WithoutADial()
    {
        var (engine, id) = Booked();
        engine.Answer("a1", id, Start.AddSeconds(5));
        engine.RecordCallbackAttempt(id, 1, CallbackOutcomes.Busy, Start.AddSeconds(20));
        engine.Tick(Start.AddSeconds(80));
        Assert.Single(engine.DrainEvents().OfType<CallOffered>());
        Assert.Equal(RoutingOutcome.InvalidState, engine.Answer("a1", id, End));
        var events = engine.DrainEvents();
        Assert.Empty(events.OfType<CallbackDialRequested>());
        Assert.Equal((id, ContactKinds.Callback), (Assert.Single(events.OfType<CallAbandoned>()).CallId, events.OfType<CallAbandoned>().Single().Kind));
        Assert.Null(engine.FindCall(id));
    }

    [Fact]
    public void ACallbackWaitingForAnAgentAtTheWindowsEnd_EndsUnreachedAtTheTick()
    {
        var (engine, id) = Booked();
        engine.SetAgentState("a1", AgentState.NotReady, "break", Start.AddSeconds(2));
        engine.DrainEvents();
        engine.Tick(End.AddSeconds(-1));
        Assert.Empty(engine.DrainEvents().OfType<CallAbandoned>());
        engine.Tick(End);
        Assert.Equal(End, Assert.Single(engine.DrainEvents().OfType<CallAbandoned>()).AbandonedAt);
        engine.SetAgentState("a1", AgentState.Available, null, End.AddSeconds(1));
        Assert.Empty(engine.DrainEvents().OfType<CallOffered>());
    }
}

/// <summary>Booking a callback through the telephony API on the embedded platform (the demo's Banque Lumière: France's holidays).</summary>
public sealed class ScheduledCallbackApiTests : IAsyncLifetime
{
    private readonly EmbeddedPlatform _platform = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    private static object Booking(string start, string end) => new
    {
        queueId = "lumiere-banking-fr", callbackNumber = "+33 6 12 12 12 12", timeZone = "Europe/Paris", windowStart = start, windowEnd = end,
    };

    [Fact]
    public async Task ABookingInsideTheCallingHours_WaitsForItsWindow_AndOneOutsideIsA400NamingTheField()
    {
        using var pbx = await _platform.HttpAs("pbx");
        var booked = await pbx.PostAsJsonAsync("/api/telephony/callbacks", Booking("2030-03-05T10:30", "2030-03-05T11:00"));
        Assert.Equal(HttpStatusCode.Accepted, booked.StatusCode);
        var body = JsonDocument.Parse(await booked.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(new DateTimeOffset(2030, 3, 5, 9, 30, 0, TimeSpan.Zero), body.GetProperty("dueAt").GetDateTimeOffset());
        var call = JsonDocument.Parse(await pbx.GetStringAsync($"/api/telephony/calls/{body.GetProperty("callId").GetGuid()}")).RootElement;
        Assert.Equal(("callback", "Waiting"), (call.GetProperty("kind").GetString(), call.GetProperty("state").GetString()));

        var lunch = await pbx.PostAsJsonAsync("/api/telephony/callbacks", Booking("2030-03-05T13:00", "2030-03-05T13:30"));
        Assert.Equal(HttpStatusCode.BadRequest, lunch.StatusCode);
        Assert.Contains("calling hours", (await lunch.Content.ReadAsStringAsync()));
        var holiday = await pbx.PostAsJsonAsync("/api/telephony/callbacks", Booking("2027-07-14T10:30", "2027-07-14T11:00"));
        Assert.Equal(HttpStatusCode.BadRequest, holiday.StatusCode);
        Assert.Contains("public holiday", await holiday.Content.ReadAsStringAsync());
        var unknown = await pbx.PostAsJsonAsync("/api/telephony/callbacks", new { queueId = "nowhere", callbackNumber = "+33612121212" });
        Assert.True(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("queueId", out _));
    }

    [Fact]
    public async Task ARepeatedBooking_WithTheSameRequestId_BooksOneCallback_AndAnswersTheSameId_AlsoAfterARestart()
    {
        var folder = Directory.CreateTempSubdirectory("callback-repeat-").FullName;
        var first = new EmbeddedPlatform(dataFolder: folder);
        Guid callId;
        var booking = new
        {
            queueId = "lumiere-banking-fr", callbackNumber = "+33 6 12 12 12 12", timeZone = "Europe/Paris", windowStart = "2030-03-05T10:30",
            windowEnd = "2030-03-05T11:00", requestId = "ivr-7781",
        };
        await using (first)
        {
            using var pbx = await first.HttpAs("pbx");
            var booked = await pbx.PostAsJsonAsync("/api/telephony/callbacks", booking);
            Assert.Equal(HttpStatusCode.Accepted, booked.StatusCode);
            callId = JsonDocument.Parse(await booked.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetGuid();
            var id = callId;
            await TestInfrastructure.EventuallyAsync(() => Task.FromResult(first.Published.OfType<CallbackRequested>().FirstOrDefault(r => r.CallId == id)),
                "the booking's CallbackRequested");
            var again = await pbx.PostAsJsonAsync("/api/telephony/callbacks", booking);
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            var repeat = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((callId, "ivr-7781"), (repeat.GetProperty("callId").GetGuid(), repeat.GetProperty("requestId").GetString()));
            Assert.Single(first.Published.OfType<CallbackRequested>());
        }
        await using var second = new EmbeddedPlatform(dataFolder: folder);
        using var pbx2 = await second.HttpAs("pbx");
        var afterRestart = await pbx2.PostAsJsonAsync("/api/telephony/callbacks", booking);
        Assert.Equal(HttpStatusCode.Accepted, afterRestart.StatusCode);
        Assert.Equal(callId, JsonDocument.Parse(await afterRestart.Content.ReadAsStringAsync()).RootElement.GetProperty("callId").GetGuid());
        Assert.Empty(second.Published.OfType<CallbackRequested>());
        var call = JsonDocument.Parse(await pbx2.GetStringAsync($"/api/telephony/calls/{callId}")).RootElement;
        Assert.Equal(("callback", "Waiting"), (call.GetProperty("kind").GetString(), call.GetProperty("state").GetString()));

        var other = await pbx2.PostAsJsonAsync("/api/telephony/callbacks", booking with { windowStart = "2030-03-05T10:00" });
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var problem = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(callId.ToString(), problem.GetProperty("errors").GetProperty("requestId")[0].GetString());
        var bad = await pbx2.PostAsJsonAsync("/api/telephony/callbacks", booking with { requestId = "" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("requestId", out _));
    }
}
