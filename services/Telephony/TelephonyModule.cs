using CallCentre.Hosting.Data;
using CallCentre.Hosting.Modules;
using CallCentre.Telephony.Calls;
using CallCentre.Telephony.Kamailio;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

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
            .Validate(o => o.RoutingUrl is null || Uri.TryCreate(o.RoutingUrl, UriKind.Absolute, out _), "Telephony:RoutingUrl must be an absolute URL.")
            .ValidateOnStart();
        builder.Services.AddHttpClient(RoutingClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<SipCallStore>();
        builder.Services.AddSingleton<RoutingClient>();
        builder.Services.AddSingleton<KamailioControl>();
        builder.Services.AddSingleton<CallControl>();
        builder.Services.AddHostedService(sp =>
        {
            var kamailio = sp.GetRequiredService<KamailioControl>();
            var control = sp.GetRequiredService<CallControl>();
            kamailio.OnEvent = e => control.HandleAsync(e);
            return kamailio;
        });
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("kamailio",
            sp => sp.GetRequiredService<KamailioControl>(), HealthStatus.Unhealthy, ["ready"]));
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) => bus.AddConsumer<CallOfferedConsumer>();
}
