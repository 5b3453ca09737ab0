using System.Security.Claims;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Limits;
using CallCentre.SlaTracking.Data;
using CallCentre.SlaTracking.Reports.Packs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CallCentre.SlaTracking.Api;

/// <summary>Signed monthly packs (docs/packs.md): another tenant's is a 404, like an unknown one; every access is audited with the
/// report accesses.</summary>
internal static class PackApi
{
    /// <summary>A pack zip of a busy tenant's month, with room to spare.</summary>
    public const long MaxVerifyBodyBytes = 64 * 1024 * 1024;

    public static void MapPackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sla/packs").WithTags("Monthly packs")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Client));
        group.MapPost("/", IssuePack)
            .WithSummary("Issues the signed pack of a closed month (the report as PDF, the contact list as CSV, a signed manifest); " +
                         "each issue is a new version.")
            .WithDescription("Body: {tenantId, month: yyyy-MM}; tenantId may be left out by a client. The current or a future month is a 400.");
        group.MapGet("/", ListPacks)
            .WithSummary("The issued versions of a tenant's packs, of one month (month=yyyy-MM) or of all, newest first.");
        group.MapGet("/download", DownloadPack)
            .WithSummary("A pack as a zip: the PDF, the CSV, manifest.json, manifest.sig and the signer's public key (signing-key.pem).")
            .WithDescription("tenantId, month=yyyy-MM, version (default: the latest).");
        group.MapPost("/verify", VerifyPack).WithBodyLimit(MaxVerifyBodyBytes)
            .Accepts<ManifestAndSignature>("application/json", "application/zip")
            .WithSummary("Checks a pack: a whole zip (Content-Type: application/zip), or {manifest: the manifest.json text, " +
                         "signature: manifest.sig in base64}. Answers whether it is valid and, if not, why.");
        group.MapGet("/keys", ListKeys)
            .WithSummary("The public keys packs are verified with (PEM); the current signer's is marked current.");
    }

    public sealed record IssueRequest(string? TenantId, string? Month);

    public sealed record ManifestAndSignature(string? Manifest, string? Signature);

    public sealed record PackKey(string KeyId, string PublicKeyPem, bool Current);

    internal static async Task<Results<Created<PackStore.PackVersion>, NotFound, ValidationProblem, ProblemHttpResult>> IssuePack(
        IssueRequest? body, ClaimsPrincipal user, CentreDefinition centre, MonthlyPacks packs, ReportAccessLog audit, TimeProvider time,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var tenantId = Tenant(body?.TenantId, user, errors);
        var month = Month(body?.Month, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (Find(tenantId!, user, centre) is not { } tenant)
        {
            await audit.WriteAsync(Access(user, tenantId!, month, "pack-issue", "not-found", time), ct);
            return TypedResults.NotFound();
        }
        if (!packs.IsClosed(tenant, month!.Value))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["month"] = [$"The month {MonthlyPacks.MonthPattern.Format(month.Value)} is not closed yet in {tenant.TimeZone}: a pack covers a past month."],
            });
        if (!packs.CanIssue)
            return TypedResults.Problem(title: "This process cannot sign packs.",
                detail: "Set Packs:SigningKeyFile (an EC P-256 private key, PEM PKCS#8) in the SlaTracking processes.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        var issued = await packs.IssueAsync(tenant, month.Value, user.Subject(), ct);
        await audit.WriteAsync(Access(user, tenant.Id, month, "pack-issue", "served", time), ct);
        return TypedResults.Created(
            $"/api/sla/packs/download?tenantId={Uri.EscapeDataString(tenant.Id)}&month={issued.Month}&version={issued.Version}", issued);
    }

    internal static async Task<Results<Ok<IReadOnlyList<PackStore.PackVersion>>, NotFound, ValidationProblem>> ListPacks(
        string? tenantId, string? month, ClaimsPrincipal user, CentreDefinition centre, PackStore store, ReportAccessLog audit,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var resolved = Tenant(tenantId, user, errors);
        YearMonth? m = month is null ? null : Month(month, errors);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (Find(resolved!, user, centre) is not { } tenant)
        {
            await audit.WriteAsync(Access(user, resolved!, m, "pack-list", "not-found", time), ct);
            return TypedResults.NotFound();
        }
        var versions = await store.ListAsync(tenant.Id, m is { } some ? MonthlyPacks.MonthPattern.Format(some) : null, ct);
        await audit.WriteAsync(Access(user, tenant.Id, m, "pack-list", "served", time), ct);
        return TypedResults.Ok(versions);
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ValidationProblem>> DownloadPack(
        string? tenantId, string? month, string? version, ClaimsPrincipal user, CentreDefinition centre, PackStore store,
        ReportAccessLog audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var resolved = Tenant(tenantId, user, errors);
        var m = Month(month, errors);
        int? v = null;
        if (version is not null)
        {
            if (int.TryParse(version, out var parsed) && parsed is >= 1 and <= 100_000)
                v = parsed;
            else
                errors["version"] = ["The version is a whole number from 1, as the list of a month's packs gives it."];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var monthText = MonthlyPacks.MonthPattern.Format(m!.Value);
        var tenant = Find(resolved!, user, centre);
        var chosen = tenant is null ? null : v ?? (await store.ListAsync(tenant.Id, monthText, ct)).FirstOrDefault()?.Version;
        var pack = tenant is null || chosen is null ? null : await store.GetAsync(tenant.Id, monthText, chosen.Value, ct);
        if (pack is null)
        {
            await audit.WriteAsync(Access(user, resolved!, m, "pack", "not-found", time), ct);
            return TypedResults.NotFound();
        }
        await audit.WriteAsync(Access(user, pack.Version.TenantId, m, "pack", "served", time), ct);
        return TypedResults.File(MonthlyPacks.Zip(pack), "application/zip",
            $"pack-{pack.Version.TenantId}-{monthText}-v{pack.Version.Version}.zip");
    }

    internal static async Task<Results<Ok<MonthlyPacks.Verdict>, ValidationProblem>> VerifyPack(HttpRequest http, MonthlyPacks packs,
        CancellationToken ct)
    {
        var type = http.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is "application/zip" or "application/x-zip-compressed" or "application/octet-stream")
        {
            using var body = new MemoryStream();
            await http.Body.CopyToAsync(body, ct);
            return packs.VerifyZip(body.ToArray()) is { } verdict
                ? TypedResults.Ok(verdict)
                : Invalid("body", "The body is not a readable zip (a pack as GET /api/sla/packs/download gives it).");
        }
        if (type is not "application/json")
            return Invalid("Content-Type", "Send a pack zip as application/zip, or {manifest, signature} as application/json.");
        ManifestAndSignature? input;
        try
        {
            input = await http.ReadFromJsonAsync<ManifestAndSignature>(ct);
        }
        catch (JsonException)
        {
            return Invalid("body", "The body is not JSON of the form {manifest, signature}.");
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(input?.Manifest))
            errors["manifest"] = ["The manifest is required: the text of manifest.json, exactly as in the pack."];
        byte[]? signature = null;
        if (string.IsNullOrEmpty(input?.Signature))
            errors["signature"] = ["The signature is required: manifest.sig in base64 (e.g. `base64 -w0 manifest.sig`)."];
        else
            try { signature = Convert.FromBase64String(input.Signature); }
            catch (FormatException) { errors["signature"] = ["The signature must be base64 (manifest.sig encoded, e.g. `base64 -w0 manifest.sig`)."]; }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(packs.Verify(System.Text.Encoding.UTF8.GetBytes(input!.Manifest!), signature!));
    }

    internal static Ok<List<PackKey>> ListKeys(PackSigningKeys keys) =>
        TypedResults.Ok(keys.Keys.Select(k => new PackKey(k.KeyId, k.PublicKeyPem, k.Current)).OrderByDescending(k => k.Current).ToList());

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static string? Tenant(string? tenantId, ClaimsPrincipal user, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            if (ReportApi.SoleTenant(user) is { } sole)
                return sole;
            errors["tenantId"] = ["The tenantId is required unless the token carries exactly one tenant."];
            return null;
        }
        if (tenantId.Length > 100)
        {
            errors["tenantId"] = ["The tenantId is at most 100 characters."];
            return null;
        }
        return tenantId;
    }

    private static YearMonth? Month(string? month, Dictionary<string, string[]> errors)
    {
        var parsed = string.IsNullOrWhiteSpace(month) ? null : MonthlyPacks.MonthPattern.Parse(month);
        if (parsed is { Success: true } && parsed.Value.Year is >= 2000 and <= 2200)
            return parsed.Value;
        errors["month"] = ["The month is required as yyyy-MM (a month in the tenant's time zone)."];
        return null;
    }

    private static TenantDefinition? Find(string tenantId, ClaimsPrincipal user, CentreDefinition centre) =>
        centre.FindTenant(tenantId) is { } tenant && user.CanAccessTenant(tenantId) ? tenant : null;

    private static ReportAccessLog.ReportAccess Access(ClaimsPrincipal user, string tenantId, YearMonth? month, string format, string outcome,
        TimeProvider time) =>
        new(time.GetUtcNow(), user.Subject(), string.Join(",", user.FindAll(CallCentreClaims.Role).Select(c => c.Value)), tenantId,
            month is { } m ? NodaTime.Text.LocalDatePattern.Iso.Format(m.OnDayOfMonth(1)) : "",
            month is { } n ? NodaTime.Text.LocalDatePattern.Iso.Format(n.OnDayOfMonth(n.Calendar.GetDaysInMonth(n.Year, n.Month))) : "",
            "month", format, outcome);
}
