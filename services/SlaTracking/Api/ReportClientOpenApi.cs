using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CallCentre.SlaTracking.Api;

/// <summary>The OpenAPI document names the client-credentials flow and marks the operations a client system's token reaches.</summary>
internal static class ReportClientOpenApi
{
    public const string Scheme = "clientCredentials";

    public static void AddReportClientOpenApi(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.OAuth2,
                    Description = "A client system's id and secret (registered by an admin: POST /api/admin/tenants/{tenantId}/report-clients) " +
                                  "buy a bearer token of its tenant that reaches only the operations marked with this scheme.",
                    Flows = new OpenApiOAuthFlows
                    {
                        ClientCredentials = new OpenApiOAuthFlow
                        {
                            TokenUrl = new Uri("/oauth/token", UriKind.Relative),
                            Scopes = new Dictionary<string, string> { [TokenScopes.Reports] = "Read the tenant's own service-level reports." },
                        },
                    },
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AllowedScope>().Any(s => s.Scope == TokenScopes.Reports))
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [TokenScopes.Reports],
                    });
                }
                return Task.CompletedTask;
            });
        });
}
