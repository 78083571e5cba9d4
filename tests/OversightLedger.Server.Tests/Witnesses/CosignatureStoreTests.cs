using System.Text;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Server.Witnesses;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;

namespace OversightLedger.Server.Tests.Witnesses;

/// <summary>
/// The cosignature store on a real cluster and real files: it accepts only the log's current checkpoint cosigned by a
/// registered witness, keeps the lines across a restart (a new store on the same folder), and adds them to exactly
/// that checkpoint's note.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class CosignatureStoreTests(LedgerClusterFixture fixture) : IDisposable
{
    private readonly TemporaryDirectory _directory = new("oversightledger-cosignatures-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuditLogStore Log => new(new FileSystemLogStorage(fixture.Directory.LogDirectory), new NoteSigner(fixture.Directory.SignerKey), LedgerClusterDirectory.Origin);

    private NoteVerifier LogVerifier => new(fixture.Directory.VerifierKey);

    [Fact]
    public async Task A_registered_witness_cosignature_is_stored_durably_and_served_with_its_checkpoint()
    {
        using var witness = await RegisteredWitnessAsync("store");
        using var other = await RegisteredWitnessAsync("store-other");
        byte[] current = await CurrentCheckpointAsync();
        using CosignatureStore store = NewStore();
        Assert.Null(await store.LatestCosignedAsync(Ct));
        Assert.Equal(current, await store.WithCosignaturesAsync(current, Ct));

        CosignedCheckpoint added = await store.AddAsync(witness.Cosign(current, LogVerifier), Ct);
        CosignedCheckpoint both = await store.AddAsync(other.Cosign(current, LogVerifier), Ct);

        Assert.Equal(SignedNote.Parse(current).Text, added.Signed.Note.Text);
        Assert.Equal([witness.Cosigner.Name], added.Cosignatures.Select(s => s.Name));
        Assert.Equal([witness.Cosigner.Name, other.Cosigner.Name], both.Cosignatures.Select(s => s.Name));

        // A new store on the same folder (a restarted server) finds them; the served note is the log's, then the lines.
        using CosignatureStore reopened = NewStore();
        CosignedCheckpoint latest = (await reopened.LatestCosignedAsync(Ct))!;
        Assert.Equal(both.Format(), latest.Format());
        byte[] served = await reopened.WithCosignaturesAsync(current, Ct);
        Assert.Equal(current, served[..current.Length]);
        SignedCheckpoint opened = SignedCheckpoint.Open(served, LogVerifier);
        new CosignatureVerifier(witness.VerifierKey).Verify(opened);
        new CosignatureVerifier(other.VerifierKey).Verify(opened);
        Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, "witness")));
    }

    [Fact]
    public async Task A_witness_that_cosigns_again_replaces_its_line_and_repeats_change_nothing()
    {
        using var witness = await RegisteredWitnessAsync("again");
        byte[] current = await CurrentCheckpointAsync();
        using CosignatureStore store = NewStore();
        byte[] first = witness.Cosign(current, LogVerifier);

        CosignedCheckpoint once = await store.AddAsync(first, Ct);
        CosignedCheckpoint twice = await store.AddAsync(first, Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.1), Ct); // a later timestamp gives another line
        CosignedCheckpoint renewed = await store.AddAsync(witness.Cosign(current, LogVerifier), Ct);

        Assert.Equal(once.Format(), twice.Format());
        NoteSignature line = Assert.Single(renewed.Cosignatures);
        Assert.NotEqual(once.Cosignatures[0], line);
        Assert.True(new CosignatureVerifier(witness.VerifierKey).Verify(renewed.Signed) > new CosignatureVerifier(witness.VerifierKey).Verify(once.Signed));
    }

    [Fact]
    public async Task Only_the_current_checkpoint_is_accepted_and_a_newer_one_is_served_without_old_cosignatures()
    {
        using var witness = await RegisteredWitnessAsync("stale");
        byte[] old = await CurrentCheckpointAsync();
        using CosignatureStore store = NewStore();
        await store.AddAsync(witness.Cosign(old, LogVerifier), Ct);

        await fixture.AuditLog.AppendAsync(Encoding.UTF8.GetBytes($$"""{"id":"witness-store-{{Guid.NewGuid():N}}"}"""));
        byte[] current = await CurrentCheckpointAsync();

        CosignatureRejectedException stale = await Rejected(store, witness.Cosign(old, LogVerifier));
        Assert.Equal(CosignatureRejection.StaleCheckpoint, stale.Reason);
        Assert.Contains("fetch /log/checkpoint again", stale.Message, StringComparison.Ordinal);
        Assert.Equal(current, await store.WithCosignaturesAsync(current, Ct));
        Assert.Equal(SignedNote.Parse(old).Text, (await store.LatestCosignedAsync(Ct))!.Signed.Note.Text);

        CosignedCheckpoint fresh = await store.AddAsync(witness.Cosign(current, LogVerifier), Ct);
        Assert.Equal(fresh.Format(), (await store.LatestCosignedAsync(Ct))!.Format());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_directory.Path, "witness")).Length); // the old checkpoint's cosignatures are kept
    }

    [Fact]
    public async Task Malformed_notes_other_logs_unknown_keys_and_bad_signatures_are_refused_and_nothing_is_stored()
    {
        using var registered = await RegisteredWitnessAsync("refused");
        using var unregistered = TestWitness.Create("unregistered");
        byte[] current = await CurrentCheckpointAsync();
        using CosignatureStore store = NewStore();

        Assert.Equal(CosignatureRejection.MalformedNote, (await Rejected(store, Encoding.UTF8.GetBytes("not a note"))).Reason);
        Assert.Equal(CosignatureRejection.MalformedNote, (await Rejected(store, Encoding.UTF8.GetBytes("not\na\ncheckpoint\n\n— someone AAAAAAAAAA==\n"))).Reason);

        (string otherLogKey, string otherLogVerifier) = NoteSigner.Generate("example.org/another-log");
        using var otherLog = new NoteSigner(otherLogKey);
        byte[] foreign = SignedCheckpoint.Sign(new Checkpoint("example.org/another-log", 1, Transparency.Hashing.Rfc6962.HashLeaf([1])), otherLog).Format();
        Assert.Equal(CosignatureRejection.WrongLog, (await Rejected(store, registered.Cosign(foreign, new NoteVerifier(otherLogVerifier)))).Reason);

        CosignatureRejectedException unknown = await Rejected(store, unregistered.Cosign(current, LogVerifier));
        Assert.Equal(CosignatureRejection.UnknownWitness, unknown.Reason);
        Assert.Contains(unregistered.Cosigner.Name, unknown.Message, StringComparison.Ordinal);

        // The log's own signature alone is no cosignature.
        Assert.Equal(CosignatureRejection.UnknownWitness, (await Rejected(store, current)).Reason);

        byte[] tampered = registered.Cosign(current, LogVerifier);
        tampered[^10] = (byte)(tampered[^10] == 'A' ? 'B' : 'A');
        CosignatureRejectedException invalid = await Rejected(store, tampered);
        Assert.Equal(CosignatureRejection.InvalidCosignature, invalid.Reason);
        Assert.Contains(registered.Name, invalid.Message, StringComparison.Ordinal);

        Assert.Null(await store.LatestCosignedAsync(Ct));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "witness")));
    }

    [Fact]
    public async Task A_configured_witness_cosignature_is_verified_kept_for_its_own_checkpoint_even_an_older_one_and_served_only_with_it()
    {
        using var witness = TestWitness.Create("configured");
        using var another = TestWitness.Create("configured-other");
        SignedCheckpoint old = SignedCheckpoint.Open(await CurrentCheckpointAsync(), LogVerifier);
        await fixture.AuditLog.AppendAsync(Encoding.UTF8.GetBytes($$"""{"id":"witness-configured-{{Guid.NewGuid():N}}"}"""));
        byte[] current = await CurrentCheckpointAsync();
        SignedCheckpoint now = SignedCheckpoint.Open(current, LogVerifier);
        var key = new CosignatureVerifier(witness.VerifierKey);
        using CosignatureStore store = NewStore();
        ulong timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // A line for another checkpoint, or of another key, is refused and nothing is stored.
        await Assert.ThrowsAsync<NoteVerificationException>(() => store.AddWitnessCosignatureAsync(old, witness.Cosigner.Sign(now.Checkpoint, timestamp), key, Ct));
        await Assert.ThrowsAsync<NoteVerificationException>(() => store.AddWitnessCosignatureAsync(old, another.Cosigner.Sign(old.Checkpoint, timestamp), key, Ct));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "witness")));

        // The older checkpoint's line is kept (it is the latest cosigned) but /log/checkpoint's current note does not carry it.
        CosignedCheckpoint kept = await store.AddWitnessCosignatureAsync(old, witness.Cosigner.Sign(old.Checkpoint, timestamp), key, Ct);
        Assert.Equal(old.Checkpoint, kept.Checkpoint);
        Assert.Equal(current, await store.WithCosignaturesAsync(current, Ct));
        Assert.Equal(kept.Format(), (await store.LatestCosignedAsync(Ct))!.Format());

        CosignedCheckpoint fresh = await store.AddWitnessCosignatureAsync(now, witness.Cosigner.Sign(now.Checkpoint, timestamp), key, Ct);
        byte[] served = await store.WithCosignaturesAsync(current, Ct);
        Assert.Equal(fresh.Format(), served);
        Assert.Equal(timestamp, key.Verify(SignedCheckpoint.Open(served, LogVerifier)));

        // A late answer for the older checkpoint does not make it the latest again.
        await store.AddWitnessCosignatureAsync(old, another.Cosigner.Sign(old.Checkpoint, timestamp), new CosignatureVerifier(another.VerifierKey), Ct);
        Assert.Equal(now.Checkpoint, (await store.LatestCosignedAsync(Ct))!.Checkpoint);
        Assert.Equal(fresh.Format(), await store.WithCosignaturesAsync(current, Ct));
    }

    public void Dispose() => _directory.Dispose();

    private CosignatureStore NewStore() => new(new ServerOptions { Data = _directory.Path }, Log, fixture.Client);

    private async Task<byte[]> CurrentCheckpointAsync() => (await fixture.AuditLog.GetTreeHeadAsync()).Checkpoint;

    private async Task<TestWitness> RegisteredWitnessAsync(string name)
    {
        var witness = TestWitness.Create(name);
        WitnessRegistration registration = await fixture.Client.GetGrain<IWitnessRegistryGrain>(WitnessRegistry.Key)
            .RegisterAsync(witness.Name, witness.VerifierKey, "watchdog:store-tests");
        Assert.True(registration.IsAccepted);
        return witness;
    }

    private static async Task<CosignatureRejectedException> Rejected(CosignatureStore store, byte[] note) =>
        await Assert.ThrowsAsync<CosignatureRejectedException>(() => store.AddAsync(note, Ct));
}
