using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OversightLedger.Server.Tests.Http.Fuzzing;

/// <summary>
/// Makes bad requests for an operation from its OpenAPI description, all from one seeded <see cref="Random"/>. Every
/// request that may write carries at least one defect (a hostile path value, a broken or ill-typed body, a wrong
/// content type), and its other strings are empty, which no id, amount, reference or key accepts, so no request can be
/// a valid act. Half the path values that are not the defect are real (<c>realValue(template, parameter)</c>: a budget
/// or program that exists, owned by the caller), so that refusals past the existence checks are reached too; but a
/// defect that is only a string's content (which a free-text field may legitimately take) goes to a resource that does
/// not exist. Some requests also get noise: odd headers, query strings, duplicate JSON keys.
/// </summary>
internal sealed class FuzzRequestGenerator(Random random, JsonElement document, Func<string, string, string?> realValue)
{
    /// <summary>The plausible string: of the right type, but no valid id, amount, reference, code or key.</summary>
    private const string PlausibleText = "";

    private static readonly string[] HostileTexts =
    [
        "", " ", "\u0000", "a\u0000b", "line\nbreak", "\r\n", "\t=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\")", "\ud800", "x\udfffy", "\udbff\ud800",
        "😀", "e\u0301", "\u202Egnp.exe", "\uFEFFbom", "\u200B", "ǅ", "../../../etc/passwd", "..", "%00", "%2F", "null", "true", "0", "-1", "-0",
        "1e400", "99999999999999999999999999999", "NaN", "Infinity", "<script>alert(1)</script>", "'; DROP TABLE keys; --", "{{7*7}}", "${jndi:x}",
        "budget-opened:x", "funds-received:x:y", "olk_", "  padded  ", "ＡＢＣ", "İ", "\u0085", "\u2028",
        new string('a', 65), new string('a', 5_000), new string('€', 3_000),
    ];

    private static readonly string[] WrongTypeValues =
    [
        "0", "-1", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "0.0000000000000000000000000001", "true", "false", "[]", "{}",
        "[null]", "[1,2]", "{\"a\":null}", "null", "\"0\"", "\"1\"", "\"-1\"", "\"\\ud800\"", "\"\\u0000\"", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]",
    ];

    private static readonly string[] BrokenBodies =
    [
        "", " ", "{", "}", "[", "[]", "null", "\"text\"", "1", "-", "{}{}", "{,}", "{\"a\":1,}", "/* comment */ {}", "{'a':1}", "{\"a\"}",
        "{\"a\":\"unterminated", "\u0000", "[null]", "[{}]", "{\"\\ud800\":1}", "{\"\":1}", "\uFEFF{}", new string('[', 10_000), string.Concat(Enumerable.Repeat("{\"a\":", 3_000)),
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/problem+json", "text/csv", "application/json;;;", "*/*", "application/octet-stream", "text/csv; charset=ebcdic",
    ];

    private static readonly string[] HostilePathValues =
    [
        "%", "%zz", "%00", "%2F", "%2e%2e", "a%20b", "%ED%A0%80", "%ED%BF%BF", "%F0%9F%98%80", "%C3%A9", "e%CC%81", "%E2%80%AE", "%0A", "%0D%0A", "%FF%FE",
        "%3Cscript%3E", "%27%3B--", "-1", "18446744073709551616", "1e400", "null", "x999", new string('a', 2_000), "budget-opened:x", "%09", "%7F", "~", "@", ";", ",",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", "-1", "18446744073709551616", "18446744073709551615", "9223372036854775808", "1e3", "a", "0x10", "%00", "%ED%A0%80", "1,2", "+1", " 1", "1.0", "٣",
    ];

    private static readonly string[] ForgedAuthorizations =
    [
        "Bearer", "Bearer ", "Bearer olk_", "Bearer olk_forged-key-that-was-never-issued", "Basic Zm9vOmJhcg==", "Bearer " + new string('x', 6_000),
        "Negotiate abc", "Bearer olk_a Bearer olk_b", "Bearer %00", "Bearer \"quoted\"",
    ];

    private static readonly KeyValuePair<string, string>[] NoiseHeaders =
    [
        new("Accept", "application/xml"), new("Accept", "*/*;q=abc"), new("Accept-Charset", "utf-7"), new("If-None-Match", "*"),
        new("If-Modified-Since", "not a date"), new("Range", "bytes=99999999999999999999-"), new("X-Forwarded-For", "not-an-ip, ::::"),
        new("X-Api-Key", "olk_" + new string('A', 5_000)), new("Accept-Language", "xx-ZZ;q=2"), new("Cookie", "a=" + new string('b', 3_000)),
        new("X-Http-Method-Override", "DELETE"), new("Origin", "null"), new("Accept-Encoding", "gzip;q=NaN"), new("Content-Language", "%%%"),
    ];

    private int _number;

    /// <summary>A bad request for <paramref name="operation"/> as <paramref name="principal"/>.</summary>
    public FuzzRequest Next(FuzzOperation operation, string principal)
    {
        var defects = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        bool real = random.Next(2) == 0;
        var query = new List<string>();
        string? contentType = null;
        byte[]? body = null;

        var kinds = new List<string>();
        if (operation.PathParameters.Count > 0)
        {
            kinds.Add("path");
        }

        if (operation.QueryParameters.Count > 0)
        {
            kinds.AddRange(["query", "query"]);
        }

        if (operation.Writes)
        {
            kinds.AddRange(["property", "property", "property", "body", "content-type"]);
        }

        string kind = kinds.Count == 0 ? "noise only" : kinds[random.Next(kinds.Count)];
        string? bodyText = operation.Writes ? PlausibleBody(operation) : null;
        contentType = operation.Writes ? ContentTypeFor(operation) : null;
        switch (kind)
        {
            case "path":
                string parameter = Pick(operation.PathParameters);
                values[parameter] = Pick(HostilePathValues);
                defects.Add($"path {parameter}");
                break;
            case "query":
                foreach (string name in operation.QueryParameters)
                {
                    query.Add(name + "=" + (random.Next(3) == 0 ? "1" : Pick(HostileQueryValues)));
                }

                if (random.Next(3) == 0)
                {
                    query.RemoveAt(random.Next(query.Count));
                }

                defects.Add("query values");
                break;
            case "property":
                (bodyText, string what, bool onlyContent) = MutateProperty(operation);
                real &= !onlyContent;
                defects.Add(what);
                break;
            case "body":
                bodyText = Pick(BrokenBodies);
                defects.Add("broken body");
                break;
            case "content-type":
                contentType = random.Next(8) == 0 ? null : Pick(WrongContentTypes);
                defects.Add("content type " + (contentType ?? "missing"));
                break;
            default:
                defects.Add(kind);
                break;
        }

        if (random.Next(3) == 0)
        {
            KeyValuePair<string, string> header = Pick(NoiseHeaders);
            headers.Add(header);
            defects.Add("header " + header.Key);
        }

        if (random.Next(4) == 0)
        {
            query.Add(Pick(["a", "index", "id", "%00", "a[]", "__proto__"]) + "=" + Pick(HostileQueryValues));
            defects.Add("extra query");
        }

        if (principal == "forged")
        {
            headers.Add(new("Authorization", Pick(ForgedAuthorizations)));
        }

        if (bodyText is not null)
        {
            body = kind == "body" && random.Next(6) == 0 ? [0xFF, 0xFE, 0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D] : Encoding.UTF8.GetBytes(bodyText);
        }

        string path = operation.Template;
        foreach (string name in operation.PathParameters)
        {
            string value = values.GetValueOrDefault(name)
                ?? (real ? realValue(operation.Template, name) : null)
                ?? "fuzz-" + random.Next(0x100000, 0xFFFFFF).ToString("x", CultureInfo.InvariantCulture);
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        string pathAndQuery = query.Count == 0 ? path : path + "?" + string.Join('&', query);
        return new FuzzRequest(++_number, operation.Template, principal, operation.Method, pathAndQuery, headers, body is null ? null : contentType, body, string.Join(", ", defects), operation.Writes);
    }

    /// <summary>Requests for a path outside the OpenAPI document, or with a method it does not list.</summary>
    public FuzzRequest Raw(string method, string pathAndQuery, string principal, string? contentType = null, string? body = null) =>
        new(++_number, pathAndQuery, principal, method, pathAndQuery, principal == "forged" ? [new("Authorization", Pick(ForgedAuthorizations))] : [], body is null ? null : contentType,
            body is null ? null : Encoding.UTF8.GetBytes(body), "listed path", Writes: method is not ("GET" or "HEAD"));

    /// <summary>A JSON string literal that escapes every surrogate and control character, so lone surrogates reach the server as <c>\ud800</c>.</summary>
    public static string JsonString(string value)
    {
        var json = new StringBuilder("\"");
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c) || c == 0x7F)
            {
                json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }

    private string ContentTypeFor(FuzzOperation operation) =>
        operation.Template.EndsWith("/payment-lists", StringComparison.Ordinal) ? Pick(["application/json", "text/csv"])
        : operation.Template == "/log/cosignature" ? "text/plain"
        : "application/json";

    private string PlausibleBody(FuzzOperation operation) =>
        operation.BodySchema is { } schema ? Plausible(schema, 0)
        : operation.Template.EndsWith("/payment-lists", StringComparison.Ordinal) ? PaymentList()
        : Pick(["", "fuzz value\n1\nAAAA\n\n— fuzz AAAA\n", "oversightledger.local/log\n18446744073709551616\n\ud800\n\n— x y\n", new string('\n', 5_000)]);

    private string PaymentList()
    {
        string row = "{\"id\":" + JsonString(Pick(HostileTexts)) + ",\"budget\":\"fuzz value\",\"beneficiary\":" + JsonString(Pick(HostileTexts)) + ",\"amount\":" + Pick(WrongTypeValues) + "}";
        return Pick([
            "[" + row + "]", "[null]", "[null,null]", "[{}]", "[" + row + ",null]", "[[]]", "[1]",
            "id,budget,beneficiary,amount\n\"unterminated,x,y,1.00\n", "id,budget,beneficiary,amount\nfuzz value,x," + Pick(HostileTexts).Replace("\n", " ", StringComparison.Ordinal) + ",1.00\n",
            "id,id,id\n", "\u0000,\u0000\n", "id,budget,beneficiary,amount\n" + string.Concat(Enumerable.Repeat(",,,\n", 2_000)), new string(',', 20_000) + "\n",
        ]);
    }

    /// <summary>A body with one member made bad; <c>OnlyContent</c> when the defect is a string's content, which a free-text field may accept.</summary>
    private (string Body, string What, bool OnlyContent) MutateProperty(FuzzOperation operation)
    {
        if (operation.BodySchema is not { } schema)
        {
            return (PlausibleBody(operation), "hostile body (no schema)", false);
        }

        if (Resolve(schema) is not { } resolved || !resolved.TryGetProperty("properties", out JsonElement properties))
        {
            return (Pick(BrokenBodies), "broken body (no properties)", false);
        }

        List<(string Name, string Value)> members = [.. properties.EnumerateObject().Select(p => (p.Name, Plausible(p.Value, 1)))];
        string[] required = resolved.TryGetProperty("required", out JsonElement r) ? [.. r.EnumerateArray().Select(e => e.GetString()!)] : [];
        int index = random.Next(members.Count);
        string name = members[index].Name;
        string what;
        switch (random.Next(8))
        {
            case 0:
                members[index] = (name, Pick(WrongTypeValues));
                what = $"{name}: wrong type {members[index].Value}";
                break;
            case 1:
                members[index] = (name, "null");
                what = $"{name}: null";
                break;
            case 2:
                members[index] = (name, JsonString(new string('x', random.Next(2) == 0 ? 100_000 : 1_000_000)));
                what = $"{name}: huge string";
                break;
            case 3:
                members[index] = (name, Pick(["1" + new string('0', 400), "-" + new string('9', 5_000), "1e999999", "0." + new string('0', 5_000) + "1", "[" + string.Join(',', Enumerable.Repeat("\"x\"", 20_000)) + "]"]));
                what = $"{name}: huge number or list";
                break;
            case 4:
                members[index] = (name, JsonString(Pick(HostileTexts)));
                what = $"{name}: hostile text {members[index].Value}";
                break;
            case 5:
                members[index] = (name, Pick(["0", "1", "99", "-1", "\"0\"", "\"1\"", "\"99\"", "2147483648"]));
                what = $"{name}: enum value as a number {members[index].Value}";
                break;
            case 6 when required.Length > 0:
                string missing = Pick(required);
                members.RemoveAll(m => m.Name == missing);
                what = $"{missing}: missing";
                break;
            default:
                members.Add((Pick(["unexpected", "__proto__", "$type", "", "\ud800"]), "1"));
                what = "unknown member";
                break;
        }

        if (random.Next(4) == 0 && members.Count > 0)
        {
            (string Name, string Value) twice = Pick(members);
            members.Add((twice.Name, random.Next(2) == 0 ? twice.Value : JsonString(PlausibleText)));
            what += $", duplicate key {twice.Name}";
        }

        bool onlyContent = members.Any(m => m.Name == name && m.Value.StartsWith('"') && m.Value != JsonString(PlausibleText));
        return ("{" + string.Join(',', members.Select(m => JsonString(m.Name) + ":" + m.Value)) + "}", what, onlyContent);
    }

    private string Plausible(JsonElement schema, int depth)
    {
        JsonElement? resolved = Resolve(schema);
        if (resolved is not { } s || depth > 4)
        {
            return JsonString(PlausibleText);
        }

        string type = !s.TryGetProperty("type", out JsonElement t) ? "string"
            : t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(e => e.GetString()!).First(n => n != "null")
            : t.GetString()!;
        string? format = s.TryGetProperty("format", out JsonElement f) ? f.GetString() : null;
        return type switch
        {
            "string" when format == "date" => "\"2026-01-01\"",
            "string" when format == "date-time" => "\"2026-01-01T00:00:00Z\"",
            "integer" or "number" => "1",
            "boolean" => "true",
            "array" => s.TryGetProperty("items", out JsonElement items) ? "[" + Plausible(items, depth + 1) + "]" : "[]",
            "object" when s.TryGetProperty("properties", out JsonElement properties) =>
                "{" + string.Join(',', properties.EnumerateObject().Select(p => JsonString(p.Name) + ":" + Plausible(p.Value, depth + 1))) + "}",
            _ => JsonString(PlausibleText),
        };
    }

    private JsonElement? Resolve(JsonElement schema)
    {
        for (int hops = 0; hops < 8; hops++)
        {
            if (!schema.TryGetProperty("$ref", out JsonElement reference))
            {
                return schema;
            }

            // "#/components/schemas/Name"
            JsonElement target = document;
            foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                if (!target.TryGetProperty(part, out target))
                {
                    return null;
                }
            }

            schema = target;
        }

        return null;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
