using static CallCentre.Hosting.Auth.Roles;

namespace CallCentre.EndToEnd.Tests.Security;

/// <summary>What a request for another tenant's resource answers (docs/security.md, "The rule table").</summary>
public enum Wall
{
    /// <summary>No tenant in the request, or centre-level data: the role decides alone; lists are filtered to the granted tenants.</summary>
    Open,

    /// <summary>The route or query names a tenant, or a queue, agent or call of one: another tenant's is answered 404, like an unknown one.</summary>
    NotFound,

    /// <summary>The body names a queue: another tenant's is a 400 naming the field, like an unknown one.</summary>
    InvalidField,
}

/// <summary>One line of the rule table: a route (method and pattern exactly as the endpoint data source spells it), the roles
/// that may call it (null: anyone, no token needed; empty: not served on the public port, 404 to everyone), the tenant wall,
/// and a sample query and body that pass validation far enough to reach the authorisation (placeholders <c>{tenantId}</c>,
/// <c>{queueId}</c>, <c>{agentId}</c>, <c>{callId}</c>). A <paramref name="Destructive"/> route (erasing a tenant) is tried
/// after every other one.</summary>
public sealed record SecurityRule(string Route, string[]? Roles, Wall Wall = Wall.Open, string? Query = null, string? Body = null,
    bool Destructive = false)
{
    public string Method => Route[..Route.IndexOf(' ')];
    public string Pattern => Route[(Route.IndexOf(' ') + 1)..];
    public bool IsHub => Method == "HUB";
}

/// <summary>The platform's authorisation, one rule per route. A route without a rule, or a rule without its route, fails
/// <see cref="SecurityMatrixTests"/>.</summary>
public static class SecurityRules
{
    private static readonly string[]? Public = null;
    /// <summary>Served only on the management address: the public port answers 404 whoever asks.</summary>
    internal static readonly string[] ManagementPort = [];
    private static readonly string[] AdminOnly = [Admin];
    private static readonly string[] Staff = [Admin, Supervisor];
    private static readonly string[] Readers = [Admin, Supervisor, Client];
    private static readonly string[] AgentOnly = [Agent];
    private static readonly string[] Pbx = [CallCentre.Hosting.Auth.Roles.Telephony, Admin];

    private const string Days = "from=2026-11-02&to=2026-11-03";
    private const string NotReady = """{"state":"NotReady","reason":"matrix"}""";

    public static readonly IReadOnlyList<SecurityRule> All =
    [
        // Platform (the operations endpoints: admin only when no management address is configured, as in these tests)
        new("GET /health/live", Public),
        new("GET /health/ready", Public),
        new("GET /openapi/{documentName}.json", AdminOnly),
        new("GET /api-docs/{documentName?}", AdminOnly),
        // The API page's bundled script and icon hold no data: Scalar serves them to anyone.
        new("GET /api-docs/scalar.js", Public),
        new("GET /api-docs/scalar.aspnetcore.js", Public),
        new("GET /api-docs/favicon.svg", Public),
        new("GET /metrics", AdminOnly),
        new("POST /api/auth/token", Public),
        new("POST /api/auth/refresh", Public),
        new("GET /.well-known/jwks.json", Public),
        new("GET /api/tenants", Readers),

        // Routing: administration, supervision, telephony, agent desktop
        new("GET /api/admin/queues", Staff),
        new("GET /api/admin/queues/{queueId}", Staff, Wall.NotFound),
        new("GET /api/admin/agents", Staff),
        new("GET /api/admin/agents/{agentId}", Staff, Wall.NotFound),
        new("PUT /api/admin/queues/{queueId}", AdminOnly, Body: """{"name":""}"""),
        new("PUT /api/admin/agents/{agentId}", AdminOnly, Body: """{"password":"short"}"""),
        new("GET /api/admin/tenants/{tenantId}/calendar", Staff, Wall.NotFound, Query: "year=2026"),
        new("PUT /api/admin/tenants/{tenantId}/calendar/exceptions/{date}", Staff, Wall.NotFound, Body: """{"label":""}"""),
        new("DELETE /api/admin/tenants/{tenantId}/calendar/exceptions/{date}", Staff, Wall.NotFound),
        new("PUT /api/admin/tenants/{tenantId}/calendar/holiday-rule", Staff, Wall.NotFound, Body: """{"rule":"matrix"}"""),
        new("GET /api/routing/queues", Staff),
        new("GET /api/routing/agents", Staff),
        new("PUT /api/routing/agents/{agentId}/state", Staff, Wall.NotFound, Body: NotReady),
        new("POST /api/telephony/calls/", Pbx, Wall.InvalidField, Body: """{"queueId":"{queueId}","callerNumber":"+33 6 00 00 00 00"}"""),
        new("GET /api/telephony/calls/{callId:guid}", Pbx, Wall.NotFound),
        new("DELETE /api/telephony/calls/{callId:guid}", Pbx, Wall.NotFound),
        new("POST /api/telephony/calls/{callId:guid}/transfer-failed", Pbx, Wall.NotFound, Body: """{"reason":"603"}"""),
        new("POST /api/telephony/calls/{callId:guid}/callback", Pbx, Wall.NotFound, Body: """{"callbackNumber":"+33 6 00 00 00 00"}"""),
        new("GET /api/telephony/callbacks/dials", Pbx),
        new("POST /api/telephony/callbacks", Pbx, Wall.InvalidField, Body: """{"queueId":"{queueId}","callbackNumber":"+33 6 00 00 00 00","timeZone":"Europe/Paris","windowStart":"2030-03-05T10:30","windowEnd":"2030-03-05T11:00"}"""),
        new("POST /api/telephony/callbacks/{callId:guid}/attempts", Pbx, Wall.NotFound, Body: """{"attempt":1,"outcome":"busy"}"""),
        new("GET /api/telephony/sip-credentials", AgentOnly),
        new("POST /api/contacts/", Pbx, Wall.InvalidField, Body: """{"kind":"chat","queueId":"{queueId}","externalId":"matrix-chat"}"""),
        new("POST /api/contacts/messaging/{queueId}", Pbx, Wall.NotFound, Body: """{"conversationId":"matrix-conversation"}"""),
        new("POST /api/contacts/messaging/{queueId}/messages", Pbx, Wall.NotFound,
            Body: """{"conversationId":"matrix-conversation-2","messageId":"m-1","text":"Bonjour"}"""),
        new("POST /api/contacts/{callId:guid}/messages", Pbx, Wall.NotFound, Body: """{"text":"Bonjour"}"""),
        new("GET /api/contacts/{callId:guid}/messages", Pbx, Wall.NotFound),
        new("GET /api/agents/me/calls/{callId:guid}/messages", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/messages", AgentOnly, Body: """{"text":"Bonjour"}"""),
        new("GET /api/agents/me/", AgentOnly),
        new("GET /api/agents/me/dispositions", AgentOnly),
        new("PUT /api/agents/me/state", AgentOnly, Body: NotReady),
        new("POST /api/agents/me/calls/{callId:guid}/answer", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/reject", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/complete", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/hold", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/resume", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/transfer", AgentOnly, Body: """{"queueId":"{queueId}"}"""),
        new("GET /api/agents/me/calls/{callId:guid}/transfer-targets", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/consult", AgentOnly, Body: """{"queueId":"{queueId}"}"""),
        new("POST /api/agents/me/calls/{callId:guid}/consult/complete", AgentOnly),
        new("POST /api/agents/me/calls/{callId:guid}/consult/cancel", AgentOnly),

        // Privacy: erasure by caller number, the audit (Routing), tenant export (SlaTracking), tenant erasure (every module)
        new("POST /api/admin/tenants/{tenantId}/callers/erase", AdminOnly, Wall.NotFound, Body: """{"callerNumber":"+33600000000"}"""),
        new("GET /api/admin/privacy/audit", AdminOnly),
        new("GET /api/admin/tenants/{tenantId}/export", AdminOnly, Wall.NotFound),
        new("POST /api/admin/tenants/{tenantId}/erase", AdminOnly, Wall.NotFound, Destructive: true),

        // SlaTracking
        new("GET /api/sla/today", Readers),
        new("GET /api/sla/tenants/{tenantId}/today", Readers, Wall.NotFound),
        new("GET /api/sla/reports", Readers, Wall.NotFound, Query: "tenantId={tenantId}&" + Days),
        new("GET /api/sla/reports/contacts", Readers, Wall.NotFound, Query: "tenantId={tenantId}&" + Days),
        new("GET /api/sla/report-accesses", AdminOnly, Wall.NotFound, Query: "tenantId={tenantId}"),
        new("GET /api/sla/contracts/", AdminOnly, Wall.NotFound, Query: "tenantId={tenantId}"),
        new("POST /api/sla/contracts/", AdminOnly, Body: """{"tenantId":"{tenantId}"}"""),
        new("GET /api/sla/occupancy", Staff, Wall.NotFound, Query: "tenantId={tenantId}&" + Days),
        new("GET /api/sla/agent-report", Staff, Wall.NotFound, Query: "tenantId={tenantId}&" + Days),
        new("GET /api/sla/queue-history", Staff, Wall.NotFound, Query: "tenantId={tenantId}&" + Days),
        new("POST /api/sla/packs/", Readers, Wall.NotFound, Body: """{"tenantId":"{tenantId}","month":"2026-10"}"""),
        new("GET /api/sla/packs/", Readers, Wall.NotFound, Query: "tenantId={tenantId}"),
        // Tried after the issue above, whose packs it downloads.
        new("GET /api/sla/packs/download", Readers, Wall.NotFound, Query: "tenantId={tenantId}&month=2026-10"),
        new("POST /api/sla/packs/verify", Readers),
        new("GET /api/sla/packs/keys", Readers),
        new("GET /api/sla/tenants/{tenantId}/delivery-schedules", Readers, Wall.NotFound),
        new("POST /api/sla/tenants/{tenantId}/delivery-schedules", Staff, Wall.NotFound, Body: """{"frequency":"hourly"}"""),
        new("PUT /api/sla/tenants/{tenantId}/delivery-schedules/{scheduleId:guid}", Staff, Wall.NotFound, Body: """{"frequency":"hourly"}"""),
        new("DELETE /api/sla/tenants/{tenantId}/delivery-schedules/{scheduleId:guid}", Staff, Wall.NotFound),
        new("GET /api/sla/tenants/{tenantId}/deliveries", Readers, Wall.NotFound),
        new("POST /api/admin/tenants/{tenantId}/report-clients/", AdminOnly, Wall.NotFound, Body: """{"name":""}"""),
        new("GET /api/admin/tenants/{tenantId}/report-clients/", AdminOnly, Wall.NotFound),
        new("DELETE /api/admin/tenants/{tenantId}/report-clients/{clientId}", AdminOnly, Wall.NotFound),
        new("GET /api/sla/tenants/{tenantId}/webhooks", Staff, Wall.NotFound),
        new("POST /api/sla/tenants/{tenantId}/webhooks", Staff, Wall.NotFound, Body: """{"url":"ftp://matrix.example/","events":["call.queued"]}"""),
        new("PUT /api/sla/tenants/{tenantId}/webhooks/{webhookId:guid}", Staff, Wall.NotFound, Body: """{"url":"ftp://matrix.example/"}"""),
        new("DELETE /api/sla/tenants/{tenantId}/webhooks/{webhookId:guid}", Staff, Wall.NotFound),
        new("GET /api/sla/tenants/{tenantId}/webhook-deliveries", Staff, Wall.NotFound),
        // No webhook or delivery exists here, so every caller gets 404; WebhookTests proves another tenant's real one answers 404 too.
        new("POST /api/sla/tenants/{tenantId}/webhooks/{webhookId:guid}/rotate-secret", Staff),
        new("GET /api/sla/tenants/{tenantId}/webhook-deliveries/{deliveryId:guid}", Staff),
        new("POST /api/sla/tenants/{tenantId}/webhook-deliveries/{deliveryId:guid}/redeliver", Staff),
        new("POST /oauth/token", Public),

        // Scheduling
        new("GET /api/scheduling/queues/{queueId}/volumes", Staff, Wall.NotFound),
        new("GET /api/forecasts/queues/{queueId}", Staff, Wall.NotFound),
        new("POST /api/forecasts/series", Staff),
        new("POST /api/staffing/erlang-c", Staff),
        new("POST /api/staffing/erlang-a", Staff),
        new("POST /api/staffing/requirements", Staff),
        new("GET /api/intraday/staffing", Staff),
        new("POST /api/schedules/solve", Staff),
        new("PUT /api/schedules/published", Staff, Wall.InvalidField, Body: """{"days":[{"agentId":"{agentId}","date":"2026-11-02","dayOff":true}]}"""),
        new("GET /api/schedules/published", Staff, Wall.NotFound, Query: "agentId={agentId}"),
        new("GET /api/schedules/me", AgentOnly),
        new("POST /api/schedules/checks/", Staff, Wall.NotFound, Body: """{"tenantId":"{tenantId}"}"""),
        new("GET /api/schedules/checks/{checkId:guid}", Staff),
        new("POST /api/schedules/checks/published", Staff, Wall.NotFound, Body: """{"tenantId":"{tenantId}","day":"2026-12-07"}"""),
        new("GET /api/schedules/checks/", Staff, Wall.NotFound, Query: "tenantId={tenantId}&day=2026-12-07"),
        new("GET /api/adherence/", Staff),
        new("GET /api/adherence/agents/{agentId}", [Admin, Supervisor, Agent], Wall.NotFound),
        new("POST /api/agent-requests/time-off", AgentOnly),
        new("POST /api/agent-requests/swaps", AgentOnly),
        new("POST /api/agent-requests/{requestId:guid}/accept", AgentOnly),
        new("GET /api/agent-requests/mine", AgentOnly),
        new("GET /api/agent-requests/", Staff),
        new("GET /api/agent-requests/{requestId:guid}", [Admin, Supervisor, Agent]),
        new("POST /api/agent-requests/{requestId:guid}/decision", Staff, Body: """{"approve":true,"reason":"matrix"}"""),

        // Dashboard hubs: every endpoint under the path (negotiate, connect)
        new("HUB /hubs/wallboard", Staff),
        new("HUB /hubs/agent", AgentOnly),
        // The pages' words in every language: the sign-in page needs them before any token exists.
        new("GET /texts.js", Public),
    ];
}
