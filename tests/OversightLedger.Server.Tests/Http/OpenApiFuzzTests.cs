using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using OversightLedger.Server.Tests.Http.Fuzzing;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Http;

/// <summary>
/// Walks every operation of the server's own <c>/openapi/v1.json</c>, plus listed paths of <c>/log/</c> and
/// <c>/reports/</c>, with generated bad requests (<see cref="FuzzRequestGenerator"/>) under each role's key, a forged
/// key and none: no answer is a 5xx, every 4xx is a problem-details body, no request that could write is accepted, and
/// the log does not grow. The generator is seeded; the seed is printed, and <c>OVERSIGHT_FUZZ_SEED</c> replays a run
/// (<c>OVERSIGHT_FUZZ_ROUNDS</c>, default 8, sets the requests per operation and principal).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class OpenApiFuzzTests(LedgerServerFixture fixture)
{
    /// <summary>Requests per operation and principal; <c>OVERSIGHT_FUZZ_ROUNDS</c> asks for a longer run.</summary>
    private static readonly int RequestsPerOperationAndPrincipal =
        Environment.GetEnvironmentVariable("OVERSIGHT_FUZZ_ROUNDS") is { Length: > 0 } rounds ? int.Parse(rounds, CultureInfo.InvariantCulture) : 8;
    private static readonly string[] Roles = ["admin", "donor", "agency", "watchdog", "compliance"];

    /// <summary>Operations that answer a refused act with 2xx and a result per row; the log's size shows whether anything was written.</summary>
    private static readonly string[] PerRowResults = ["/api/programs/{id}/payment-lists"];

    /// <summary>POSTs that only read (an ad-hoc screening): any name may be screened, and the log's size shows nothing is written.</summary>
    private static readonly string[] ReadOnlyPosts = ["/api/sanctions/screen"];

    /// <summary>Paths the OpenAPI document does not describe, or describes with other methods or values.</summary>
    private static readonly (string Method, string PathAndQuery)[] ListedPaths =
    [
        ("GET", "/log/tile/entries/x999/x999/x999/x999/x999/x999/999"), ("GET", "/log/tile/0/x999/x999/x999/x999/x999/x999/999"),
        ("GET", "/log/tile/entries/000.p/0"), ("GET", "/log/tile/entries/000.p/257"), ("GET", "/log/tile/0/000.p/256"), ("GET", "/log/tile/-1/000"),
        ("GET", "/log/tile/64/000"), ("GET", "/log/tile/0/x001/000.p"), ("GET", "/log/tile/0/001/"), ("GET", "/log/tile/"), ("GET", "/log/tile"),
        ("GET", "/log/tile/%00"), ("GET", "/log/tile/0/%ED%A0%80"), ("GET", "/log/tile/0/1e9"), ("GET", "/log/tile/0/18446744073709551616"),
        ("GET", "/log/tile/entries/000"), ("GET", "/log/tile/0/000"), ("GET", "/log/tile/entries/x000/000"),
        ("GET", "/log/proof/inclusion"), ("GET", "/log/proof/inclusion?index=0&treeSize=0"), ("GET", "/log/proof/inclusion?index=5&treeSize=1"),
        ("GET", "/log/proof/inclusion?index=18446744073709551615&treeSize=18446744073709551615"), ("GET", "/log/proof/inclusion?index=0&treeSize=1&index=1"),
        ("GET", "/log/proof/consistency?from=5&to=1"), ("GET", "/log/proof/consistency?from=0&to=0"), ("GET", "/log/proof/consistency?from=1&to=18446744073709551616"),
        ("GET", "/log/proof/consistency?from=18446744073709551615&to=18446744073709551615"),
        ("GET", "/log"), ("GET", "/log/"), ("GET", "/log/checkpoint/x"), ("GET", "/log/key/x"), ("GET", "/log/%2e%2e/keys/log.key"), ("GET", "/log/..%2Fkeys"),
        ("POST", "/log/checkpoint"), ("PUT", "/log/tile/0/000"), ("DELETE", "/log/key"), ("PATCH", "/log/cosignature"),
        ("GET", "/log/anchors/..%2F..%2Fkeys%2Flog.key"), ("GET", "/log/anchors/%ED%A0%80.json"), ("GET", "/log/anchors/"), ("GET", "/log/anchors"),
        ("GET", "/log/anchors/18446744073709551616.json"), ("POST", "/log/anchors/1.json"), ("DELETE", "/log/anchors/index.json"), ("POST", "/api/anchors"),
        ("GET", "/reports/2026-Q5.json"), ("GET", "/reports/0-Q1.csv"), ("GET", "/reports/99999999999-Q4.json"), ("GET", "/reports/-2147483648-Q1.json"),
        ("GET", "/reports/2026-Q4.exe"), ("GET", "/reports/quarter-to-date"), ("GET", "/reports/quarter-to-date.exe"), ("GET", "/reports/.json"),
        ("GET", "/reports/..%2F..%2Fkeys%2Flog.key"), ("GET", "/reports/%ED%A0%80.json"), ("GET", "/reports/2026-Q4.json.csv"), ("GET", "/reports/2026-q4.json"),
        ("GET", "/reports/%202026-Q4.json"), ("GET", "/reports/2026-Q4"), ("GET", "/reports/quarter-to-date.csv"), ("GET", "/reports/quarter-to-date.json"),
        ("POST", "/reports/index.json"), ("DELETE", "/reports/2026-Q4.json"), ("GET", "/api"), ("GET", "/api/"), ("GET", "/api/budgets"), ("PUT", "/api/keys"),
        ("GET", "/verify?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E&program=%22%3E%3Cimg%20src%3Dx%3E"), ("GET", "/verify?id=%ED%A0%80&program=%00"),
        ("POST", "/verify"), ("PUT", "/verify/verify.js"), ("DELETE", "/verify/verify.css"), ("GET", "/verify/verify.html"), ("GET", "/verify/Verify.JS"),
        ("GET", "/verify/..%2F..%2Fkeys%2Flog.key"), ("GET", "/verify/%ED%A0%80.js"), ("GET", "/verify/%00"), ("GET", "/verify/a/b"),
        ("GET", "/api/counterparties"), ("GET", "/api/counterparties/cpty-000000000000000000000000"), ("DELETE", "/api/counterparties/x"),
        ("POST", "/api/counterparties/x/screening"), ("GET", "/api/counterparties/x/screening/clear"), ("PUT", "/api/sanctions/lists"), ("GET", "/api/sanctions/screen"),
    ];

    [Fact]
    public async Task Bad_input_on_every_operation_gets_a_4xx_problem_no_5xx_and_writes_nothing()
    {
        CancellationToken ct = TestContext.Current.CancellationToken;
        int seed = Environment.GetEnvironmentVariable("OVERSIGHT_FUZZ_SEED") is { Length: > 0 } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (OVERSIGHT_FUZZ_SEED={seed} makes the same requests)");
        using JsonDocument document = JsonDocument.Parse(await fixture.Public.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), ct));
        IReadOnlyList<FuzzOperation> operations = FuzzOperation.ReadAll(document.RootElement);
        Assert.Contains(operations, o => o.Method == "POST" && o.Template == "/api/programs/{id}/disbursements" && o.BodySchema is not null);
        Assert.Contains(operations, o => o.Method == "POST" && o.Template == "/api/counterparties" && o.BodySchema is not null);
        Assert.Contains(operations, o => o.Method == "POST" && o.Template == "/api/counterparties/{id}/screening/clear" && o.BodySchema is not null);
        Assert.Contains(operations, o => o.Method == "GET" && o.Template == "/log/proof/inclusion" && o.QueryParameters.Count == 2);
        Assert.Contains(operations, o => o.Method == "POST" && o.Template == "/api/budgets/{id}/verifiers" && o.BodySchema is not null);
        Assert.Contains(operations, o => o.Method == "POST" && o.Template == "/api/budgets/{id}/tranches/{tranche}/benchmarks/{benchmark}/decision" && o.BodySchema is not null);

        // The donor, watchdog and agency own a real funded program, which half the path values name.
        (HttpClient donor, HttpClient watchdog, HttpClient agency, FundedProgram real) = await fixture.FundedProgramAsync(2, "100.00", "50.00", ct);
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal)
        {
            ["none"] = fixture.Public,
            ["forged"] = fixture.Public,
            ["admin"] = await fixture.ClientAsync("admin", LedgerHttp.UniqueId("admin:fuzz"), ct),
            ["donor"] = donor,
            ["agency"] = agency,
            ["watchdog"] = watchdog,
            ["compliance"] = await fixture.ClientAsync("compliance", LedgerHttp.UniqueId("compliance:fuzz"), ct),
        };
        string? RealValue(string template, string parameter) => parameter switch
        {
            "id" when template.StartsWith("/api/budgets", StringComparison.Ordinal) => real.Budget,
            "id" when template.StartsWith("/api/programs", StringComparison.Ordinal) => real.Program,
            "tranche" => real.Tranche,
            "benchmark" => "bm1",
            _ => null,
        };

        var generator = new FuzzRequestGenerator(new Random(seed), document.RootElement, RealValue);
        var requests = new List<FuzzRequest>();
        foreach (FuzzOperation operation in operations)
        {
            foreach (string principal in clients.Keys)
            {
                for (int i = 0; i < RequestsPerOperationAndPrincipal; i++)
                {
                    requests.Add(generator.Next(operation, principal));
                }
            }
        }

        foreach ((string method, string pathAndQuery) in ListedPaths)
        {
            foreach (string principal in (string[])["none", "forged", Roles[requests.Count % Roles.Length]])
            {
                requests.Add(generator.Raw(method, pathAndQuery, principal));
            }
        }

        ulong sizeBefore = await fixture.Public.LogSizeAsync(ct);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (request, token) =>
        {
            (int status, string? failure) = await SendAsync(clients[request.Principal], request, token);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (failure is not null)
            {
                failures.Enqueue($"{failure}\n  {request}");
            }
        });
        ulong sizeAfter = await fixture.Public.LogSizeAsync(ct);
        if (sizeAfter != sizeBefore)
        {
            failures.Enqueue($"the log grew from {sizeBefore} to {sizeAfter} entries");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{requests.Count} requests to {operations.Count} operations and {ListedPaths.Length} listed paths; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));
        foreach (string failure in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(failure);
        }

        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} of {requests.Count} requests failed (all in the test output); the first:\n{string.Join('\n', failures.Take(25))}");
    }

    /// <summary>Sends one request; the status, and what is wrong with the answer (null when nothing).</summary>
    private static async Task<(int Status, string? Failure)> SendAsync(HttpClient client, FuzzRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(client.BaseAddress!.AbsoluteUri.TrimEnd('/') + request.PathAndQuery));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        foreach ((string name, string value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        try
        {
            using HttpResponseMessage response = await client.SendAsync(message, cancellationToken);
            int status = (int)response.StatusCode;
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            string answer = $"{status} {response.Content.Headers.ContentType} {LedgerHttp.Shorten(body)}";
            if (status >= 500)
            {
                return (status, $"5xx: {answer}");
            }

            if (status >= 400 && RefusedByKestrel(request, status))
            {
                return (status, null);
            }

            if (status >= 400)
            {
                return (status, ProblemDefect(status, response.Content.Headers.ContentType?.MediaType, body) is { } defect ? $"{defect}: {answer}" : null);
            }

            bool perRow = PerRowResults.Any(t => request.Template == t) || ReadOnlyPosts.Any(t => request.Template == t);
            return (status, request.Writes && !perRow && status is >= 200 and < 300 ? $"bad input accepted: {answer}" : null);
        }
        catch (HttpRequestException e)
        {
            return (0, $"no answer: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, $"no answer in time: {e.Message}");
        }
    }

    /// <summary>
    /// Kestrel itself refuses a path holding a NUL (<c>%00</c>) with an empty 400 before any middleware runs, so no code of
    /// the server can give that refusal a problem body.
    /// </summary>
    private static bool RefusedByKestrel(FuzzRequest request, int status) =>
        status == 400 && request.PathAndQuery.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    /// <summary>What keeps a 4xx body from being RFC 9457 problem details with <c>type</c>, <c>title</c> and the same <c>status</c>.</summary>
    private static string? ProblemDefect(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json")
        {
            return "4xx without application/problem+json";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            JsonElement root = problem.RootElement;
            return root.ValueKind != JsonValueKind.Object ? "problem body not an object"
                : !root.TryGetProperty("type", out JsonElement type) || type.GetString() is not { Length: > 0 } ? "problem without a type"
                : !root.TryGetProperty("title", out JsonElement title) || title.GetString() is not { Length: > 0 } ? "problem without a title"
                : !root.TryGetProperty("status", out JsonElement statusValue) || statusValue.ValueKind != JsonValueKind.Number || statusValue.GetInt32() != status ? "problem with another status"
                : null;
        }
        catch (JsonException)
        {
            return "problem body not JSON";
        }
    }
}
