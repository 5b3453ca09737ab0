using CallCentre.Hosting.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCentre.SlaTracking.Webhooks;

internal static class WebhookRegistration
{
    public const string KeyFileName = "webhook-secret.key";

    public static void AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay
                && o.Timeout > TimeSpan.Zero && o.ClaimLease > o.Timeout, "Webhooks:PollInterval, RetryDelay and Timeout must be positive, " +
                "MaxRetryDelay at least RetryDelay, ClaimLease longer than Timeout.")
            .Validate(o => o.MaxAttempts >= 1 && o.BatchSize >= 1 && o.Parallelism >= 1 && o.DeliveryRetentionDays >= 1,
                "Webhooks:MaxAttempts, BatchSize, Parallelism and DeliveryRetentionDays must be at least 1.")
            .ValidateOnStart();
        var configuration = builder.Configuration;
        // Loaded at first use: a distributed deployment without webhooks starts without Webhooks:SealingKey.
        var masterKey = new Lazy<byte[]>(() => MasterKeys.Load(configuration, "Webhooks:SealingKey", KeyFileName, "SlaTracking"));
        builder.Services.AddSingleton(new WebhookSecretSeal(masterKey));
        builder.Services.AddSingleton<WebhookStore>();
        builder.Services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, UseCookies = false, UseProxy = false,
                    ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(context, options, ct),
                };
            });
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookSender>());
    }
}
