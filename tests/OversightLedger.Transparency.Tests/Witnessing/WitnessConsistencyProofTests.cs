using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tests.Notes;
using OversightLedger.Transparency.Tests.TestSupport;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>The witness's consistency proof, read from the tiles of a log written by Go's tlog (vectors/go-tlog).</summary>
public sealed class WitnessConsistencyProofTests
{
    private static NoteVerifier GoLog => new(NoteVectors.GoTlogKey("verifier-key.txt"));

    [Fact]
    public async Task A_witness_of_the_300_entry_checkpoint_cosigns_the_1500_entry_one_with_a_proof_from_the_tiles()
    {
        WitnessState cosigned300 = WitnessState.Of(SignedCheckpoint.Open(NoteVectors.GoTlog("log-300", "checkpoint"), GoLog).Checkpoint);
        var tiles = new FileSystemLogStorage(SharedData.Path("vectors", "go-tlog", "log-1500"));

        MerkleHash[] proof = await WitnessConsistencyProof.FromTilesAsync(tiles, cosigned300, 1500, TestContext.Current.CancellationToken);

        using Cosigner cosigner = WitnessKeys.OpenCosigner(WitnessVectors.WitnessSignerKey);
        WitnessedCheckpoint witnessed = new CheckpointWitness(GoLog, cosigner, FixedClock.AtUnixSeconds(1_700_000_000))
            .Cosign(cosigned300, NoteVectors.GoTlog("log-1500", "checkpoint"), proof);
        Assert.NotEmpty(proof);
        Assert.Equal(1500UL, witnessed.State.Size);
        Assert.Equal(MerkleHash.FromBase64("KFNIOjEkYs5sxPXsct3UDyVqoOAG6SFAie1I17fhxU4="), witnessed.State.Root);
    }

    [Theory]
    [InlineData(null, 1500UL)]
    [InlineData(0UL, 1500UL)]
    [InlineData(1500UL, 1500UL)]
    [InlineData(1501UL, 1500UL)]
    public async Task No_proof_is_read_when_none_is_needed(ulong? stateSize, ulong newSize)
    {
        WitnessState? state = stateSize is { } size ? new WitnessState("example.org/reference-log", size, Rfc6962.EmptyRoot) : null;
        var nothing = new FileSystemLogStorage(Path.Combine(Path.GetTempPath(), "oversight-no-such-log-" + Guid.NewGuid().ToString("N")));

        Assert.Empty(await WitnessConsistencyProof.FromTilesAsync(nothing, state, newSize, TestContext.Current.CancellationToken));
    }
}
