using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CallCentre.EndToEnd.Tests.Security;

/// <summary>Every operation of the OpenAPI document, sent broken input (wrong types, missing and extra fields, huge numbers,
/// 1 MB strings, odd unicode, nulls, malformed JSON) in its body, path and query: no answer is a server error, and a refused
/// request (4xx) leaves every table of every module's database as it was. Deterministic: the cases come from one seed.</summary>
public sealed class OpenApiFuzzTests : IClassFixture<OpenApiFuzzTests.Platform>
{
    public sealed class Platform : IDisposable
    {
        public EmbeddedPlatform Embedded { get; } = new();
        public void Dispose() => Embedded.Dispose();
    }

    /// <summary>The seed and the cases per operation; <c>CALLCENTRE_FUZZ_SEED</c> and <c>CALLCENTRE_FUZZ_CASES</c> override them to hunt further.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CALLCENTRE_FUZZ_SEED"), out var s) ? s : 20261204;
    private static readonly int CasesPerOperation = int.TryParse(Environment.GetEnvironmentVariable("CALLCENTRE_FUZZ_CASES"), out var c) ? c : 12;

    /// <summary>Written on purpose by a refused request: the audit log of report reads records the refusals too.</summary>
    private static readonly HashSet<string> AuditTables = ["report_access"];

    private readonly EmbeddedPlatform _platform;

    public OpenApiFuzzTests(Platform fixture) => _platform = fixture.Embedded;

    [Fact]
    public async Task EveryOperation_RefusesBrokenInput_WithoutAServerError_OrAWrite()
    {
        var random = new Random(Seed);
        var operations = await OperationsAsync();
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations in the document");
        await RunAsync(operations.SelectMany(op => Enumerable.Range(0, CasesPerOperation).Select(_ => (op, op.Case(random)))).ToList());
    }

    [Fact]
    public async Task EveryPathAndQueryParameter_RefusesEdgeValues_WithoutAServerError_OrAWrite()
    {
        var operations = await OperationsAsync();
        var cases = operations.SelectMany(op => op.EdgeCases().Select(c => (op, c))).ToList();
        Assert.True(cases.Count >= 200, $"only {cases.Count} edge cases");
        await RunAsync(cases);
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        _ = _platform.Address;
        var document = await DocumentAsync();
        var schemas = document["components"]?["schemas"]?.AsObject();
        return document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "delete" or "patch")
                .Select(o => new Operation(o.Key.ToUpperInvariant(), path.Key, o.Value!, schemas)))
            .ToList();
    }

    /// <summary>Sends each case in turn: no answer may be a server error, and a refused one must leave every table as it was.</summary>
    private async Task RunAsync(IReadOnlyList<(Operation Operation, FuzzCase Case)> cases)
    {
        var failures = new List<string>();
        var refused = 0;
        Dictionary<string, string>? settled = null;
        foreach (var (op, fuzz) in cases)
        {
            // After a refusal nothing is in flight: its snapshot is the next request's "before".
            var before = settled ?? await QuietSnapshotAsync();
            settled = null;
            using var http = _platform.Http();
            using var request = fuzz.ToRequest(TestTokens.For(_platform, PrincipalFor(op)));
            int status;
            try
            {
                using var response = await http.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{fuzz}: no answer ({e.Message})");
                continue;
            }
            if (status >= 500)
                failures.Add($"{fuzz}: {status}");
            else if (status >= 400)
            {
                refused++;
                var after = settled = Snapshot();
                var changed = after.Where(t => !AuditTables.Contains(t.Key.Split('.')[1]) && before.GetValueOrDefault(t.Key) != t.Value)
                    .Select(t => t.Key).ToList();
                if (changed.Count > 0)
                    failures.Add($"{fuzz}: refused with {status} but wrote to {string.Join(", ", changed)}");
            }
        }
        Assert.True(refused > cases.Count / 2, $"only {refused} of {cases.Count} broken requests were refused");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} requests:\n" + string.Join("\n", failures.Select(f => f.Length > 400 ? f[..150] + "…" + f[^250..] : f)));
    }

    /// <summary>The API description as the platform serves it at /openapi/v1.json, read from its document service.</summary>
    private async Task<JsonNode> DocumentAsync()
    {
        var provider = _platform.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync();
        return JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))!;
    }

    /// <summary>An admin reaches every operation but those only agents may call; those go as agent01.</summary>
    private static Principal PrincipalFor(Operation op)
    {
        var rule = SecurityRules.All.FirstOrDefault(r => r.Method == op.Method && Normalise(r.Pattern) == Normalise(op.Path));
        var agentOnly = rule?.Roles is { } roles && !roles.Contains(Hosting.Auth.Roles.Admin) && roles.Contains(Hosting.Auth.Roles.Agent);
        return Principal.All.Single(p => p.Name == (agentOnly ? "agent01" : "admin"));
    }

    private static string Normalise(string pattern) => pattern.Replace(":guid", "").TrimEnd('/');

    /// <summary>A hash of every table of every module's database (table → content hash).</summary>
    private Dictionary<string, string> Snapshot()
    {
        var tables = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(_platform.DataFolder, "*.db"))
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            connection.Open();
            var names = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read()) names.Add(reader.GetString(0));
            }
            foreach (var name in names)
            {
                using var select = connection.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{name}\"";
                using var reader = select.ExecuteReader();
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                while (reader.Read())
                    for (var c = 0; c < reader.FieldCount; c++)
                        hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(c) ? "∅" : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)) + "\u001f"));
                tables[$"{Path.GetFileNameWithoutExtension(file)}.{name}"] = Convert.ToHexString(hash.GetHashAndReset());
            }
        }
        return tables;
    }

    /// <summary>A snapshot once the consumers have written what earlier accepted requests caused (two equal snapshots in a row).</summary>
    private async Task<Dictionary<string, string>> QuietSnapshotAsync()
    {
        var previous = Snapshot();
        for (var i = 0; i < 40; i++)
        {
            await Task.Delay(i == 0 ? 50 : 250);
            var next = Snapshot();
            if (next.Count == previous.Count && next.All(t => previous.GetValueOrDefault(t.Key) == t.Value))
                return next;
            previous = next;
        }
        throw new TimeoutException("The databases never settled.");
    }

    /// <summary>One request: method, path, query and body (raw text, so that it may be malformed).</summary>
    private sealed record FuzzCase(string Method, string Path, string Query, string? Body, string What)
    {
        public HttpRequestMessage ToRequest(string? token)
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Path + (Query.Length > 0 ? "?" + Query : ""));
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (Body is not null)
                request.Content = new StringContent(Body, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });
            return request;
        }

        public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")} [{What}]";
    }

    /// <summary>An operation of the document and the broken requests drawn for it.</summary>
    private sealed class Operation(string method, string path, JsonNode operation, JsonObject? schemas)
    {
        public string Method => method;
        public string Path => path;

        private readonly List<(string Name, string In, JsonNode? Schema, bool Required)> _parameters = (operation["parameters"]?.AsArray() ?? [])
            .Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"], p["required"]?.GetValue<bool>() == true))
            .Where(p => p.Item2 is "path" or "query").ToList();

        /// <summary>Plausible values of the path and the required query parameters; optional ones are left out unless fuzzed.</summary>
        private (Dictionary<string, string> Route, Dictionary<string, string> Query) Baseline() =>
            (_parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => Plain(Sample(p.Schema, p.Name, 0))),
             _parameters.Where(p => p.In == "query" && p.Required).ToDictionary(p => p.Name, p => Plain(Sample(p.Schema, p.Name, 0))));

        private readonly JsonNode? _body = operation["requestBody"]?["content"]?["application/json"]?["schema"];

        private static readonly string[] Malformed =
            ["{", "{\"a\":", "[1,2", "nul", "{'a':1}", "{\"a\":1}}", "\u0000", "", "{\"a\":tru}", "{\"a\":\"\\ud800\"", "[]", "\"text\"", "42"];

        private static readonly string[] OddStrings =
        [
            "\ud800", "x\udc00y", "\u202Egnp.exe", "a\u200Bb\u200Dc", "nul\u0000l", "\uFEFF", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ", "e\u0301\u0301\u0301",
            "../../etc/passwd", "' OR 1=1 --", "<script>alert(1)</script>", "%00", "", " ", "-1", "NaN", "9999-99-99", "0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        ];

        private static readonly string[] HugeNumbers =
            ["1e308", "-1e308", "1e400", "99999999999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "-0", "0.0000000000000000000001"];

        public FuzzCase Case(Random random)
        {
            var (route, query) = Baseline();
            var queryNames = _parameters.Where(p => p.In == "query").Select(p => p.Name).ToList();
            var body = _body is null ? null : Sample(_body, "body", 0)?.ToJsonString();
            var kinds = new List<string>();
            if (_body is not null) kinds.AddRange(["malformed", "null", "missing", "extra", "wrong-type", "huge-number", "megabyte", "unicode"]);
            if (route.Count > 0) kinds.AddRange(["path", "path"]);
            if (queryNames.Count > 0) kinds.AddRange(["query", "query", "query-long"]);
            if (kinds.Count == 0) kinds.Add("as-is");
            var kind = kinds[random.Next(kinds.Count)];
            string what;
            switch (kind)
            {
                case "malformed":
                    body = Malformed[random.Next(Malformed.Length)];
                    what = $"body {Json(body)}";
                    break;
                case "null":
                    body = "null";
                    what = "body null";
                    break;
                case "missing":
                    body = Mutate(body!, random, (_, _) => null, remove: true, out what);
                    break;
                case "extra":
                    var node = JsonNode.Parse(body!);
                    if (node is JsonObject o) o["zzUnexpected"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
                    body = node?.ToJsonString() ?? body;
                    what = "an extra field";
                    break;
                case "wrong-type":
                    JsonNode?[] wrong = [JsonValue.Create("text"), JsonValue.Create(12345), JsonValue.Create(true), new JsonArray(), new JsonObject(), null];
                    body = Mutate(body!, random, (_, r) => wrong[r.Next(wrong.Length)]?.DeepClone(), remove: false, out what);
                    break;
                case "huge-number":
                    var number = HugeNumbers[random.Next(HugeNumbers.Length)];
                    body = Mutate(body!, random, (_, _) => JsonValue.Create("\u0001NUMBER\u0001"), remove: false, out what)
                        .Replace("\"\\u0001NUMBER\\u0001\"", number);
                    what += $" = {number}";
                    break;
                case "megabyte":
                    body = Mutate(body!, random, (_, r) => JsonValue.Create(new string((char)('a' + r.Next(26)), 1 << 20)), remove: false, out what);
                    what += " = 1 MB";
                    break;
                case "unicode":
                    var odd = OddStrings[random.Next(OddStrings.Length)];
                    body = Mutate(body!, random, (_, _) => JsonValue.Create(odd), remove: false, out what);
                    what += $" = {Json(odd)}";
                    break;
                case "path":
                    var name = route.Keys.ElementAt(random.Next(route.Count));
                    route[name] = random.Next(4) == 0 ? new string('9', 4000) : OddStrings[random.Next(OddStrings.Length)];
                    what = $"path {name} = {Json(route[name])}";
                    break;
                case "query":
                    var key = queryNames[random.Next(queryNames.Count)];
                    query[key] = random.Next(3) == 0 ? HugeNumbers[random.Next(HugeNumbers.Length)] : OddStrings[random.Next(OddStrings.Length)];
                    what = $"query {key} = {Json(query[key])}";
                    break;
                case "query-long":
                    var big = queryNames[random.Next(queryNames.Count)];
                    // Just under Kestrel's 8 KiB request line, so the endpoint sees it: a longer line is refused by Kestrel
                    // before any endpoint runs, and the client may see that refusal as a reset while it is still sending.
                    query[big] = new string('7', 7_000);
                    what = $"query {big} = 7,000 digits";
                    break;
                default:
                    what = "as described";
                    break;
            }
            return Build(route, query, body, what);
        }

        private static readonly string[] EdgeValues =
            ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "99999999999999999999", "-2147483649", "-1", "0", "", "\ud800"];

        /// <summary>Each path and query parameter in turn set to each edge value, the others plausible.</summary>
        public IEnumerable<FuzzCase> EdgeCases()
        {
            var body = _body is null ? null : Sample(_body, "body", 0)?.ToJsonString();
            foreach (var (name, where, _, _) in _parameters)
                foreach (var edge in EdgeValues)
                {
                    var (route, query) = Baseline();
                    (where == "path" ? route : query)[name] = edge;
                    yield return Build(route, query, body, $"{where} {name} = {Json(edge)}");
                }
        }

        private FuzzCase Build(Dictionary<string, string> route, Dictionary<string, string> query, string? body, string what)
        {
            var url = route.Aggregate(path, (p, r) => p.Replace("{" + r.Key + "}", Escape(r.Value)));
            var text = string.Join('&', query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Escape(q.Value)));
            return new FuzzCase(method, url, text, body, what);
        }

        private static string Json(string text) => JsonSerializer.Serialize(text.Length > 40 ? text[..40] + "…" : text);

        /// <summary>Escapes a value for a query string; a lone surrogate goes as its raw UTF-16 escape (%ED%A0%80-like bytes).</summary>
        private static string Escape(string value)
        {
            try { return Uri.EscapeDataString(value); }
            catch (UriFormatException) { return string.Concat(value.Select(c => char.IsSurrogate(c) ? $"%{(int)c:X4}" : Uri.EscapeDataString(c.ToString()))); }
        }

        private static string Plain(JsonNode? value) => value switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => value.ToJsonString(),
        };

        /// <summary>The body with one field (chosen at random among every field, nested ones included) replaced or removed.</summary>
        private static string Mutate(string body, Random random, Func<string, Random, JsonNode?> replace, bool remove, out string what)
        {
            var root = JsonNode.Parse(body);
            var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
            Collect(root, "$", slots);
            if (slots.Count == 0)
            {
                what = "the whole body";
                return remove ? "" : (replace("$", random)?.ToJsonString() ?? "null");
            }
            var (parent, key, index, path) = slots[random.Next(slots.Count)];
            if (parent is JsonObject obj)
            {
                if (remove) obj.Remove(key!);
                else obj[key!] = replace(path, random);
            }
            else if (parent is JsonArray arr)
            {
                if (remove) arr.RemoveAt(index);
                else arr[index] = replace(path, random);
            }
            what = (remove ? "without " : "") + path;
            return root!.ToJsonString();
        }

        private static void Collect(JsonNode? node, string path, List<(JsonNode, string?, int, string)> slots)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (k, v) in obj.ToList())
                    {
                        slots.Add((obj, k, -1, $"{path}.{k}"));
                        Collect(v, $"{path}.{k}", slots);
                    }
                    break;
                case JsonArray arr:
                    for (var i = 0; i < arr.Count; i++)
                    {
                        slots.Add((arr, null, i, $"{path}[{i}]"));
                        Collect(arr[i], $"{path}[{i}]", slots);
                    }
                    break;
            }
        }

        /// <summary>A plausible value for the schema (ids of the demo centre by name), so that one broken field is what gets refused.</summary>
        private JsonNode? Sample(JsonNode? schema, string name, int depth)
        {
            schema = Resolve(schema);
            if (schema is null || depth > 6)
                return JsonValue.Create("x");
            if (schema["enum"] is JsonArray values && values.Count > 0)
                return values[0]?.DeepClone();
            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
                if (schema[combinator] is JsonArray options)
                    if (options.FirstOrDefault(o => Type(Resolve(o)) is not "null") is { } first)
                        return Sample(first, name, depth + 1);
            var type = Type(schema);
            var format = schema["format"]?.GetValue<string>();
            return type switch
            {
                "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                    .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, p.Key, depth + 1)))),
                "array" => new JsonArray(Sample(schema["items"], name, depth + 1)),
                "integer" => JsonValue.Create(1),
                "number" => JsonValue.Create(1.5),
                "boolean" => JsonValue.Create(true),
                _ => JsonValue.Create(format switch
                {
                    "date" => "2026-11-02",
                    "date-time" => "2026-11-02T08:00:00+01:00",
                    "uuid" => Guid.NewGuid().ToString(),
                    _ => name.ToLowerInvariant() switch
                    {
                        "tenantid" => Principal.TenantA,
                        "queueid" => "lumiere-banking-fr",
                        "agentid" => "agent01",
                        "documentname" => "v1",
                        "from" or "to" or "date" or "firstday" => "2026-11-02",
                        _ => "x",
                    },
                }),
            };
        }

        private static string? Type(JsonNode? schema) => schema?["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null" && t != "string") ??
                               types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue single => single.GetValue<string>(),
            _ => schema?["properties"] is not null ? "object" : null,
        };

        private JsonNode? Resolve(JsonNode? schema)
        {
            for (var hops = 0; hops < 10 && schema?["$ref"]?.GetValue<string>() is { } reference; hops++)
                schema = schemas?[reference.Split('/')[^1]];
            return schema;
        }
    }
}
