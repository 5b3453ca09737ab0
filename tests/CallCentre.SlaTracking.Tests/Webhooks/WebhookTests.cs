using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallCentre.Contracts.Routing;
using CallCentre.SlaTracking.Api;
using CallCentre.SlaTracking.Privacy;
using CallCentre.SlaTracking.Webhooks;
using CallCentre.Testing;
using MassTransit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static CallCentre.SlaTracking.Tests.Calls;

namespace CallCentre.SlaTracking.Tests.Webhooks;

/// <summary>Webhooks to a real HTTP receiver on a loopback port, the clock moved by the test.</summary>
public abstract class WebhookTests(bool postgres)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Hooks = "/api/sla/tenants/lumiere-bank/webhooks";
    private const string Deliveries = "/api/sla/tenants/lumiere-bank/webhook-deliveries";
    private static readonly DateTimeOffset Start = Utc(2026, 12, 5, 9, 0);

    [Fact]
    public async Task SubscribedEvent_IsPostedOnce_SignedWithTheSecretShownAtCreation_WithoutCallerData()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        var created = await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued, WebhookEvents.CallAnswered);
        Assert.StartsWith("whsec_", created.Secret);
        Assert.DoesNotContain(created.Secret, await admin.GetStringAsync(Hooks));

        var callId = Guid.NewGuid();
        var bus = platform.Services.GetRequiredService<IBus>();
        await bus.Publish(new CallQueued(callId, Tenant, Queue, "caller-hash-1234", 0, Start));
        await bus.Publish(new CallOffered(callId, Tenant, Queue, "agent-1", Start, Start.AddSeconds(3)));
        await bus.Publish(new CallQueued(callId, "mosane-insurance", "mosane-claims-fr", "caller-hash-9", 0, Start));
        var pending = await DeliveriesAsync(admin, 1);
        Assert.Equal((WebhookEvents.CallQueued, WebhookStatus.Pending, 0), (pending[0].EventType, pending[0].Status, pending[0].Attempts));

        platform.Clock.Now = Start.AddSeconds(5);
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        var post = Assert.Single(receiver.Requests);
        var timestamp = long.Parse(post.Header("X-CallCentre-Timestamp"));
        Assert.Equal(Start.AddSeconds(5).ToUnixTimeSeconds(), timestamp);
        Assert.Equal((pending[0].EventId.ToString(), "call.queued", pending[0].Id.ToString(), "1"),
            (post.Header("X-CallCentre-Event-Id"), post.Header("X-CallCentre-Event-Type"), post.Header("X-CallCentre-Delivery-Id"),
             post.Header("X-CallCentre-Attempt")));
        Assert.StartsWith("application/json", post.Header("Content-Type"));
        var signature = post.Header("X-CallCentre-Signature");
        Assert.True(WebhookSignature.Verify(created.Secret, timestamp, post.Body, signature));
        Assert.False(WebhookSignature.Verify(WebhookSignature.NewSecret(), timestamp, post.Body, signature));
        Assert.False(WebhookSignature.Verify(created.Secret, timestamp + 1, post.Body, signature));
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(post.Body).Replace("lumiere-banking-fr", "lumiere-banking-nl"));
        Assert.False(WebhookSignature.Verify(created.Secret, timestamp, changed, signature));

        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(pending[0].EventId, body.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("lumiere-bank", body.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal(Start, body.RootElement.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(callId, body.RootElement.GetProperty("data").GetProperty("callId").GetGuid());
        Assert.DoesNotContain("caller", Encoding.UTF8.GetString(post.Body), StringComparison.OrdinalIgnoreCase);

        var delivered = (await DeliveriesAsync(admin, 1))[0];
        Assert.Equal((WebhookStatus.Delivered, 1, 204, (string?)null), (delivered.Status, delivered.Attempts, delivered.LastStatusCode, delivered.LastError));
        Assert.Equal(0, await platform.Sender.RunDueAsync(default));
        Assert.Equal(0, await platform.NewReplica().RunDueAsync(default));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task SignatureDocumentedInWebhooksMd_VerifiesWithOpenSsl()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        var created = await CreateAsync(admin, receiver.Url, WebhookEvents.CallAbandoned);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallAbandoned(Guid.NewGuid(), Tenant, Queue, Start, Start.AddSeconds(40))), Start);
        await platform.Sender.RunDueAsync(default);
        var post = Assert.Single(receiver.Requests);

        var folder = Directory.CreateTempSubdirectory("callcentre-webhook-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "body.json"), post.Body);
            var script = $"""
                SECRET='{created.Secret}'; TIMESTAMP='{post.Header("X-CallCentre-Timestamp")}'; SIGNATURE='{post.Header("X-CallCentre-Signature")}'
                {VerificationSnippet()}
                """;
            var check = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", script])
                { WorkingDirectory = folder.FullName, RedirectStandardOutput = true })!;
            var output = await check.StandardOutput.ReadToEndAsync();
            await check.WaitForExitAsync();
            Assert.Equal((0, "valid"), (check.ExitCode, output.Trim()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The shell lines of docs/webhooks.md's "Verifying a delivery" block, run as they are printed.</summary>
    private static string VerificationSnippet()
    {
        var doc = File.ReadAllText(Path.Combine(TestInfrastructure.RepoRoot, "docs", "webhooks.md"));
        var start = doc.IndexOf("```sh verify", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/webhooks.md has no ```sh verify block");
        start = doc.IndexOf('\n', start) + 1;
        return doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedAtTheConfiguredSpacing_ThenDeadLettered_AndRedeliveredOnRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        using var platform = new WebhookPlatform(postgres, Start);
        using var supervisor = await platform.As("supervisor-lumiere");
        await CreateAsync(supervisor, receiver.Url, WebhookEvents.CallCompleted);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallCompleted(Guid.NewGuid(), Tenant, Queue, "agent-1", Start, Start.AddSeconds(8),
            Start.AddMinutes(4), 232, 30, "resolved")), Start);

        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        var first = (await DeliveriesAsync(supervisor, 1))[0];
        Assert.Equal((WebhookStatus.Retrying, 1, 500, Start.AddSeconds(30)), (first.Status, first.Attempts, first.LastStatusCode, first.NextAttemptAt));
        platform.Clock.Now = Start.AddSeconds(29);
        Assert.Equal(0, await platform.Sender.RunDueAsync(default));
        platform.Clock.Now = Start.AddSeconds(30);
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        Assert.Equal(Start.AddSeconds(90), (await DeliveriesAsync(supervisor, 1))[0].NextAttemptAt);   // the second wait is 60 s
        platform.Clock.Now = Start.AddSeconds(89);
        Assert.Equal(0, await platform.Sender.RunDueAsync(default));
        platform.Clock.Now = Start.AddSeconds(90);
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        platform.Clock.Now = Start.AddMinutes(10);
        Assert.Equal(0, await platform.Sender.RunDueAsync(default));

        var dead = Assert.Single(await supervisor.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries + "?status=dead", Json) ?? []);
        Assert.Equal((3, 500, "HTTP 500 Internal Server Error", (DateTimeOffset?)null), (dead.Attempts, dead.LastStatusCode, dead.LastError, dead.NextAttemptAt));
        var detail = (await supervisor.GetFromJsonAsync<WebhookApi.DeliveryDetail>($"{Deliveries}/{dead.Id}", Json))!;
        Assert.Equal([Start, Start.AddSeconds(30), Start.AddSeconds(90)], detail.Attempts.Select(a => a.AttemptedAt));
        Assert.All(detail.Attempts, a => Assert.Equal(500, a.StatusCode));
        Assert.Equal(3, receiver.Requests.Count);

        receiver.Status = 200;
        using (var redeliver = await supervisor.PostAsync($"{Deliveries}/{dead.Id}/redeliver", null))
            Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        Assert.Equal(WebhookStatus.Delivered, (await DeliveriesAsync(supervisor, 1))[0].Status);
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => Encoding.UTF8.GetString(r.Body)).Distinct());
        Assert.Single(receiver.Requests.Select(r => r.Header("X-CallCentre-Event-Id")).Distinct());

        using var again = await supervisor.PostAsync($"{Deliveries}/{dead.Id}/redeliver", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("delivered", (await again.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
    }

    [Fact]
    public async Task NameResolvingToANonPublicAddress_IsRefusedWhenConnecting_AndNothingIsSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start, allowLoopback: false);
        using var admin = await platform.As("admin");
        // A name, not an address: it passes when saved, and is refused once it resolves (as a name re-pointed later would be).
        await CreateAsync(admin, $"https://localhost:{new Uri(receiver.Url).Port}/calls", WebhookEvents.CallQueued);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);

        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        var refused = (await DeliveriesAsync(admin, 1))[0];
        Assert.Equal((WebhookStatus.Retrying, (int?)null), (refused.Status, refused.LastStatusCode));
        Assert.Contains("not a public address", refused.LastError);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task ReceiverTooSlow_IsAFailedAttempt_AndDoesNotHoldUpNewEvents()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromSeconds(30);
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);

        var sending = platform.Sender.RunDueAsync(default);
        await TestInfrastructure.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count == 1 ? "" : null), "the first POST");
        Assert.Equal(1, await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start));
        Assert.False(sending.IsCompleted);
        Assert.Equal(1, await sending);

        var failed = (await DeliveriesAsync(admin, 2)).Single(d => d.Attempts == 1);
        Assert.Equal((WebhookStatus.Retrying, (int?)null, "No answer within 2 s."), (failed.Status, failed.LastStatusCode, failed.LastError));
    }

    [Fact]
    public async Task SameEventTwice_AndTwoReplicasSending_DeliverEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        await CreateAsync(admin, receiver.Url, WebhookEvents.CallAnswered);
        await CreateAsync(admin, receiver.Url + "?second", WebhookEvents.CallAnswered, WebhookEvents.CallQueued);

        var answers = Enumerable.Range(0, 60).Select(i => new CallAnswered(Guid.NewGuid(), Tenant, Queue, $"agent-{i}", Start, Start.AddSeconds(i)))
            .ToList();
        foreach (var answered in answers)
            Assert.Equal(2, await platform.Store.EnqueueAsync(WebhookEvents.Of(answered), Start));
        // A second delivery by the bus, and a second publish of the same event: same content, same event id.
        foreach (var answered in answers)
            Assert.Equal(0, await platform.Store.EnqueueAsync(WebhookEvents.Of(answered with { }), Start.AddSeconds(1)));

        var replicas = new[] { platform.Sender, platform.NewReplica(), platform.NewReplica() };
        var rounds = await Task.WhenAll(replicas.Select(async r =>
        {
            var sent = 0;
            while (await r.RunDueAsync(default) is var n and > 0)
                sent += n;
            return sent;
        }));
        // The platform's own sender may have taken some in its first round, which runs as the host starts.
        Assert.InRange(rounds.Sum(), 1, 120);
        await TestInfrastructure.EventuallyAsync(async () =>
            (await admin.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries + "?status=delivered&limit=1000", Json))!.Count == 120 ? "" : null,
            "120 delivered");
        Assert.Equal(120, receiver.Requests.Count);
        Assert.Equal(120, receiver.Requests.Select(r => (r.Header("X-CallCentre-Event-Id"), r.Header("X-CallCentre-Delivery-Id"))).Distinct().Count());
        Assert.Equal(60, receiver.Requests.Select(r => r.Header("X-CallCentre-Event-Id")).Distinct().Count());
        Assert.Equal(120, (await admin.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries + "?status=delivered&limit=1000", Json))!.Count);
    }

    [Fact]
    public async Task RotatedSecret_SignsLaterAttempts_DisabledWebhook_CancelsWhatIsPending()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        var created = await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued);
        using var rotate = await admin.PostAsync($"{Hooks}/{created.Webhook.Id}/rotate-secret", null);
        var rotated = (await rotate.Content.ReadFromJsonAsync<WebhookApi.WebhookSecretResponse>(Json))!;
        Assert.NotEqual(created.Secret, rotated.Secret);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);
        await platform.Sender.RunDueAsync(default);
        var post = Assert.Single(receiver.Requests);
        var timestamp = long.Parse(post.Header("X-CallCentre-Timestamp"));
        Assert.True(WebhookSignature.Verify(rotated.Secret, timestamp, post.Body, post.Header("X-CallCentre-Signature")));
        Assert.False(WebhookSignature.Verify(created.Secret, timestamp, post.Body, post.Header("X-CallCentre-Signature")));

        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);
        using (var disable = await admin.PutAsJsonAsync($"{Hooks}/{created.Webhook.Id}", new { url = receiver.Url, events = new[] { "call.queued" }, enabled = false }))
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(0, await platform.Sender.RunDueAsync(default));
        Assert.Equal(0, await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start));
        Assert.Equal([WebhookStatus.Cancelled, WebhookStatus.Delivered],
            (await DeliveriesAsync(admin, 2)).Select(d => d.Status).Order());
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task AnotherTenantsStaff_GetNotFound_Clients_AndAgentsAreRefused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        var created = await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);
        var delivery = (await DeliveriesAsync(admin, 1))[0];

        using var other = platform.Fresh("supervisor", "mosane-insurance");
        var id = created.Webhook.Id;
        foreach (var (method, path) in new[]
                 {
                     ("GET", Hooks), ("POST", Hooks), ("PUT", $"{Hooks}/{id}"), ("DELETE", $"{Hooks}/{id}"), ("POST", $"{Hooks}/{id}/rotate-secret"),
                     ("GET", Deliveries), ("GET", $"{Deliveries}/{delivery.Id}"), ("POST", $"{Deliveries}/{delivery.Id}/redeliver"),
                 })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
                { Content = JsonContent.Create(new { url = receiver.Url, events = new[] { "call.queued" } }) };
            using var response = await other.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
        }
        // Their own tenant's list does not show lumiere-bank's webhook either.
        Assert.Equal("[]", await other.GetStringAsync("/api/sla/tenants/mosane-insurance/webhooks"));
        Assert.Equal("[]", await other.GetStringAsync($"/api/sla/tenants/mosane-insurance/webhook-deliveries"));
        using var client = await platform.As("client-lumiere-bank");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Hooks)).StatusCode);
        Assert.Single(await admin.GetFromJsonAsync<List<WebhookApi.WebhookResponse>>(Hooks, Json) ?? []);
    }

    [Theory]
    [InlineData("""{"url":"http://hooks.lumiere.example/calls","events":["call.queued"]}""", "url", "https")]
    [InlineData("""{"url":"ftp://127.0.0.1/calls","events":["call.queued"]}""", "url", "https")]
    [InlineData("""{"url":"https://ops:pw@hooks.lumiere.example/calls","events":["call.queued"]}""", "url", "password")]
    [InlineData("""{"url":"calls","events":["call.queued"]}""", "url", "absolute")]
    [InlineData("""{"url":"https://10.1.2.3/calls","events":["call.queued"]}""", "url", "10.1.2.3 is not a public address")]
    [InlineData("""{"url":"https://169.254.169.254/latest/meta-data","events":["call.queued"]}""", "url", "not a public address")]
    [InlineData("""{"url":"https://[fd12::1]/calls","events":["call.queued"]}""", "url", "not a public address")]
    [InlineData("""{"url":"https://[::ffff:192.168.1.10]/calls","events":["call.queued"]}""", "url", "not a public address")]
    [InlineData("""{"url":"https://hooks.lumiere.example/calls","events":["call.queued","call.exploded"]}""", "events", "'call.exploded'")]
    [InlineData("""{"url":"https://hooks.lumiere.example/calls","events":[]}""", "events", "call.answered")]
    [InlineData("""{"url":"https://hooks.lumiere.example/calls"}""", "events", "At least one")]
    public async Task BadWebhook_IsRefusedNamingTheField_AndNothingIsStored(string body, string field, string says)
    {
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        using var response = await admin.PostAsync(Hooks, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!;
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Contains(says, problem.Errors[field][0]);
        Assert.Equal("[]", await admin.GetStringAsync(Hooks));

        using var filter = await admin.GetAsync(Deliveries + "?status=lost&limit=0");
        var filterProblem = (await filter.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!;
        Assert.Equal(["limit", "status"], filterProblem.Errors.Keys.Order());
    }

    [Fact]
    public async Task TenantErasure_RemovesItsWebhooksAndDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued);
        await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, Start)), Start);
        await platform.Sender.RunDueAsync(default);

        var removed = await platform.Services.GetRequiredService<TenantDataStore>().EraseTenantAsync(Tenant, default);
        Assert.Equal((1, 1, 1), (removed["webhooks"], removed["webhookDeliveries"], removed["webhookAttempts"]));
        Assert.Equal("[]", await admin.GetStringAsync(Hooks));
        Assert.Equal("[]", await admin.GetStringAsync(Deliveries));
    }

    [Fact]
    public async Task RetentionPurge_DeletesFinishedDeliveriesLastAttemptedBeforeTheRetention_WithTheirAttempts_NeverOnesStillToSend()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var platform = new WebhookPlatform(postgres, Start);
        using var admin = await platform.As("admin");
        await CreateAsync(admin, receiver.Url, WebhookEvents.CallQueued);
        async Task<Guid> DeliveryAsync()
        {
            var before = (await admin.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries, Json))!.Select(d => d.Id).ToHashSet();
            await platform.Store.EnqueueAsync(WebhookEvents.Of(new CallQueued(Guid.NewGuid(), Tenant, Queue, "h", 0, platform.Clock.Now)), platform.Clock.Now);
            return (await admin.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries, Json))!.Single(d => !before.Contains(d.Id)).Id;
        }
        var delivered = await DeliveryAsync();
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        receiver.Status = 500;
        var dead = await DeliveryAsync();
        foreach (var at in new[] { 0, 30, 90 })
        {
            platform.Clock.Now = Start.AddSeconds(at);
            Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        }
        var retrying = await DeliveryAsync();
        Assert.Equal(1, await platform.Sender.RunDueAsync(default));
        var pending = await DeliveryAsync();
        Assert.Equal((WebhookStatus.Delivered, WebhookStatus.Dead, WebhookStatus.Retrying, WebhookStatus.Pending),
            (await StatusAsync(delivered), await StatusAsync(dead), await StatusAsync(retrying), await StatusAsync(pending)));
        var purge = platform.Services.GetRequiredService<CallCentre.SlaTracking.Data.RetentionPurgeJob>();

        // The default retention, 30 days, from each delivery's last attempt: the dead one was last tried 90 s after it was created.
        platform.Clock.Now = Start.AddDays(30).AddSeconds(60);
        await purge.PurgeOnceAsync();
        Assert.Equal(new[] { dead, retrying, pending }, await IdsAsync());
        platform.Clock.Now = Start.AddDays(400);
        await purge.PurgeOnceAsync();
        Assert.Equal(new[] { retrying, pending }, await IdsAsync());
        Assert.Null(await platform.Store.FindDeliveryAsync(Tenant, dead));
        var attempts = await platform.Services.GetRequiredService<CallCentre.Hosting.Data.ModuleDatabase<SlaTrackingModule>>()
            .RunAsync((c, _) => Dapper.SqlMapper.QueryAsync<string>(c, "SELECT delivery_id FROM webhook_attempt"));
        Assert.Equal(new[] { retrying.ToString() }, attempts);

        // Those still to send go out after it.
        receiver.Status = 200;
        Assert.Equal(2, await platform.Sender.RunDueAsync(default));
        Assert.All(await platform.Store.ListDeliveriesAsync(Tenant, null, null, 10), d => Assert.Equal(WebhookStatus.Delivered, d.Status));

        async Task<string> StatusAsync(Guid id) => (await admin.GetFromJsonAsync<WebhookApi.DeliveryDetail>($"{Deliveries}/{id}", Json))!.Delivery.Status;
        async Task<Guid[]> IdsAsync() =>
            [.. new[] { delivered, dead, retrying, pending }.Intersect((await platform.Store.ListDeliveriesAsync(Tenant, null, null, 10)).Select(d => d.Id))];
    }

    private static async Task<WebhookApi.WebhookSecretResponse> CreateAsync(HttpClient http, string url, params string[] events)
    {
        using var response = await http.PostAsJsonAsync(Hooks, new { url, events, description = "CRM" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<WebhookApi.WebhookSecretResponse>(Json))!;
    }

    private static async Task<List<WebhookDelivery>> DeliveriesAsync(HttpClient http, int count) =>
        await TestInfrastructure.EventuallyAsync(async () =>
            await http.GetFromJsonAsync<List<WebhookDelivery>>(Deliveries, Json) is { } list && list.Count >= count ? list : null,
            $"{count} webhook deliveries");
}

public sealed class SqliteWebhookTests() : WebhookTests(postgres: false);

public sealed class PostgresWebhookTests() : WebhookTests(postgres: true);
