using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CallCentre.EndToEnd.Tests;

/// <summary>What one caller may send: body caps (413), compute caps (400 naming the field), concurrency slots (429 + Retry-After).</summary>
public sealed class RequestLimitsTests : IDisposable
{
    private readonly EmbeddedPlatform _platform = new();

    [Fact]
    public async Task OversizedBody_WithALength_Gets413Problem_AndNothingIsWritten()
    {
        using var admin = await _platform.HttpAs("admin");
        var body = JsonSerializer.Serialize(new { name = new string('x', 300 * 1024), skills = new Dictionary<string, int> { ["fr"] = 3 } });
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await admin.PutAsync("/api/admin/agents/agent-oversized", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("262144 bytes", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/agents/agent-oversized")).StatusCode);
    }

    [Fact]
    public async Task OversizedBody_Chunked_Gets413Problem_AndNothingIsWritten()
    {
        using var admin = await _platform.HttpAs("admin");
        using var content = new StreamContent(new ChunkedOnly(Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { name = new string('x', 300 * 1024), skills = new Dictionary<string, int> { ["fr"] = 3 } }))));
        content.Headers.ContentType = new("application/json");

        using var response = await admin.PutAsync("/api/admin/agents/agent-chunked", content);

        Assert.Null(content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/agents/agent-chunked")).StatusCode);
    }

    [Fact]
    public async Task ComputeEndpoint_TakesABodyLargerThanTheDefaultCap()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        // Five weeks of 5-minute history: about 600 KB, over the 256 KiB default, well under the compute cap.
        var start = new DateTime(2026, 1, 5);
        var history = Enumerable.Range(0, 35 * 288).Select(i => new { start = start.AddMinutes(5 * i).ToString("s"), calls = i % 7 }).ToList();
        var body = JsonSerializer.Serialize(new
        {
            intervalMinutes = 5, history,
            horizon = new { from = start.AddDays(35).ToString("s"), to = start.AddDays(36).ToString("s") },
        });
        Assert.True(body.Length > 256 * 1024, $"{body.Length} bytes");

        using var response = await supervisor.PostAsync("/api/forecasts/series", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Requirements_TooManyDistinctStarts_Gets400NamingQueues()
    {
        var start = new DateTime(2026, 3, 2);
        var forecast = Enumerable.Range(0, 92 * 96 + 1).Select(i => new { start = start.AddMinutes(15 * i).ToString("s"), calls = 1 }).ToList();
        var errors = await RefusedAsync("/api/staffing/requirements", new
        {
            intervalMinutes = 15,
            queues = new[] { new { id = "q1", ahtSeconds = 180, targetServiceLevel = 0.8, targetAnswerSeconds = 20, forecast } },
        });
        Assert.Contains("at most 8832", Assert.Single(errors.GetProperty("queues").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Requirements_TooManyQueuesTimesStarts_Gets400NamingQueues()
    {
        // 1,000 queues of one point each, over 251 distinct starts: 251,000 queue-intervals to staff.
        var start = new DateTime(2026, 3, 2);
        var queues = Enumerable.Range(0, 1000).Select(i => new
        {
            id = $"q{i}", ahtSeconds = 180, targetServiceLevel = 0.8, targetAnswerSeconds = 20,
            forecast = new[] { new { start = start.AddMinutes(15 * (i % 251)).ToString("s"), calls = 1 } },
        }).ToList();
        var errors = await RefusedAsync("/api/staffing/requirements", new { intervalMinutes = 15, queues });
        Assert.Contains("at most 250000", Assert.Single(errors.GetProperty("queues").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task SeriesForecast_HistorySpanningTooManyDays_Gets400NamingHistory()
    {
        var first = new DateTime(2024, 1, 1);
        var history = Enumerable.Range(0, 800).Select(d => new { start = first.AddDays(d).AddHours(10).ToString("s"), calls = 5 }).ToList();
        var errors = await RefusedAsync("/api/forecasts/series", new
        {
            intervalMinutes = 60, history,
            horizon = new { from = first.AddDays(800).ToString("s"), to = first.AddDays(801).ToString("s") },
        });
        Assert.Contains("at most 731", Assert.Single(errors.GetProperty("history").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task SeriesForecast_TooManyOverridesAndExcludedDays_Gets400NamingThem()
    {
        var first = new DateTime(2026, 1, 5);
        var history = Enumerable.Range(0, 28 * 24).Select(h => new { start = first.AddHours(h).ToString("s"), calls = 5 }).ToList();
        var from = first.AddDays(28);
        var errors = await RefusedAsync("/api/forecasts/series", new
        {
            intervalMinutes = 60, history,
            horizon = new { from = from.ToString("s"), to = from.AddDays(1).ToString("s") },
            overrides = Enumerable.Repeat(new { start = from.ToString("s"), calls = 1 }, 92 * 288 + 1),
            excludeDays = Enumerable.Range(0, 367).Select(d => DateOnly.FromDateTime(first).AddDays(-d - 1).ToString("yyyy-MM-dd")),
        });
        Assert.Contains("at most 26496", Assert.Single(errors.GetProperty("overrides").EnumerateArray()).GetString());
        Assert.Contains("at most 366", Assert.Single(errors.GetProperty("excludeDays").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task QueueForecast_TooManyExcludedDays_Gets400NamingExclude()
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        var query = string.Join('&', Enumerable.Range(0, 367).Select(d => "exclude=" + new DateOnly(2025, 1, 1).AddDays(d).ToString("yyyy-MM-dd")));

        using var response = await supervisor.GetAsync("/api/forecasts/queues/lumiere-banking-fr?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("at most 366", Assert.Single(errors.GetProperty("exclude").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task RosterSolve_TooManyAgentsTimesIntervals_Gets400NamingAgents()
    {
        var firstDay = new DateOnly(2026, 3, 2);
        var errors = await RefusedAsync("/api/schedules/solve", new
        {
            firstDay = firstDay.ToString("yyyy-MM-dd"), intervalMinutes = 15, weeks = 2, timeLimitSeconds = 1,
            templates = new[] { new { name = "day", lengthMinutes = 480, earliestStart = "08:00", latestStart = "10:00" } },
            agents = Enumerable.Range(0, 300).Select(i => new { id = $"a{i}", skills = new[] { "fr" } }),
            requirement = Enumerable.Range(0, 14 * 96).Select(i => new
            {
                start = firstDay.ToDateTime(TimeOnly.MinValue).AddMinutes(15 * i).ToString("s"),
                groups = new[] { new { skillGroup = "fr", agents = 1 } },
            }),
        });
        Assert.Contains("at most 400000", Assert.Single(errors.GetProperty("agents").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task RosterSolve_WhenTheOnlySlotIsTaken_Gets429WithRetryAfter_ThenServesAgain()
    {
        await SlotsAreCappedAsync("/api/schedules/solve", slots: 1);
    }

    [Fact]
    public async Task Requirements_WhenBothSlotsAreTaken_Gets429WithRetryAfter_ThenServesAgain()
    {
        await SlotsAreCappedAsync("/api/staffing/requirements", slots: 2);
    }

    /// <summary>Sends one request more than there are slots, each with only the first byte of its body (the limiter admits a request
    /// before its body is read): the one that finds every slot taken answers 429 at once, the others wait for the rest of their body.
    /// Then every slot is free again.</summary>
    private async Task SlotsAreCappedAsync(string path, int slots)
    {
        var token = await _platform.TokenAsync("supervisor");
        var requests = new List<PartialRequest>();
        try
        {
            for (var i = 0; i <= slots; i++)
                requests.Add(await PartialRequest.SendAsync(_platform.Address, path, token));
            var answers = requests.Select(r => r.StatusLineAsync()).ToList();
            var firstAnswer = Task.WhenAny(answers);
            Assert.True(await Task.WhenAny(firstAnswer, Task.Delay(TimeSpan.FromSeconds(30))) == firstAnswer, "no request was turned away");
            var refused = requests[answers.IndexOf(await firstAnswer)];
            var head = await refused.StatusLineAsync();

            Assert.StartsWith("HTTP/1.1 429", head);
            Assert.Matches(@"(?im)^Retry-After: [1-9][0-9]*\r?$", head);
            Assert.Contains("application/problem+json", head);
            Assert.Equal(slots, answers.Count(a => !a.IsCompleted));

            foreach (var request in requests.Where(r => r != refused))
                await request.FinishAsync();
            foreach (var request in requests.Where(r => r != refused))
                Assert.StartsWith("HTTP/1.1 400", await request.StatusLineAsync());
        }
        finally
        {
            foreach (var request in requests)
                request.Dispose();
        }
        using var supervisor = await _platform.HttpAs("supervisor");
        using var again = await supervisor.PostAsJsonAsync(path, new { });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    private async Task<JsonElement> RefusedAsync(string path, object request)
    {
        using var supervisor = await _platform.HttpAs("supervisor");
        using var response = await supervisor.PostAsJsonAsync(path, request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    /// <summary>A POST whose two-byte JSON body "{}" is sent in two parts, over a connection of its own so that its answer can be read
    /// before the body is complete.</summary>
    private sealed class PartialRequest : IDisposable
    {
        private readonly System.Net.Sockets.TcpClient _client = new();
        private Stream _stream = Stream.Null;
        private Task<string>? _head;

        public static async Task<PartialRequest> SendAsync(Uri server, string path, string token)
        {
            var request = new PartialRequest();
            await request._client.ConnectAsync(server.Host, server.Port);
            request._stream = request._client.GetStream();
            await request._stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{"));
            await request._stream.FlushAsync();
            return request;
        }

        /// <summary>The status line and headers of the answer.</summary>
        public Task<string> StatusLineAsync() => _head ??= ReadHeadAsync();

        public async Task FinishAsync()
        {
            await _stream.WriteAsync("}"u8.ToArray());
            await _stream.FlushAsync();
        }

        private async Task<string> ReadHeadAsync()
        {
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && await _stream.ReadAsync(buffer) == 1)
                head.Append((char)buffer[0]);
            return head.ToString();
        }

        public void Dispose() => _client.Dispose();
    }

    /// <summary>A body stream of unknown length, so the client sends it chunked.</summary>
    private sealed class ChunkedOnly(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    public void Dispose() => _platform.Dispose();
}
