using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CallCentre.EndToEnd.Tests;

/// <summary>The embedded issuer's posture: what refuses to start, ES256 keys and JWKS, verify-only processes, refresh
/// tokens, hub connections closed at expiry, sign-in limits, equal work for unknown users, safe log lines, the banner.</summary>
public sealed class AuthPostureTests
{
    /// <summary>The whole platform in this process, in the environment and with the settings a test gives.</summary>
    private sealed class AuthPlatform(string environment, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "callcentre-auth-" + Guid.NewGuid().ToString("N")[..8]);
        public CapturedLogs Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Data", _data);
            builder.UseSetting("Simulator:Enabled", "false");
            builder.UseSetting("Modules", "all");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
            if (services is not null)
                builder.ConfigureTestServices(services);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string StartFailure(string environment, Dictionary<string, string?> settings)
    {
        using var platform = new AuthPlatform(environment, settings);
        var error = Assert.ThrowsAny<Exception>(() => platform.Services);
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is InvalidOperationException)
                return e.Message;
        throw new Xunit.Sdk.XunitException($"Expected an InvalidOperationException, got: {error}");
    }

    private static async Task<AuthApi.TokenResponse> SignInAsync(HttpClient http, string user, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = user, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuthApi.TokenResponse>())!;
    }

    private static async Task<HttpStatusCode> TenantsWith(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenants");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    // --- start-up checks ---

    [Fact]
    public void OutsideDevelopment_NoUserStore_RefusesToStartSayingWhatToSet()
    {
        var message = StartFailure("Production", Settings());
        Assert.Contains("no user store", message);
        Assert.Contains("Auth:Authority", message);
        Assert.Contains("Auth:UsersFile", message);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("")]
    [InlineData("short-pass")]
    public void OutsideDevelopment_DemoUsersWithAWeakPassword_RefuseToStart(string password)
    {
        var message = StartFailure("Production", Settings(("Auth:DemoUsers", "true"), ("Auth:DemoPassword", password)));
        Assert.Contains("Auth:DemoPassword", message);
        Assert.Contains("not 'demo'", message);
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // deploy/compose/.env.example
    [InlineData("CHANGE-ME-64-HEX-CHARACTERS")] // deploy/k8s/02-secret.example.yaml
    [InlineData("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----")]
    public void PlaceholderOrMalformedSigningKey_RefusesToStart(string key)
    {
        var message = StartFailure("Development", Settings(("Auth:SigningKey", key)));
        Assert.Contains("Auth:SigningKey must be an EC P-256 private key", message);
    }

    [Fact]
    public void SigningKeyOnAnotherCurve_RefusesToStart()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var message = StartFailure("Development", Settings(("Auth:SigningKey", p384.ExportPkcs8PrivateKeyPem())));
        Assert.Contains("another curve", message);
    }

    [Fact]
    public void LowEntropySigningKey_RefusesToStart()
    {
        var d = new byte[32];
        d[31] = 7;
        using var weak = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        var message = StartFailure("Development", Settings(("Auth:SigningKey", weak.ExportPkcs8PrivateKeyPem())));
        Assert.Contains("too little entropy", message);
    }

    [Fact]
    public void PrivateKeyAmongVerificationKeys_RefusesToStart()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(true);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new
        {
            kty = "EC", crv = "P-256", kid = "k1",
            x = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Q.X), y = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.Q.Y),
            d = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(p.D),
        } } });
        var message = StartFailure("Development", Settings(("Auth:VerificationKeys", jwks)));
        Assert.Contains("holds a private key", message);
    }

    [Fact]
    public void SeparateProcessesWithoutKeys_RefuseToStart()
    {
        var message = StartFailure("Development", Settings(("Messaging:Transport", "RabbitMq")));
        Assert.Contains("Auth:SigningKeyFile", message);
        Assert.Contains("Auth:VerificationKeysFile", message);
    }

    // --- keys, JWKS and verify-only processes ---

    [Fact]
    public async Task Jwks_IsServedAnonymously_AndNamesTheKeyTokensAreSignedWith()
    {
        using var platform = new AuthPlatform("Development", Settings());
        using var http = platform.CreateClient();
        var jwks = await http.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.False(key.TryGetProperty("d", out _));

        var token = new JsonWebToken((await SignInAsync(http, "supervisor", "demo")).AccessToken);
        Assert.Equal("ES256", token.Alg);
        Assert.Equal(key.GetProperty("kid").GetString(), token.Kid);
    }

    [Fact]
    public async Task VerifyOnlyProcess_AcceptsTheSignersTokens_RefusesAnotherKeysAndIssuesNone()
    {
        var signer = SigningKeys.NewPrivateKeyPem();
        var options = new AuthOptions { SigningKey = signer };
        var issuer = new TokenIssuer(options, SigningKeys.Load(options, allowEphemeral: false), TimeProvider.System);
        var otherOptions = new AuthOptions { SigningKey = SigningKeys.NewPrivateKeyPem() };
        var other = new TokenIssuer(otherOptions, SigningKeys.Load(otherOptions, allowEphemeral: false), TimeProvider.System);
        Claim[] supervisor = [new(CallCentreClaims.Role, Roles.Supervisor)];

        using var platform = new AuthPlatform("Production", Settings(("Auth:VerificationKeys", SigningKeys.PublicJwksOf(signer))));
        using var http = platform.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await TenantsWith(http, issuer.Issue("supervisor", supervisor)));
        Assert.Equal(HttpStatusCode.Unauthorized, await TenantsWith(http, other.Issue("supervisor", supervisor)));
        Assert.Null(platform.Services.GetService<TokenIssuer>());
        using var signIn = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = "demo" });
        Assert.NotEqual(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Rotation_TheNewSignersProcessStillAcceptsTokensOfThePreviousKey()
    {
        var previous = SigningKeys.NewPrivateKeyPem();
        var previousOptions = new AuthOptions { SigningKey = previous };
        var oldIssuer = new TokenIssuer(previousOptions, SigningKeys.Load(previousOptions, allowEphemeral: false), TimeProvider.System);
        var pem = Path.GetTempFileName();
        await File.WriteAllTextAsync(pem, SigningKeys.NewPrivateKeyPem());
        try
        {
            using var platform = new AuthPlatform("Development", Settings(
                ("Auth:SigningKeyFile", pem), ("Auth:VerificationKeys", SigningKeys.PublicJwksOf(previous))));
            using var http = platform.CreateClient();
            var jwks = await http.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
            Assert.Equal(2, jwks.GetProperty("keys").GetArrayLength());
            Assert.Equal(HttpStatusCode.OK, await TenantsWith(http, oldIssuer.Issue("admin", [new(CallCentreClaims.Role, Roles.Admin)])));
            Assert.Equal(HttpStatusCode.OK, await TenantsWith(http, (await SignInAsync(http, "admin", "demo")).AccessToken));
        }
        finally
        {
            File.Delete(pem);
        }
    }

    // --- user stores ---

    [Fact]
    public async Task OutsideDevelopment_UsersFile_SignsInItsUsers_AndTheDemoUsersAreOff()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            users = new[] { new { name = "ops", passwordHash = DemoUserStore.HashPassword("a long operator secret"), roles = new[] { "supervisor" }, tenants = new[] { "lumiere-bank" } } },
        }));
        try
        {
            using var platform = new AuthPlatform("Production", Settings(("Auth:UsersFile", file)));
            using var http = platform.CreateClient();
            var token = new JsonWebToken((await SignInAsync(http, "ops", "a long operator secret")).AccessToken);
            Assert.Equal(new[] { "lumiere-bank" }, token.Claims.Where(c => c.Type == CallCentreClaims.Tenant).Select(c => c.Value));
            using var demo = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "demo" });
            Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void UsersFileWithAPlainPassword_RefusesToStart()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, """{"users":[{"name":"ops","passwordHash":"secret","roles":["admin"]}]}""");
        try
        {
            Assert.Contains("hash-password", StartFailure("Production", Settings(("Auth:UsersFile", file))));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // --- sessions ---

    [Fact]
    public async Task Refresh_ReturnsANewPair_AndARefreshTokenIsNoAccessToken()
    {
        using var platform = new AuthPlatform("Development", Settings());
        using var http = platform.CreateClient();
        var first = await SignInAsync(http, "supervisor", "demo");
        Assert.Equal(15 * 60, first.ExpiresIn);
        Assert.True(first.RefreshExpiresIn > first.ExpiresIn);

        Assert.Equal(HttpStatusCode.Unauthorized, await TenantsWith(http, first.RefreshToken));
        using var accessAsRefresh = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.AccessToken });
        Assert.Equal(HttpStatusCode.Unauthorized, accessAsRefresh.StatusCode);

        using var refreshed = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = (await refreshed.Content.ReadFromJsonAsync<AuthApi.TokenResponse>())!;
        Assert.Equal("supervisor", new JsonWebToken(second.AccessToken).Subject);
        Assert.Equal(HttpStatusCode.OK, await TenantsWith(http, second.AccessToken));

        // A user no longer in the store gets no new tokens.
        var gone = platform.Services.GetRequiredService<TokenIssuer>().IssueRefresh("left-the-company");
        using var refused = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = gone });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var empty = await http.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task HubConnection_IsClosedWhenItsTokenExpires()
    {
        using var platform = new AuthPlatform("Development", Settings(("Auth:TokenLifetimeMinutes", "0.1")));
        platform.UseKestrel(0);
        platform.StartServer();
        using var http = new HttpClient { BaseAddress = platform.ClientOptions.BaseAddress };
        var token = (await SignInAsync(http, "supervisor", "demo")).AccessToken;
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(platform.ClientOptions.BaseAddress, "/hubs/wallboard"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await hub.StartAsync();
        var started = Stopwatch.StartNew();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(40));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(40));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task PlatformClient_KeepsWorkingPastTheAccessTokensExpiry()
    {
        using var platform = new AuthPlatform("Development", Settings(("Auth:TokenLifetimeMinutes", "0.05")));
        using var http = platform.CreateClient();
        var client = new CallCentre.Simulator.Live.PlatformClient(http);
        var agent = await client.LoginAsync("agent01", "demo", default);
        await Task.Delay(TimeSpan.FromSeconds(4)); // past the 3 s lifetime (the 30 s clock skew aside, renewed at 80 %)
        var renewed = await client.AccessTokenAsync(agent, default);
        Assert.NotEqual(agent, renewed);
        Assert.Equal("agent01", (await client.GetAgentAsync(agent, default)).AgentId);
    }

    // --- abuse limits ---

    [Fact]
    public async Task FailedSignIns_PerUserName_AreLimited_With429AndRetryAfter()
    {
        using var platform = new AuthPlatform("Development", Settings(("Auth:FailuresPerUserPerMinute", "3")));
        using var http = platform.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = "guess" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var blocked = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = "demo" });
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        // Another user name is not held back by the first one's failures.
        await SignInAsync(http, "admin", "demo");
    }

    [Fact]
    public async Task Attempts_PerClientAddress_AreLimited_With429AndRetryAfter()
    {
        using var platform = new AuthPlatform("Development", Settings(("Auth:AttemptsPerAddressPerMinute", "5")));
        using var http = platform.CreateClient();
        for (var i = 0; i < 5; i++)
            await SignInAsync(http, $"agent{i + 1:00}", "demo");
        using var blocked = await http.PostAsJsonAsync("/api/auth/token", new { username = "agent06", password = "demo" });
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
    }

    [Fact]
    public void DefaultLimits_LetTheSimulatorSignInEveryAgentFromOneAddress()
    {
        var options = new AuthOptions();
        Assert.True(options.AttemptsPerAddressPerMinute >= 100);
        using var limiter = new SignInLimiter(options);
        for (var i = 0; i < 100; i++)
            Assert.Null(limiter.Attempt("127.0.0.1"));
    }

    /// <summary>Counts the hasher's work and the rounds of each hash it checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<DemoUser>
    {
        public List<int> RoundsVerified { get; } = [];
        public string HashPassword(DemoUser user, string password) => DemoUserStore.Hasher.HashPassword(user, password);
        public PasswordVerificationResult VerifyHashedPassword(DemoUser user, string hashedPassword, string providedPassword)
        {
            var bytes = Convert.FromBase64String(hashedPassword);
            lock (RoundsVerified)
                RoundsVerified.Add((bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]);
            return DemoUserStore.Hasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task UnknownUser_CostsTheSameHashingAsAKnownUser()
    {
        var hasher = new CountingHasher();
        using var platform = new AuthPlatform("Development", Settings(),
            s => s.AddSingleton<IPasswordHasher<DemoUser>>(hasher));
        using var http = platform.CreateClient();
        using var known = await http.PostAsJsonAsync("/api/auth/token", new { username = "supervisor", password = "wrong" });
        using var unknown = await http.PostAsJsonAsync("/api/auth/token", new { username = "no-such-user", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await known.Content.ReadAsStringAsync()).Length, (await unknown.Content.ReadAsStringAsync()).Length);
        Assert.Equal(2, hasher.RoundsVerified.Count);
        Assert.Equal(hasher.RoundsVerified[0], hasher.RoundsVerified[1]);
        Assert.True(hasher.RoundsVerified[0] >= 100_000);
    }

    [Fact]
    public async Task RefusedUserName_IsLoggedWithoutControlCharacters_AndTruncated()
    {
        using var platform = new AuthPlatform("Development", Settings());
        using var http = platform.CreateClient();
        var name = "mallory\r\nInformation CallCentre.Auth: Issued a token to admin\u202e" + new string('x', 5000);
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = name, password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var line = Assert.Single(platform.Logs.Lines, l => l.Contains("Refused a token to"));
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u202e', line);
        Assert.Contains("mallory??Information", line);
        Assert.True(line.Length < 200, $"{line.Length} characters logged");
    }

    // --- the banner ---

    [Fact]
    public async Task Banner_OutsideDevelopment_ShowsNoPassword()
    {
        const string password = "banner-test-secret-42";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(DistributedPlatform.HostBinary())!,
        };
        var data = Path.Combine(Path.GetTempPath(), "callcentre-banner-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var arg in new[] { DistributedPlatform.HostBinary(), "--urls", "http://127.0.0.1:0", "--Data", data })
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Auth__DemoUsers"] = "true";
        start.Environment["Auth__DemoPassword"] = password;
        start.Environment["Simulator__Enabled"] = "false";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var banner = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output) output.AppendLine(e.Data);
            if (e.Data?.Contains("A token:") == true) banner.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await banner.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
        string text;
        lock (output) text = output.ToString();
        Assert.Contains("Demo logins", text);
        Assert.DoesNotContain(password, text);
    }
}
