using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary><see cref="CosignatureQuorum"/>: only valid lines of distinct named witnesses count.</summary>
public sealed class CosignatureQuorumTests
{
    private static readonly Checkpoint Checkpoint = SignedCheckpoint.Open(WitnessVectors.Checkpoint8, WitnessVectors.LogVerifier).Checkpoint;

    [Fact]
    public void Valid_lines_of_named_witnesses_count_and_others_do_not()
    {
        (Cosigner a, string aKey) = Witness("witness.example.org/qa");
        (Cosigner b, string bKey) = Witness("witness.example.org/qb");
        (Cosigner stranger, _) = Witness("witness.example.org/stranger");
        using (a)
        using (b)
        using (stranger)
        {
            NoteSignature aLine = a.Sign(Checkpoint, 100);
            NoteSignature bOtherCheckpoint = b.Sign(new Checkpoint(Checkpoint.Origin, Checkpoint.Size + 1, Checkpoint.Root), 101);
            var quorum = new CosignatureQuorum([aKey, bKey, aKey], 2);

            IReadOnlyList<WitnessCosignature> verdicts = quorum.Check(Checkpoint, [aLine, bOtherCheckpoint, stranger.Sign(Checkpoint, 102)]);

            Assert.Equal([aKey, bKey], verdicts.Select(v => v.VerifierKey));
            Assert.Equal(100UL, verdicts[0].Timestamp);
            Assert.Null(verdicts[1].Timestamp);
            Assert.Contains("invalid cosignature", verdicts[1].Problem, StringComparison.Ordinal);
            Assert.False(quorum.IsMet(verdicts));
            Assert.True(quorum.IsMet(quorum.Check(Checkpoint, [aLine, b.Sign(Checkpoint, 103)])));
            Assert.Equal("no cosignature", new CosignatureQuorum([bKey], 1).Check(Checkpoint, [aLine]).Single().Problem);
        }
    }

    [Fact]
    public void A_quorum_above_the_distinct_witnesses_or_a_log_key_is_refused()
    {
        (Cosigner a, string aKey) = Witness("witness.example.org/qc");
        a.Dispose();
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosignatureQuorum([aKey, aKey], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosignatureQuorum([aKey], 0));
        Assert.Throws<FormatException>(() => new CosignatureQuorum([WitnessVectors.LogVerifier.ToString()], 1));
    }

    private static (Cosigner Cosigner, string VerifierKey) Witness(string name)
    {
        (string signer, string verifier) = WitnessKeys.Generate(name);
        return (WitnessKeys.OpenCosigner(signer), verifier);
    }
}
