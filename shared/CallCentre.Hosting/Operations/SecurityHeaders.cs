using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallCentre.Hosting.Operations;

internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; img-src 'self' data:";

    /// <summary>The Scalar page boots from an inline script and styles itself inline.</summary>
    public const string ApiDocsContentSecurityPolicy =
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; img-src 'self' data:; " +
        "font-src 'self' data:; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'";

    internal static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var sources = app.ApplicationServices.GetService<IOptions<ContentSecurityPolicyOptions>>()?.Value.ConnectSources ?? [];
        var pagePolicy = sources.Count == 0 ? ContentSecurityPolicy : $"{ContentSecurityPolicy}; connect-src 'self' {string.Join(' ', sources.Distinct())}";
        return app.Use((context, next) =>
        {
            // Set as the answer starts, so that answers rewritten by the exception handler carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-docs") ? ApiDocsContentSecurityPolicy : pagePolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
