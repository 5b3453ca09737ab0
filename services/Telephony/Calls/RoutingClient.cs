using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony.Calls;

/// <summary>The module signs its own short tokens: the <c>telephony</c> role for the call's tenant, or the agent.</summary>
public sealed class RoutingClient(IHttpClientFactory httpFactory, IOptions<TelephonyOptions> options, TokenIssuer issuer, IServer server)
{
    public const string HttpClientName = "telephony-routing";

    public sealed record PlacedCall(Guid CallId, string State, string? AgentId, string? Reason);

    public async Task<(PlacedCall? Call, HttpStatusCode Status)> PostCallAsync(string tenantId, string queueId, string callerNumber,
        string pbxCallId, CancellationToken ct)
    {
        // Repeating the post is safe (Routing keys it by the PBX call id): a second try finds a call the first placed unanswered.
        return await RepeatedOnceAsync(async () =>
        {
            using var request = Request(HttpMethod.Post, "/api/telephony/calls", TelephonyToken(tenantId));
            request.Content = JsonContent.Create(new { queueId, callerNumber, callId = pbxCallId });
            using var response = await Http().SendAsync(request, ct);
            return response.IsSuccessStatusCode
                ? ((await response.Content.ReadFromJsonAsync<PlacedCall>(ct))!, response.StatusCode)
                : ((PlacedCall?)null, response.StatusCode);
        }, (null, HttpStatusCode.ServiceUnavailable), ct);
    }

    /// <summary>The caller stayed on the first agent's phone: Routing gives the call back to that agent (a repeat changes nothing).</summary>
    public Task<HttpStatusCode> TransferFailedAsync(string tenantId, Guid callId, string reason, CancellationToken ct) =>
        RepeatedOnceAsync(() => SendAsync(HttpMethod.Post, $"/api/telephony/calls/{callId}/transfer-failed", TelephonyToken(tenantId), ct,
            new { reason }), HttpStatusCode.ServiceUnavailable, ct);

    private const int PostAttempts = 2;

    private static async Task<T> RepeatedOnceAsync<T>(Func<Task<T>> send, T unreachable, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (attempt >= PostAttempts)
                    return unreachable;
            }
        }
    }

    public Task<HttpStatusCode> AbandonAsync(string tenantId, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"/api/telephony/calls/{callId}", TelephonyToken(tenantId), ct);

    public Task<HttpStatusCode> AnswerAsync(string agentId, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/answer", AgentToken(agentId), ct);

    /// <summary>The engine's missed offer: the call goes back to its place in line and is offered again.</summary>
    public Task<HttpStatusCode> RejectAsync(string agentId, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/reject", AgentToken(agentId), ct);

    public Task<HttpStatusCode> HoldAsync(string agentId, Guid callId, bool hold, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/{(hold ? "hold" : "resume")}", AgentToken(agentId), ct);

    public Task<HttpStatusCode> CompleteAsync(string agentId, Guid callId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/api/agents/me/calls/{callId}/complete", AgentToken(agentId), ct, new { });

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string token, CancellationToken ct, object? body = null)
    {
        using var request = Request(method, path, token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        using var response = await Http().SendAsync(request, ct);
        return response.StatusCode;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private HttpClient Http()
    {
        var http = httpFactory.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(options.Value.RoutingUrl ?? OwnAddress());
        return http;
    }

    // Routing hosted in this process: its own listening address, loopback instead of a wildcard.
    private string OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Telephony:RoutingUrl is not set and this process listens on no http:// address.");
        return address.Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1").Replace("://+", "://127.0.0.1")
            .Replace("://*", "://127.0.0.1");
    }

    private string TelephonyToken(string tenantId) =>
        issuer.Issue("telephony-edge", [new Claim(CallCentreClaims.Role, Roles.Telephony), new Claim(CallCentreClaims.Tenant, tenantId)]);

    private string AgentToken(string agentId) =>
        issuer.Issue(agentId, [new Claim(CallCentreClaims.Role, Roles.Agent), new Claim(CallCentreClaims.AgentId, agentId)]);
}
