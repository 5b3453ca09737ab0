using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Messaging;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer on every endpoint (the fallback policy) and on hubs (token in the <c>access_token</c> query
    /// for paths under <c>/hubs</c>). With <c>Auth:Authority</c>, an OIDC provider; without, the embedded issuer and demo users.</summary>
    public static void AddCallCentreAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var embedded = string.IsNullOrWhiteSpace(options.Authority);
        var transport = builder.Configuration.GetValue("Messaging:Transport", MessagingTransport.InMemory);
        if (embedded && transport == MessagingTransport.RabbitMq && string.IsNullOrWhiteSpace(options.SigningKey))
            throw new InvalidOperationException(
                "Auth:SigningKey must be set (the same in every process) when modules run as separate processes, or set Auth:Authority.");

        builder.Services.AddSingleton(options);
        var key = TokenIssuer.CreateKey(options);
        if (embedded)
        {
            builder.Services.AddSingleton(key);
            builder.Services.AddSingleton<TokenIssuer>();
            builder.Services.AddSingleton(sp => new DemoUserStore(sp.GetRequiredService<CentreCatalog>(), options));
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters.NameClaimType = CallCentreClaims.Subject;
            jwt.TokenValidationParameters.RoleClaimType = CallCentreClaims.Role;
            if (embedded)
            {
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                jwt.TokenValidationParameters.IssuerSigningKey = key;
                jwt.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            }
            else
            {
                jwt.Authority = options.Authority;
            }
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                        context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    public static bool UsesEmbeddedIssuer(this IServiceProvider services) => services.GetService<TokenIssuer>() is not null;
}
