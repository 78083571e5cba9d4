using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OversightLedger.Server.Tests.Http;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Witnesses;

/// <summary>
/// Witnessing over HTTP on the real server: watchdog keys register witnesses, anyone reads them, a registered witness
/// hands in its cosignature of the current checkpoint and <c>/log/checkpoint</c> then carries it. Every refusal is
/// problem details and stores nothing.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(LedgerServerCollection.Name)]
public sealed class WitnessesHttpTests(LedgerServerFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_watchdogs_witness_name_cannot_be_squatted_and_a_refused_registration_is_a_4xx_not_a_silent_201()
    {
        HttpClient owner = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient squatter = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        using var ownKey = TestWitness.Create("own");
        using var squatKey = TestWitness.Create("squat");

        // The watchdog registered first: its id is its owner's witness name; another key is refused it.
        string first = LedgerHttp.UniqueId("wd");
        await owner.PostJsonAsync("api/watchdogs", new { id = first, name = "First Watch" }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.IsProblemAsync(
            await squatter.PostJsonAsync("api/witnesses", new { name = first, verifierKey = squatKey.VerifierKey }, Ct), [HttpStatusCode.Forbidden], null, Ct);
        await ProblemAssert.IsProblemAsync(await fixture.Public.GetAsync(new Uri($"api/witnesses/{first}", UriKind.Relative), Ct), [HttpStatusCode.NotFound], null, Ct);
        await owner.PostJsonAsync("api/witnesses", new { name = first, verifierKey = ownKey.VerifierKey }, Ct).ExpectCreatedAsync(Ct);

        // The name squatted first: the watchdog of that id is refused with 409, and nothing is registered.
        string second = LedgerHttp.UniqueId("wd");
        await squatter.PostJsonAsync("api/witnesses", new { name = second, verifierKey = squatKey.VerifierKey }, Ct).ExpectCreatedAsync(Ct);
        await ProblemAssert.RefusedAsync(
            fixture.Public, ct => owner.PostJsonAsync("api/watchdogs", new { id = second, name = "Second Watch" }, ct),
            HttpStatusCode.Conflict, ProblemAssert.TypeBase + "witness-name-taken", Ct);
        await ProblemAssert.IsProblemAsync(await fixture.Public.GetAsync(new Uri($"api/watchdogs/{second}", UriKind.Relative), Ct), [HttpStatusCode.NotFound], null, Ct);
    }

    [Fact]
    public async Task A_watchdog_registers_a_witness_that_anyone_can_read_and_other_roles_cannot()
    {
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient otherWatchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        HttpClient agency = await fixture.ClientAsync("agency", LedgerHttp.UniqueId("agency"), Ct);
        using var witness = TestWitness.Create("http");

        JsonElement created = await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, Ct).ExpectCreatedAsync(Ct);
        JsonElement again = await (await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, Ct)).ExpectJsonAsync(HttpStatusCode.OK, Ct);

        Assert.Equal(witness.Name, created.Text("name"));
        Assert.Equal(witness.VerifierKey, created.Text("verifierKey"));
        Assert.Equal(created.GetRawText(), again.GetRawText());
        JsonElement listed = (await fixture.Public.GetJsonAsync("api/witnesses", Ct)).EnumerateArray().Single(w => w.Text("name") == witness.Name);
        Assert.Equal(witness.VerifierKey, listed.Text("verifierKey"));
        Assert.Equal(witness.VerifierKey, (await fixture.Public.GetJsonAsync($"api/witnesses/{witness.Name}", Ct)).Text("verifierKey"));
        await ProblemAssert.IsProblemAsync(await fixture.Public.GetAsync(new Uri("api/witnesses/no-such-witness", UriKind.Relative), Ct), [HttpStatusCode.NotFound], null, Ct);

        using var stranger = TestWitness.Create("stranger");
        await ProblemAssert.IsProblemAsync(
            await agency.PostJsonAsync("api/witnesses", new { name = stranger.Name, verifierKey = stranger.VerifierKey }, Ct), [HttpStatusCode.Forbidden], null, Ct);
        await ProblemAssert.IsProblemAsync(
            await fixture.Public.PostJsonAsync("api/witnesses", new { name = stranger.Name, verifierKey = stranger.VerifierKey }, Ct), [HttpStatusCode.Unauthorized], null, Ct);
        await ProblemAssert.IsProblemAsync(
            await otherWatchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = stranger.VerifierKey }, Ct),
            [HttpStatusCode.Forbidden], ProblemAssert.TypeBase + "forbidden", Ct);
        await ProblemAssert.IsProblemAsync(
            await otherWatchdog.PostJsonAsync("api/witnesses", new { name = stranger.Name, verifierKey = witness.VerifierKey }, Ct),
            [HttpStatusCode.Conflict], ProblemAssert.TypeBase + "witness-key-taken", Ct);
        await ProblemAssert.IsProblemAsync(
            await watchdog.PostJsonAsync("api/witnesses", new { name = stranger.Name, verifierKey = (await fixture.Public.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim() }, Ct),
            [HttpStatusCode.BadRequest], ProblemAssert.TypeBase + "validation", Ct);
        await ProblemAssert.IsProblemAsync(
            await watchdog.PostJsonAsync("api/witnesses", new { name = "bad name", verifierKey = stranger.VerifierKey }, Ct),
            [HttpStatusCode.BadRequest], ProblemAssert.TypeBase + "validation", Ct);
        await ProblemAssert.IsProblemAsync(await watchdog.PostJsonAsync("api/witnesses", new { name = stranger.Name }, Ct), [HttpStatusCode.BadRequest], null, Ct);

        Assert.DoesNotContain(
            (await fixture.Public.GetJsonAsync("api/witnesses", Ct)).EnumerateArray(), w => w.Text("name") == stranger.Name);
        Assert.Equal(witness.VerifierKey, (await fixture.Public.GetJsonAsync($"api/witnesses/{witness.Name}", Ct)).Text("verifierKey"));
    }

    [Fact]
    public async Task Without_cosignatures_the_checkpoint_is_served_exactly_as_the_log_wrote_it()
    {
        await GrowLogAsync();

        byte[] served = await fixture.Public.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);

        Assert.Equal(await LogFiles.WaitForCheckpointAsync(fixture.Server.LogDirectory, served, Ct), served);
    }

    [Fact]
    public async Task A_registered_witness_cosignature_is_accepted_and_served_with_the_checkpoint()
    {
        using var first = await RegisteredWitnessAsync("cosign-1");
        using var second = await RegisteredWitnessAsync("cosign-2");
        await GrowLogAsync();
        byte[] current = await CheckpointAsync();

        JsonElement accepted = await (await PostNoteAsync(first.Cosign(current, fixture.Verifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        JsonElement both = await (await PostNoteAsync(second.Cosign(current, fixture.Verifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);

        Checkpoint checkpoint = SignedCheckpoint.Open(current, fixture.Verifier).Checkpoint;
        Assert.Equal(checkpoint.Size, accepted.GetProperty("treeSize").GetUInt64());
        Assert.Equal(checkpoint.Root.ToBase64(), accepted.Text("root"));
        Assert.Single(accepted.GetProperty("cosignatures").EnumerateArray());
        Assert.Equal(2, both.GetProperty("cosignatures").GetArrayLength());

        byte[] served = await CheckpointAsync();
        Assert.Equal(current, served[..current.Length]);
        SignedCheckpoint opened = SignedCheckpoint.Open(served, fixture.Verifier);
        Assert.Equal(checkpoint, opened.Checkpoint);
        Assert.Equal(3, opened.Note.Signatures.Count);
        new CosignatureVerifier(first.VerifierKey).Verify(opened);
        new CosignatureVerifier(second.VerifierKey).Verify(opened);
        Assert.Equal(
            [.. both.GetProperty("cosignatures").EnumerateArray().Select(line => line.GetString())],
            opened.Note.Signatures.Skip(1).Select(line => line.ToString()));

        // The next checkpoint starts without cosignatures, byte for byte what the log wrote.
        await GrowLogAsync();
        byte[] next = await CheckpointAsync();
        Assert.Equal(await LogFiles.WaitForCheckpointAsync(fixture.Server.LogDirectory, next, Ct), next);
    }

    [Fact]
    public async Task A_cosignature_of_a_checkpoint_the_log_has_moved_past_is_409_and_not_served()
    {
        using var witness = await RegisteredWitnessAsync("stale");
        byte[] old = await CheckpointAsync();
        byte[] cosignedOld = witness.Cosign(old, fixture.Verifier);
        await GrowLogAsync();
        byte[] current = await CheckpointAsync();

        JsonElement problem = await ProblemAssert.IsProblemAsync(
            await PostNoteAsync(cosignedOld), [HttpStatusCode.Conflict], ProblemAssert.TypeBase + "stale-checkpoint", Ct);

        Assert.Equal("stale-checkpoint", problem.Text("code"));
        Assert.Contains("fetch /log/checkpoint again", problem.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(current, await CheckpointAsync());
    }

    [Fact]
    public async Task Unknown_witnesses_bad_signatures_and_garbage_are_refused_with_problem_details_and_nothing_is_stored()
    {
        using var registered = await RegisteredWitnessAsync("refused");
        using var unregistered = TestWitness.Create("unregistered");
        await GrowLogAsync();
        byte[] current = await CheckpointAsync();
        byte[] tampered = registered.Cosign(current, fixture.Verifier);
        tampered[^10] = (byte)(tampered[^10] == 'A' ? 'B' : 'A');

        await RefusedAsync(unregistered.Cosign(current, fixture.Verifier), HttpStatusCode.Forbidden, "unknown-witness");
        await RefusedAsync(current, HttpStatusCode.Forbidden, "unknown-witness");
        await RefusedAsync(tampered, HttpStatusCode.UnprocessableEntity, "invalid-cosignature");
        await RefusedAsync(Encoding.UTF8.GetBytes("garbage"), HttpStatusCode.BadRequest, "malformed-note");
        await RefusedAsync([], HttpStatusCode.BadRequest, "malformed-note");
        await RefusedAsync(new byte[100_000], HttpStatusCode.RequestEntityTooLarge, "too-large");

        (string otherKey, string otherVerifier) = NoteSigner.Generate("example.org/another-log");
        using var otherLog = new NoteSigner(otherKey);
        Checkpoint ours = SignedCheckpoint.Open(current, fixture.Verifier).Checkpoint;
        byte[] foreign = SignedCheckpoint.Sign(new Checkpoint("example.org/another-log", ours.Size, ours.Root), otherLog).Format();
        await RefusedAsync(registered.Cosign(foreign, new NoteVerifier(otherVerifier)), HttpStatusCode.UnprocessableEntity, "wrong-log");

        Assert.Equal(current, await CheckpointAsync());

        // An unregistered witness's line riding along with a registered one is ignored, not stored.
        await (await PostNoteAsync(registered.Cosign(current, fixture.Verifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        JsonElement piggyback = await (await PostNoteAsync(unregistered.Cosign(await CheckpointAsync(), fixture.Verifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.Single(piggyback.GetProperty("cosignatures").EnumerateArray());
        Assert.Equal(2, SignedCheckpoint.Open(await CheckpointAsync(), fixture.Verifier).Note.Signatures.Count);
        Assert.DoesNotContain(unregistered.Cosigner.Name, Encoding.UTF8.GetString(await CheckpointAsync()), StringComparison.Ordinal);
    }

    private async Task RefusedAsync(byte[] body, HttpStatusCode status, string code)
    {
        await ProblemAssert.IsProblemAsync(await PostNoteAsync(body), [status], ProblemAssert.TypeBase + code, Ct);
    }

    private Task<HttpResponseMessage> PostNoteAsync(byte[] note)
    {
        var content = new ByteArrayContent(note);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return fixture.Public.PostAsync(new Uri("log/cosignature", UriKind.Relative), content, Ct);
    }

    private Task<byte[]> CheckpointAsync() => fixture.Public.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);

    private async Task<TestWitness> RegisteredWitnessAsync(string name)
    {
        HttpClient watchdog = await fixture.ClientAsync("watchdog", LedgerHttp.UniqueId("watchdog"), Ct);
        var witness = TestWitness.Create(name);
        await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, Ct).ExpectCreatedAsync(Ct);
        return witness;
    }

    /// <summary>Appends one entry (a donor opens a budget), so the log has a checkpoint no witness has seen.</summary>
    private async Task GrowLogAsync()
    {
        HttpClient donor = await fixture.ClientAsync("donor", LedgerHttp.UniqueId("donor"), Ct);
        ulong before = await fixture.Public.LogSizeAsync(Ct);
        await donor.PostJsonAsync(
            "api/budgets",
            new { id = LedgerHttp.UniqueId("budget"), donor = "Witness Test Donor", purpose = "72010", country = "SO", currency = "USD", pledged = "1000.00" },
            Ct).ExpectCreatedAsync(Ct);
        Assert.True(await fixture.Public.LogSizeAsync(Ct) > before);
    }
}
