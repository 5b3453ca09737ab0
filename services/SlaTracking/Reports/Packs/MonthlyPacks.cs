using System.IO.Compression;
using System.Security.Cryptography;
using CallCentre.Hosting.Centre;
using CallCentre.Hosting.Languages;
using CallCentre.SlaTracking.Counting;
using CallCentre.SlaTracking.Data;
using NodaTime;
using NodaTime.Text;

namespace CallCentre.SlaTracking.Reports.Packs;

/// <summary>Issues, packages and verifies the signed monthly packs (docs/packs.md).</summary>
public sealed class MonthlyPacks(ReportService reports, PackStore store, PackSigningKeys keys, TimeProvider time)
{
    public const string ManifestName = "manifest.json", SignatureName = "manifest.sig", PublicKeyName = "signing-key.pem";

    /// <summary>Unpacked files above this are refused: a pack of a busy tenant's month is a few megabytes.</summary>
    public const long MaxUnpackedBytes = 256L * 1024 * 1024;

    public static readonly YearMonthPattern MonthPattern = YearMonthPattern.Iso;

    public bool CanIssue => keys.Signer is not null;

    /// <summary>A month is closed once its last day has ended in the tenant's time zone.</summary>
    public bool IsClosed(TenantDefinition tenant, YearMonth month)
    {
        var zone = DateTimeZoneProviders.Tzdb[tenant.TimeZone];
        var today = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone).Date;
        return month.OnDayOfMonth(1).PlusMonths(1) <= today;
    }

    public async Task<PackStore.PackVersion> IssueAsync(TenantDefinition tenant, YearMonth month, string issuedBy, CancellationToken ct = default)
    {
        var signer = keys.Signer ?? throw new InvalidOperationException("This process has no Packs:SigningKey.");
        var language = Texts.For(tenant.Language).Language;
        var labels = ReportLabels.For(language);
        var monthText = MonthPattern.Format(month);
        var query = new ReportQuery(tenant.Id, month.OnDayOfMonth(1), month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)),
            Granularity.Day, 30);
        var report = await reports.BuildAsync(tenant, query, language, ct);
        var caption = string.Format(labels.Culture, labels.PackCaption, monthText);
        PackStore.PackFile[] files =
        [
            new($"report-{tenant.Id}-{monthText}.pdf", PdfReport.Render(report, labels, caption)),
            new($"contacts-{tenant.Id}-{monthText}.csv", await ContactList.CsvAsync(reports.ContactsAsync(tenant, query, null, null, null, language, ct), language, ct)),
        ];
        var keyId = keys.SignerId!;
        var publicKey = keys.Find(keyId)!.ExportSubjectPublicKeyInfoPem() + "\n";
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        return await store.AddNextAsync(tenant.Id, monthText, issuedAt, issuedBy, version =>
        {
            var manifest = new PackManifest(PackManifest.CurrentFormat, tenant.Id, tenant.Name, monthText, version, issuedAt, keyId,
                PackManifest.EcdsaP256Sha256,
                files.Select(f => new PackManifestFile(f.Name, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content)))).ToList());
            var bytes = manifest.ToBytes();
            return new PackStore.SealedPack(bytes, signer.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
                keyId, publicKey, files);
        }, ct);
    }

    /// <summary>The pack as one zip: its files, manifest.json, manifest.sig and the signer's public key (PEM).</summary>
    public static byte[] Zip(PackStore.StoredPack pack)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] content)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = pack.Version.IssuedAt;
                using var stream = entry.Open();
                stream.Write(content);
            }
            foreach (var file in pack.Files)
                Add(file.Name, file.Content);
            Add(ManifestName, pack.Manifest);
            Add(SignatureName, pack.Signature);
            Add(PublicKeyName, System.Text.Encoding.ASCII.GetBytes(pack.PublicKeyPem));
        }
        return buffer.ToArray();
    }

    /// <summary>What a verification found: valid only when the signature holds under a key of this platform and, for a whole
    /// pack, every file is the one the manifest lists and nothing else is in it.</summary>
    public sealed record Verdict(bool Valid, bool FilesChecked, string? TenantId, string? Month, int? Version, string? KeyId,
        IReadOnlyList<string> Problems);

    /// <summary>Checks a zip as <see cref="Zip"/> makes it; null when the bytes are not a readable zip.</summary>
    public Verdict? VerifyZip(byte[] zipBytes)
    {
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
            long total = 0;
            var chunk = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var content = new MemoryStream();
                // Counted as read, not as declared: an entry's header may lie about its size.
                for (int read; (read = stream.Read(chunk)) > 0;)
                {
                    total += read;
                    if (total > MaxUnpackedBytes)
                        return new Verdict(false, false, null, null, null, null, [$"The pack unpacks to more than {MaxUnpackedBytes} bytes."]);
                    content.Write(chunk, 0, read);
                }
                if (!entries.TryAdd(entry.FullName, content.ToArray()))
                    problems.Add($"{entry.FullName} is in the pack twice.");
            }
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            return null;
        }
        if (!entries.TryGetValue(ManifestName, out var manifest) || !entries.TryGetValue(SignatureName, out var signature))
            return new Verdict(false, false, null, null, null, null, [$"The pack has no {ManifestName} or no {SignatureName}."]);
        var verdict = Verify(manifest, signature);
        if (PackManifest.Read(manifest) is not { } m)
            return verdict;
        problems.InsertRange(0, verdict.Problems);
        foreach (var file in m.Files)
        {
            if (!entries.TryGetValue(file.Name, out var content))
                problems.Add($"{file.Name} is listed in the manifest but missing from the pack.");
            else if (content.Length != file.Size || Convert.ToHexStringLower(SHA256.HashData(content)) != file.Sha256)
                problems.Add($"{file.Name} is not the file that was signed (its size or SHA-256 differs from the manifest's).");
        }
        foreach (var name in entries.Keys.Where(n => n is not (ManifestName or SignatureName or PublicKeyName) && m.Files.All(f => f.Name != n)))
            problems.Add($"{name} is in the pack but not in the manifest.");
        if (entries.TryGetValue(PublicKeyName, out var pem) && keys.Find(m.KeyId) is { } key
            && !pem.AsSpan().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n")))
            problems.Add($"{PublicKeyName} is not the platform's public key {m.KeyId}.");
        return verdict with { Valid = problems.Count == 0, FilesChecked = true, Problems = problems };
    }

    /// <summary>Checks the signature of a manifest alone (the files it lists are not at hand).</summary>
    public Verdict Verify(byte[] manifest, byte[] signature)
    {
        if (PackManifest.Read(manifest) is not { } m)
            return new Verdict(false, false, null, null, null, null, [$"{ManifestName} is not a pack manifest ({PackManifest.CurrentFormat})."]);
        var problems = new List<string>();
        if (keys.Find(m.KeyId) is not { } key)
            problems.Add($"The manifest names signing key {m.KeyId}, which this platform does not know.");
        else if (!Holds(key, manifest, signature))
            problems.Add($"{SignatureName} is not a signature of this {ManifestName} by key {m.KeyId}.");
        return new Verdict(problems.Count == 0, false, m.TenantId, m.Month, m.Version, m.KeyId, problems);
    }

    private static bool Holds(ECDsa key, byte[] data, byte[] signature)
    {
        try
        {
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
