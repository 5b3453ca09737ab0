using CallCentre.SlaTracking.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.SlaTracking.Delivery;

internal static class DeliveryRegistration
{
    public static void AddReportDelivery(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().BindConfiguration("Delivery")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay
                && o.ClaimLease > o.Smtp.Timeout, "Delivery:PollInterval and RetryDelay must be positive, MaxRetryDelay at least RetryDelay, " +
                "ClaimLease longer than Smtp:Timeout.")
            .Validate(o => o.MaxAttempts >= 1 && o.Smtp.Port is > 0 and < 65536, "Delivery:MaxAttempts must be at least 1 and Smtp:Port a port.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.Smtp.From, out _), "Delivery:Smtp:From must be an e-mail address.")
            .Validate(o => o.PublicBaseUrl is null || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _),
                "Delivery:PublicBaseUrl must be an absolute address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<ReportMailer>();
        builder.Services.AddSingleton<DeliveryWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryWorker>());
    }
}
