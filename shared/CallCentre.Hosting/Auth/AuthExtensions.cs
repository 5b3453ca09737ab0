using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Messaging;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallCentre.Hosting.Auth;

public static class AuthExtensions
{
    public const int MinimumDemoPasswordLength = 12;

    /// <summary>JWT bearer: an OIDC provider with <c>Auth:Authority</c>, else the embedded ES256 issuer.</summary>
    public static void AddCallCentreAuth(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var development = builder.Environment.IsDevelopment();
        options.DemoUsers ??= development;
        var embedded = string.IsNullOrWhiteSpace(options.Authority);
        builder.Services.AddSingleton(options);

        SigningKeys? keys = null;
        if (embedded)
        {
            // Separate processes must share keys; one process alone may sign with a key of its own.
            var separateProcesses = builder.Configuration.GetValue("Messaging:Transport", MessagingTransport.InMemory) == MessagingTransport.RabbitMq;
            keys = SigningKeys.Load(options, allowEphemeral: !separateProcesses);
            builder.Services.AddSingleton(keys);
            if (keys.Signer is not null)
            {
                CheckUserStore(options, development);
                IReadOnlyList<DemoUser> operatorUsers = string.IsNullOrWhiteSpace(options.UsersFile) ? [] : UserFile.Load(options.UsersFile);
                builder.Services.AddSingleton<TokenIssuer>();
                builder.Services.AddSingleton<SignInLimiter>();
                builder.Services.AddSingleton<IPasswordHasher<DemoUser>>(DemoUserStore.Hasher);
                builder.Services.AddSingleton(sp => new DemoUserStore(
                    sp.GetRequiredService<CentreCatalog>(), options, sp.GetRequiredService<IPasswordHasher<DemoUser>>(), operatorUsers));
            }
        }

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.Audience = options.Audience;
            jwt.TokenValidationParameters.NameClaimType = CallCentreClaims.Subject;
            jwt.TokenValidationParameters.RoleClaimType = CallCentreClaims.Role;
            if (keys is not null)
            {
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.ValidAudience = options.Audience;
                jwt.TokenValidationParameters.IssuerSigningKeys = keys.Verification;
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
                jwt.TokenValidationParameters.ValidTypes = [JwtConstants.HeaderType];
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
        if (keys is not null)
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, time) =>
                jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) => TokenIssuer.ValidLifetime(time, notBefore, expires));
        builder.Services.AddSingleton<IAuthorizationHandler, ScopedTokenHandler>();
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    }

    private static void CheckUserStore(AuthOptions options, bool development)
    {
        if (options.DemoUsers != true && string.IsNullOrWhiteSpace(options.UsersFile))
            throw new InvalidOperationException(
                "No one can sign in: this process issues tokens but has no user store. Set Auth:Authority (an OpenID Connect provider), " +
                "or Auth:UsersFile (operator users; hashes from `CallCentre.Host hash-password`), " +
                $"or Auth:DemoUsers=true with Auth:DemoPassword (at least {MinimumDemoPasswordLength} characters) for a demonstration.");
        if (options.DemoUsers == true && !development &&
            (string.IsNullOrWhiteSpace(options.DemoPassword) || options.DemoPassword.Trim() == "demo" || options.DemoPassword.Length < MinimumDemoPasswordLength))
            throw new InvalidOperationException(
                $"Auth:DemoUsers is on outside Development: set Auth:DemoPassword to a secret of at least {MinimumDemoPasswordLength} characters " +
                "(not 'demo'), or turn the demo users off (Auth:DemoUsers=false) and use Auth:UsersFile or Auth:Authority.");
    }

    public static bool UsesEmbeddedIssuer(this IServiceProvider services) => services.GetService<TokenIssuer>() is not null;
}
