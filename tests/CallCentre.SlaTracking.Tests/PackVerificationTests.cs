using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CallCentre.Hosting.Auth;
using CallCentre.SlaTracking.Reports.Packs;
using Microsoft.AspNetCore.Hosting;

namespace CallCentre.SlaTracking.Tests;

/// <summary>Tampering with any file of a pack fails both the offline check of docs/packs.md and POST /api/sla/packs/verify; the
/// key is configured like the token key, and packs of a rotated-out signer still verify.</summary>
public sealed class PackVerificationTests(SqlitePackPlatform platform) : IClassFixture<SqlitePackPlatform>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<byte[]> PackAsync(HttpClient http)
    {
        await PackApiTests<SqlitePackPlatform>.SeedAsync(platform.Calls);
        var issued = await PackApiTests<SqlitePackPlatform>.IssueAsync(http, "2026-11");
        return await http.GetByteArrayAsync($"/api/sla/packs/download?month=2026-11&version={issued.Version}");
    }

    [Fact]
    public async Task ChangingAnyOneByteOfAnyFile_FailsTheOfflineCheck_AndTheEndpoint()
    {
        using var http = await platform.As("client-lumiere-bank");
        var zip = await PackAsync(http);
        Assert.True((await PackApiTests<SqlitePackPlatform>.VerifyAsync(http, zip)).Valid);
        using var original = new UnpackedPack(zip);
        var published = await http.GetFromJsonAsync<List<Api.PackApi.PackKey>>("/api/sla/packs/keys", Json);
        var trusted = Path.Combine(original.Folder, "..", Path.GetFileName(original.Folder) + "-platform-key.pem");
        await File.WriteAllTextAsync(trusted, published!.Single(k => k.Current).PublicKeyPem);
        var keyCheck = string.Format(UnpackedPack.KeyCheck, trusted);
        Assert.Equal(0, original.Run(keyCheck).ExitCode);
        var names = Directory.GetFiles(original.Folder).Select(Path.GetFileName).ToList();
        Assert.Equal(5, names.Count);

        var cases = 0;
        foreach (var name in names)
        {
            var bytes = await File.ReadAllBytesAsync(original.PathOf(name!));
            foreach (var at in new[] { 0, bytes.Length / 3, bytes.Length / 2, bytes.Length - 1 }.Distinct())
            {
                var tampered = (byte[])bytes.Clone();
                tampered[at] ^= 0x01;
                using var pack = new UnpackedPack(zip);
                await File.WriteAllBytesAsync(pack.PathOf(name!), tampered);

                var passes = new[] { keyCheck, UnpackedPack.SignatureCheck, UnpackedPack.FileCheck }.All(c => pack.Run(c).ExitCode == 0);
                Assert.False(passes, $"{name} byte {at}: the offline check still passes");
                var verdict = await PackApiTests<SqlitePackPlatform>.VerifyAsync(http, Rezip(pack.Folder));
                Assert.False(verdict.Valid, $"{name} byte {at}: the endpoint still says valid");
                Assert.NotEmpty(verdict.Problems);
                cases++;
            }
        }
        Assert.Equal(20, cases);
        File.Delete(trusted);
    }

    [Fact]
    public async Task AFileAddedOrRemoved_IsInvalid_WithTheReason()
    {
        using var http = await platform.As("client-lumiere-bank");
        var zip = await PackAsync(http);
        using var pack = new UnpackedPack(zip);
        await File.WriteAllTextAsync(pack.PathOf("extra.txt"), "x");
        File.Delete(pack.PathOf("contacts-lumiere-bank-2026-11.csv"));

        var verdict = await PackApiTests<SqlitePackPlatform>.VerifyAsync(http, Rezip(pack.Folder));

        Assert.False(verdict.Valid);
        Assert.Contains(verdict.Problems, p => p.StartsWith("contacts-lumiere-bank-2026-11.csv is listed in the manifest but missing"));
        Assert.Contains(verdict.Problems, p => p.StartsWith("extra.txt is in the pack but not in the manifest"));
    }

    [Fact]
    public async Task AManifestAndItsSignature_VerifyAsJson_AndAChangedManifestDoesNot()
    {
        using var http = await platform.As("supervisor-lumiere");
        var zip = await PackAsync(await platform.As("client-lumiere-bank"));
        var manifest = System.Text.Encoding.UTF8.GetString(PackApiTests<SqlitePackPlatform>.Entry(zip, "manifest.json"));
        var signature = Convert.ToBase64String(PackApiTests<SqlitePackPlatform>.Entry(zip, "manifest.sig"));

        var good = await (await http.PostAsJsonAsync("/api/sla/packs/verify", new { manifest, signature }))
            .Content.ReadFromJsonAsync<MonthlyPacks.Verdict>(Json);
        var bad = await (await http.PostAsJsonAsync("/api/sla/packs/verify", new { manifest = manifest.Replace("2026-11", "2026-10"), signature }))
            .Content.ReadFromJsonAsync<MonthlyPacks.Verdict>(Json);
        using var notBase64 = await http.PostAsJsonAsync("/api/sla/packs/verify", new { manifest, signature = "%%%" });
        using var notZip = await http.PostAsync("/api/sla/packs/verify", new ByteArrayContent([1, 2, 3])
            { Headers = { ContentType = new("application/zip") } });

        Assert.True(good!.Valid);
        Assert.Equal(("lumiere-bank", "2026-11", false), (good.TenantId, good.Month, good.FilesChecked));
        Assert.False(bad!.Valid);
        Assert.Equal("manifest.sig is not a signature of this manifest.json by key " + good.KeyId + ".", Assert.Single(bad.Problems));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (notBase64.StatusCode, notZip.StatusCode));
    }

    [Fact]
    public async Task AConfiguredKey_SignsPacks_AndAfterARotationTheOldPacksStillVerify()
    {
        var (oldKey, newKey) = (SigningKeys.NewPrivateKeyPem(), SigningKeys.NewPrivateKeyPem());
        byte[] zip;
        string oldId;
        using (var before = new KeyedPlatform(("Packs:SigningKey", oldKey)))
        {
            using var http = await before.As("client-lumiere-bank");
            var keys = await http.GetFromJsonAsync<List<Api.PackApi.PackKey>>("/api/sla/packs/keys", Json);
            oldId = Assert.Single(keys!).KeyId;
            Assert.Equal(IdOf(oldKey), oldId);
            zip = await http.GetByteArrayAsync(
                $"/api/sla/packs/download?month=2026-11&version={(await PackApiTests<SqlitePackPlatform>.IssueAsync(http, "2026-11")).Version}");
        }
        using var oldPublic = ECDsa.Create();
        oldPublic.ImportFromPem(oldKey);
        using var after = new KeyedPlatform(("Packs:SigningKey", newKey), ("Packs:VerificationKeys", oldPublic.ExportSubjectPublicKeyInfoPem()));
        using var client = await after.As("client-lumiere-bank");
        using var withoutOld = new KeyedPlatform(("Packs:SigningKey", newKey));
        using var other = await withoutOld.As("client-lumiere-bank");

        var keysAfter = await client.GetFromJsonAsync<List<Api.PackApi.PackKey>>("/api/sla/packs/keys", Json);
        var verdict = await PackApiTests<SqlitePackPlatform>.VerifyAsync(client, zip);
        var unknown = await PackApiTests<SqlitePackPlatform>.VerifyAsync(other, zip);

        Assert.Equal([(IdOf(newKey), true), (oldId, false)], keysAfter!.Select(k => (k.KeyId, k.Current)));
        Assert.True(verdict.Valid, string.Join("; ", verdict.Problems));
        Assert.Equal(oldId, verdict.KeyId);
        Assert.False(unknown.Valid);
        Assert.Equal($"The manifest names signing key {oldId}, which this platform does not know.", Assert.Single(unknown.Problems));
    }

    [Fact]
    public void SeparateProcessesWithoutAKey_VerifyButDoNotIssue_AndABadKeyNamesThePacksSetting()
    {
        var verifier = PackSigningKeys.Load(new PackOptions(), allowEphemeral: false);
        var single = PackSigningKeys.Load(new PackOptions(), allowEphemeral: true);

        Assert.Null(verifier.Signer);
        Assert.Empty(verifier.Keys);
        Assert.NotNull(single.Signer);
        var error = Assert.Throws<InvalidOperationException>(() => PackSigningKeys.Load(new PackOptions { SigningKey = "CHANGE-ME" }, true));
        Assert.StartsWith("Packs:SigningKey must be an EC P-256 private key", error.Message);
    }

    private static string IdOf(string privatePem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privatePem);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    private static byte[] Rezip(string folder)
    {
        using var buffer = new MemoryStream();
        ZipFile.CreateFromDirectory(folder, buffer);
        return buffer.ToArray();
    }

    private sealed class KeyedPlatform(params (string Key, string Value)[] settings) : PackPlatform
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        }
    }
}
