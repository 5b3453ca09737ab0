using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Hosting.Operations;
using CallCentre.Telephony.Calls;
using CallCentre.Telephony.Credentials;
using CallCentre.Telephony.Kamailio;
using Microsoft.AspNetCore.Routing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCentre.Telephony;

/// <summary>The SIP edge; not in <c>--modules all</c>, since it needs a Kamailio (<c>--modules all,telephony</c>).</summary>
public sealed class TelephonyModule : ICallCentreModule
{
    public string Name => "telephony";

    public bool OptIn => true;

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.AddModuleDatabase<TelephonyModule>("Telephony");
        builder.Services.AddOptions<TelephonyOptions>().BindConfiguration("Telephony")
            .Validate(o => o.ControlIsValid(), "Telephony:Control must be host:port (Kamailio's evapi socket).")
            .Validate(o => o.RingSeconds is >= 1 and <= 300, "Telephony:RingSeconds must be between 1 and 300.")
            .Validate(o => o.SipSecret is { Length: >= 16 }, "Telephony:SipSecret must be set (at least 16 characters), the same as Kamailio's auth_ephemeral secret.")
            .Validate(o => o.SipCredentialMinutes is >= 5 and <= 1440, "Telephony:SipCredentialMinutes must be between 5 and 1440.")
            .Validate(o => o.WebSocketUrl is null || Uri.TryCreate(o.WebSocketUrl, UriKind.Absolute, out var ws) && ws.Scheme is "ws" or "wss",
                "Telephony:WebSocketUrl must be a ws:// or wss:// URL.")
            .Validate(o => o.RoutingUrl is null || Uri.TryCreate(o.RoutingUrl, UriKind.Absolute, out _), "Telephony:RoutingUrl must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(RoutingClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<SipCallStore>();
        builder.Services.AddSingleton<SipDialogSeal>();
        builder.Services.AddSingleton<RoutingClient>();
        builder.Services.AddSingleton<KamailioControl>();
        builder.Services.AddSingleton<CallControl>();
        builder.Services.AddSingleton<SipCredentialIssuer>();
        // The desk's softphone opens its WebSocket to Kamailio, another origin than the pages'.
        builder.Services.AddOptions<ContentSecurityPolicyOptions>().Configure<IOptions<TelephonyOptions>>((csp, telephony) =>
        {
            if (Uri.TryCreate(telephony.Value.WebSocketUrl, UriKind.Absolute, out var ws))
                csp.ConnectSources.Add(ws.GetLeftPart(UriPartial.Authority));
        });
        builder.Services.AddHostedService(sp =>
        {
            var kamailio = sp.GetRequiredService<KamailioControl>();
            var control = sp.GetRequiredService<CallControl>();
            kamailio.OnEvent = e => control.HandleAsync(e);
            kamailio.OnConnected = control.RestoreAsync;
            return kamailio;
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("kamailio",
            sp => sp.GetRequiredService<KamailioControl>(), HealthStatus.Unhealthy, ["ready"]));
    }

    public void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CallOfferedConsumer>();
        bus.AddConsumer<CallHoldConsumer>();
        bus.AddConsumer<CallTransferConsumer>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapSipCredentialsApi();
}
