using System.Net;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Server.Tests.Http;

/// <summary>What any client may rely on: health, the OpenAPI document, and a log whose checkpoints and proofs verify.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class ContractTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_endpoints_answer_200()
    {
        using HttpResponseMessage live = await fixture.Public.GetAsync(new Uri("health/live", UriKind.Relative), Ct);
        using HttpResponseMessage ready = await fixture.Public.GetAsync(new Uri("health/ready", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task OpenApi_document_is_JSON_and_lists_the_API()
    {
        JsonElement document = await fixture.Public.GetJsonAsync("openapi/v1.json", Ct);

        Assert.StartsWith("3.", document.Text("openapi"), StringComparison.Ordinal);
        JsonElement paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/budgets", "/api/programs/{id}/disbursements", "/api/programs/{id}/payment-lists", "/api/programs/{program}/disbursements/{id}", "/log/checkpoint", "/verify", "/verify/{asset}",
            "/api/counterparties", "/api/counterparties/{id}", "/api/counterparties/{id}/screening/clear", "/api/counterparties/{id}/screening/confirm",
            "/api/sanctions/lists", "/api/sanctions/screen",
            "/api/budgets/{id}/verifiers", "/api/budgets/{id}/tranches/{tranche}/benchmarks/{benchmark}/decision" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The OpenAPI document does not list {path}.");
        }

        Assert.True(paths.GetProperty("/api/budgets").TryGetProperty("post", out _), "POST /api/budgets is not described.");
        using HttpResponseMessage scalar = await fixture.Public.GetAsync(new Uri("scalar", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task Checkpoint_verifies_with_the_published_key()
    {
        string key = (await fixture.Public.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim();
        var verifier = new NoteVerifier(key);
        using HttpResponseMessage response = await fixture.Public.GetAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        byte[] note = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        SignedCheckpoint checkpoint = SignedCheckpoint.Open(note, verifier);
        Assert.Equal(verifier.Name, checkpoint.Checkpoint.Origin);
        Assert.StartsWith(checkpoint.Checkpoint.Origin + "+", key, StringComparison.Ordinal);

        // A key that is not the log's does not open it.
        (_, string otherVerifierKey) = NoteSigner.Generate(verifier.Name);
        Assert.Throws<NoteVerificationException>(() => SignedCheckpoint.Open(note, new NoteVerifier(otherVerifierKey)));
    }

    [Fact]
    public async Task Proof_endpoints_verify_against_signed_checkpoints()
    {
        // Two entries apart: a checkpoint before and after, then inclusion and consistency proofs between them.
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        string budget = LedgerHttp.UniqueId("budget");
        await donor.PostJsonAsync("api/budgets", new { id = budget, donor = "D", purpose = "72010", country = "SD", currency = "USD", pledged = "100.00" }, Ct).ExpectCreatedAsync(Ct);
        Checkpoint older = await CheckpointAsync();
        JsonElement funds = await donor.PostJsonAsync($"api/budgets/{budget}/funds", new { amount = "50.00", reference = "wire" }, Ct).ExpectCreatedAsync(Ct);
        Checkpoint newer = await CheckpointAsync();
        ulong leaf = funds.GetProperty("leafIndex").GetUInt64();
        Assert.True(leaf >= older.Size && leaf < newer.Size, $"leaf {leaf} is not between {older.Size} and {newer.Size}");

        JsonElement inclusion = await fixture.Public.GetJsonAsync($"log/proof/inclusion?index={leaf}&treeSize={newer.Size}", Ct);
        byte[] entry = await fixture.Public.ReadLogEntryAsync(leaf, newer.Size, Ct);
        using (var parsed = JsonDocument.Parse(entry))
        {
            Assert.Equal(funds.GetProperty("entry").Text("id"), parsed.RootElement.Text("id"));
        }

        MerkleHash leafHash = Rfc6962.HashLeaf(entry);
        Assert.Equal(leafHash.ToBase64(), inclusion.Text("leafHash"));
        ProofVerifier.VerifyInclusion(leaf, newer.Size, leafHash, Hashes(inclusion), newer.Root);

        JsonElement consistency = await fixture.Public.GetJsonAsync($"log/proof/consistency?from={older.Size}&to={newer.Size}", Ct);
        ProofVerifier.VerifyConsistency(older.Size, newer.Size, older.Root, newer.Root, Hashes(consistency));

        // A proof request outside the tree is a problem, not a proof.
        using HttpResponseMessage bad = await fixture.Public.GetAsync(new Uri($"log/proof/inclusion?index={newer.Size + 5}&treeSize={newer.Size + 1}", UriKind.Relative), Ct);
        await ProblemAssert.IsProblemAsync(bad, [HttpStatusCode.BadRequest], ProblemAssert.TypeBase + "invalid-proof-request", Ct);
    }

    private async Task<Checkpoint> CheckpointAsync() =>
        SignedCheckpoint.Open(await fixture.Public.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct), fixture.Verifier).Checkpoint;

    private static MerkleHash[] Hashes(JsonElement proof) => [.. proof.GetProperty("proof").EnumerateArray().Select(h => MerkleHash.FromBase64(h.GetString()!))];
}
