using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCentre.Routing.Privacy;

internal static class PrivacyRegistration
{
    public static void AddRoutingPrivacy(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Privacy").Get<PrivacyOptions>() ?? new PrivacyOptions();
        if (options.ErasureReportTimeoutSeconds is < 0.1 or > 300)
            throw new InvalidOperationException("Privacy:ErasureReportTimeoutSeconds must be between 0.1 and 300.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<PrivacyStore>();
        builder.Services.AddSingleton<TenantErasureStore>();
        builder.Services.AddSingleton<ErasureReports>();
    }
}
