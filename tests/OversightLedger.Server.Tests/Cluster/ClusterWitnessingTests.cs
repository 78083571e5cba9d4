using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Server.Tests.Witnesses;
using OversightLedger.Storage.Azure;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// Cosignatures are shared by the silos of the azure profile: a witness hands its cosignature to silo 1 and another
/// witness its own to silo 2, each as <c>oversight witness --submit</c> does (cosign the served checkpoint with
/// <c>Transparency/Witnessing</c>, POST it to <c>/log/cosignature</c>); both silos then serve the checkpoint with both
/// lines, and the witness container holds them. (Reports published by one silo and served by all: <see cref="ClusterReportTests"/>.)
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Trait(TestCategories.Name, TestCategories.Slow)]
[Collection(AzureClusterCollection.Name)]
public sealed class ClusterWitnessingTests(AzureTestComponents components)
{
    /// <summary>The blob store's freshness (two seconds) and a margin for a loaded machine.</summary>
    private static readonly TimeSpan SharedWithin = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cosignature_submitted_to_one_silo_is_served_by_the_other_and_two_silos_merge_their_witnesses_lines()
    {
        await using var cluster = new AzureTestCluster(components);
        ServerProcess first = await cluster.StartSiloAsync(Ct);
        ServerProcess second = await cluster.StartSiloAsync(Ct);
        var logVerifier = new NoteVerifier(cluster.VerifierKey);
        using HttpClient admin = first.CreateClient(ServerProcess.AdminKey);
        using HttpClient watchdog = first.CreateClient(await admin.CreateKeyAsync("watchdog", "cluster-witnessing-watchdog", Ct));
        using HttpClient donor = second.CreateClient(await admin.CreateKeyAsync("donor", "cluster-witnessing-donor", Ct));
        using HttpClient reader1 = first.CreateClient();
        using HttpClient reader2 = second.CreateClient();
        using var one = TestWitness.Create("cluster-one");
        using var two = TestWitness.Create("cluster-two");
        foreach (TestWitness witness in new[] { one, two })
        {
            await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, Ct).ExpectCreatedAsync(Ct);
        }

        await donor.PostJsonAsync(
            "api/budgets",
            new { id = LedgerHttp.UniqueId("budget"), donor = "Cluster Witnessing Donor", purpose = "72010", country = "SO", currency = "USD", pledged = "1000.00" },
            Ct).ExpectCreatedAsync(Ct);

        // Silo 2 serves the checkpoint (and remembers that it has no cosignatures) before silo 1 accepts one for it.
        byte[] current = await reader2.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        Checkpoint checkpoint = SignedCheckpoint.Open(current, logVerifier).Checkpoint;
        Assert.Single(SignedNote.Parse(current).Signatures);

        JsonElement accepted = await (await PostNoteAsync(reader1, one.Cosign(current, logVerifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.Single(accepted.GetProperty("cosignatures").EnumerateArray());
        var clock = Stopwatch.StartNew();
        SignedCheckpoint onSecond = await ServedWithAsync(reader2, logVerifier, 2, cluster);
        long sharedMs = clock.ElapsedMilliseconds;
        Assert.Equal(checkpoint, onSecond.Checkpoint);
        new CosignatureVerifier(one.VerifierKey).Verify(onSecond);

        // The other witness hands its line to silo 2, which merges it with silo 1's: both answer and serve both lines.
        JsonElement both = await (await PostNoteAsync(reader2, two.Cosign(current, logVerifier))).ExpectJsonAsync(HttpStatusCode.OK, Ct);
        Assert.Equal(2, both.GetProperty("cosignatures").GetArrayLength());
        foreach (HttpClient reader in new[] { reader1, reader2 })
        {
            SignedCheckpoint served = await ServedWithAsync(reader, logVerifier, 3, cluster);
            Assert.Equal(current, served.Format()[..current.Length]);
            new CosignatureVerifier(one.VerifierKey).Verify(served);
            new CosignatureVerifier(two.VerifierKey).Verify(served);
        }

        // They are in the cluster's witness container, not on either silo's disk.
        var notes = new BlobCosignatureNotes(cluster.OpenBlobService().GetBlobContainerClient(cluster.WitnessContainer));
        byte[] stored = (await notes.ReadLatestAsync(Ct))!;
        Assert.Equal(3, SignedCheckpoint.Open(stored, logVerifier).Note.Signatures.Count);
        TestContext.Current.SendDiagnosticMessage($"A cosignature accepted by {first.Name} was served by {second.Name} after {sharedMs} ms.");
    }

    private static Task<HttpResponseMessage> PostNoteAsync(HttpClient client, byte[] note)
    {
        var content = new ByteArrayContent(note);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return client.PostAsync(new Uri("log/cosignature", UriKind.Relative), content, Ct);
    }

    /// <summary>Polls <c>/log/checkpoint</c> until it carries <paramref name="signatures"/> lines (the log's included).</summary>
    private static async Task<SignedCheckpoint> ServedWithAsync(HttpClient reader, NoteVerifier logVerifier, int signatures, AzureTestCluster cluster)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            SignedCheckpoint served = SignedCheckpoint.Open(await reader.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct), logVerifier);
            if (served.Note.Signatures.Count >= signatures)
            {
                Assert.Equal(signatures, served.Note.Signatures.Count);
                return served;
            }

            Assert.True(
                clock.Elapsed < SharedWithin,
                $"{reader.BaseAddress} still served {served.Note.Signatures.Count} signature lines after {SharedWithin.TotalSeconds} s.\n{cluster.Output()}");
            await Task.Delay(200, Ct);
        }
    }
}
