using System.Text;
using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Receipts;
using OversightLedger.Transparency.Tests.Notes;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Receipts;

/// <summary>Receipts in the c2sp.org/tlog-proof@v1 format over the RFC 6962 8-leaf reference tree.</summary>
public sealed class TlogProofTests
{
    private const string Origin = "example.com/relief-ledger-test";

    private static readonly Lazy<JsonElement> Reference = new(() =>
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(SharedData.Path("vectors", "rfc6962-reference.json")));
        return document.RootElement.Clone();
    });

    private static byte[][] Leaves => [.. Reference.Value.GetProperty("leafInputsHex").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!))];

    private static NoteVerifier Log => new(NoteVectors.LogVerifierKey);

    // The published checkpoint of the 8-leaf tree, signed by the vectors' log key.
    private static byte[] Checkpoint8 => NoteVectors.ReadNote("checkpoint-size8-valid.note");

    public static TheoryData<int> LeafIndexes => [0, 1, 2, 3, 4, 5, 6, 7];

    public static TheoryData<int> ReferenceProofNumbers =>
        [.. Enumerable.Range(0, Reference.Value.GetProperty("inclusionProofs").GetArrayLength())];

    public static TheoryData<string, string> BadProofs => new()
    {
        { "", "ends before the header line" },
        { "c2sp.org/tlog-proof@v2\nindex 0\n\n", "does not start with the line c2sp.org/tlog-proof@v1" },
        { "c2sp.org/tlog-proof@v1\r\nindex 0\n\n", "does not start with the line" },
        { "c2sp.org/tlog-proof@v1\n\n\n", "should be 'index <N>'" },
        { "c2sp.org/tlog-proof@v1\nindex\n\n", "should be 'index <N>'" },
        { "c2sp.org/tlog-proof@v1\nindex 01\n\n", "leading zeroes" },
        { "c2sp.org/tlog-proof@v1\nindex -1\n\n", "leading zeroes" },
        { "c2sp.org/tlog-proof@v1\nindex  1\n\n", "leading zeroes" },
        { "c2sp.org/tlog-proof@v1\nindex 18446744073709551616\n\n", "64 bits" },
        { "c2sp.org/tlog-proof@v1\nextra !!notbase64!!\nindex 0\n\n", "extra line" },
        { "c2sp.org/tlog-proof@v1\nextra YQ=\nindex 0\n\n", "extra line" },
        { "c2sp.org/tlog-proof@v1\nextra YR==\nindex 0\n\n", "extra line" },
        { "c2sp.org/tlog-proof@v1\nindex 0\nextra YQ==\n\n", "hash 0" },
        { "c2sp.org/tlog-proof@v1\nindex 0\nbtNmz6GSJXBQ7pAfe2sMJdyYCPTl7SXZbBBRq3tqmQ==\n\n", "hash 0" },
        { "c2sp.org/tlog-proof@v1\nindex 0\nbtNmz6GSJXBQ7pAfe2sMJdyYCPTl7SXZbBBRq3tqmRl=\n\n", "hash 0" },
        { "c2sp.org/tlog-proof@v1\nindex 0\nbtNmz6GSJXBQ7pAfe2sMJdyYCPTl7SXZbBBRq3tqmRg=\n", "ends before the empty line" },
        { "c2sp.org/tlog-proof@v1\nindex 0\n\n", "no checkpoint" },
        { "c2sp.org/tlog-proof@v1\nindex 0\n\nnot a note\n", "checkpoint: note is malformed" },
    };

    [Theory]
    [MemberData(nameof(LeafIndexes))]
    public void Receipt_for_each_leaf_of_the_reference_tree_verifies(int index)
    {
        byte[][] leaves = Leaves;
        var proof = new TlogProof((ulong)index, InclusionPath(index, leaves), Checkpoint8);

        TlogProof parsed = TlogProof.Parse(proof.Format());
        SignedCheckpoint checkpoint = parsed.Verify(leaves[index], Log);

        Assert.Equal(8UL, checkpoint.Checkpoint.Size);
        Assert.Equal(TreeHash(leaves), checkpoint.Checkpoint.Root);
        Assert.Equal(proof.Format(), parsed.Format());
    }

    [Theory]
    [MemberData(nameof(ReferenceProofNumbers))]
    public void Receipt_from_the_rfc6962_reference_proofs_verifies(int number)
    {
        JsonElement vector = Reference.Value.GetProperty("inclusionProofs")[number];
        MerkleHash root = MerkleHash.FromHex(vector.GetProperty("rootHex").GetString()!);
        ulong size = vector.GetProperty("treeSize").GetUInt64();
        using var signer = new NoteSigner(NoteVectors.LogSignerKey);
        byte[] checkpoint = SignedCheckpoint.Sign(new Checkpoint(Origin, size, root), signer).Format();
        MerkleHash[] path = [.. vector.GetProperty("proofHex").EnumerateArray().Select(h => MerkleHash.FromHex(h.GetString()!))];
        var proof = new TlogProof(vector.GetProperty("leafIndex").GetUInt64(), path, checkpoint);

        TlogProof.Parse(proof.Format()).Verify(Convert.FromHexString(vector.GetProperty("leafInputHex").GetString()!), Log);
    }

    [Fact]
    public void Format_is_header_optional_extra_index_hashes_blank_line_and_checkpoint()
    {
        MerkleHash a = Rfc6962.HashLeaf("a"u8), b = Rfc6962.HashLeaf("b"u8);
        byte[] checkpoint = Checkpoint8;

        string withExtra = Encoding.UTF8.GetString(new TlogProof(5, [a, b], checkpoint, "extra information"u8.ToArray()).Format());
        string without = Encoding.UTF8.GetString(new TlogProof(0, [], checkpoint).Format());

        Assert.Equal(
            $"c2sp.org/tlog-proof@v1\nextra ZXh0cmEgaW5mb3JtYXRpb24=\nindex 5\n{a.ToBase64()}\n{b.ToBase64()}\n\n{Encoding.UTF8.GetString(checkpoint)}",
            withExtra);
        Assert.Equal($"c2sp.org/tlog-proof@v1\nindex 0\n\n{Encoding.UTF8.GetString(checkpoint)}", without);
    }

    [Fact]
    public void Extra_data_round_trips_and_absent_differs_from_empty()
    {
        byte[] checkpoint = Checkpoint8;

        TlogProof absent = TlogProof.Parse(new TlogProof(1, [], checkpoint).Format());
        TlogProof empty = TlogProof.Parse(new TlogProof(1, [], checkpoint, []).Format());
        TlogProof some = TlogProof.Parse(new TlogProof(1, [], checkpoint, [1, 2, 3]).Format());

        Assert.Null(absent.Extra);
        Assert.NotNull(empty.Extra);
        Assert.True(empty.Extra!.Value.IsEmpty);
        Assert.Equal([1, 2, 3], some.Extra!.Value.ToArray());
        Assert.Contains("\nextra \nindex 1\n", Encoding.UTF8.GetString(empty.Format()), StringComparison.Ordinal);
    }

    [Fact]
    public void Cosignatures_travel_with_the_receipt()
    {
        byte[][] leaves = Leaves;
        byte[] cosigned = NoteVectors.ReadNote("checkpoint-size8-with-ed25519-cosignature.note");
        TlogProof proof = TlogProof.Parse(new TlogProof(6, InclusionPath(6, leaves), cosigned).Format());

        SignedCheckpoint checkpoint = proof.Verify(leaves[6], Log);

        Assert.Equal(cosigned, proof.CheckpointNote.ToArray());
        Assert.Equal(1_700_000_000UL, new CosignatureVerifier(NoteVectors.WitnessVerifierKey).Verify(checkpoint));
    }

    [Fact]
    public void Wrong_index_fails()
    {
        byte[][] leaves = Leaves;
        var proof = new TlogProof(3, InclusionPath(2, leaves), Checkpoint8);

        Assert.Throws<ProofVerificationException>(() => proof.Verify(leaves[2], Log));
        Assert.Throws<ProofVerificationException>(() => new TlogProof(8, InclusionPath(2, leaves), Checkpoint8).Verify(leaves[2], Log));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 17)]
    [InlineData(2, 31)]
    public void Flipped_hash_bit_fails(int hashNumber, int byteIndex)
    {
        byte[][] leaves = Leaves;
        MerkleHash[] path = InclusionPath(4, leaves);
        byte[] bytes = path[hashNumber].ToArray();
        bytes[byteIndex] ^= 0x80;
        path[hashNumber] = new MerkleHash(bytes);

        var error = Assert.Throws<ProofVerificationException>(() => new TlogProof(4, path, Checkpoint8).Verify(leaves[4], Log));

        Assert.Equal(MerkleHash.FromBase64("XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="), error.Expected);
    }

    [Fact]
    public void Flipped_bit_in_the_serialised_receipt_fails()
    {
        byte[][] leaves = Leaves;
        string text = Encoding.UTF8.GetString(new TlogProof(7, InclusionPath(7, leaves), Checkpoint8).Format());
        string[] lines = text.Split('\n');
        byte[] hash = Convert.FromBase64String(lines[3]);
        hash[0] ^= 0x01;
        lines[3] = Convert.ToBase64String(hash);

        TlogProof tampered = TlogProof.Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        Assert.Throws<ProofVerificationException>(() => tampered.Verify(leaves[7], Log));
    }

    [Fact]
    public void Wrong_entry_fails()
    {
        byte[][] leaves = Leaves;
        var proof = new TlogProof(5, InclusionPath(5, leaves), Checkpoint8);

        Assert.Throws<ProofVerificationException>(() => proof.Verify(leaves[4], Log));
        Assert.Throws<ProofVerificationException>(() => proof.Verify([.. leaves[5], 0], Log));
    }

    [Fact]
    public void Short_or_long_proof_fails()
    {
        byte[][] leaves = Leaves;
        MerkleHash[] path = InclusionPath(1, leaves);

        Assert.Throws<ProofVerificationException>(() => new TlogProof(1, path[..2], Checkpoint8).Verify(leaves[1], Log));
        Assert.Throws<ProofVerificationException>(() => new TlogProof(1, [.. path, path[0]], Checkpoint8).Verify(leaves[1], Log));
    }

    [Theory]
    [InlineData("tampered-root.note")]
    [InlineData("signed-by-other-key-same-name.note")]
    [InlineData("leading-zero-size.note")]
    public void Receipt_with_a_bad_checkpoint_fails(string file)
    {
        byte[][] leaves = Leaves;
        var proof = new TlogProof(0, InclusionPath(0, leaves), NoteVectors.ReadNote(file));

        Assert.Throws<NoteVerificationException>(() => TlogProof.Parse(proof.Format()).Verify(leaves[0], Log));
    }

    [Fact]
    public void Receipt_checked_with_another_logs_key_fails()
    {
        byte[][] leaves = Leaves;
        var proof = new TlogProof(0, InclusionPath(0, leaves), Checkpoint8);

        Assert.Throws<NoteVerificationException>(() => proof.Verify(leaves[0], new NoteVerifier(NoteVectors.GoTlogKey("verifier-key.txt"))));
    }

    [Theory]
    [MemberData(nameof(BadProofs))]
    public void Parse_is_strict(string head, string reason)
    {
        // Every case but the checkpoint ones gets a well-formed checkpoint appended where one belongs.
        bool appendCheckpoint = head.EndsWith("\n\n", StringComparison.Ordinal) && !reason.Contains("checkpoint", StringComparison.Ordinal);
        byte[] bytes = [.. Encoding.UTF8.GetBytes(head), .. appendCheckpoint ? Checkpoint8 : []];

        var error = Assert.Throws<FormatException>(() => TlogProof.Parse(bytes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_refuses_an_overlong_proof_or_a_checkpoint_that_is_not_a_note()
    {
        Assert.Throws<ArgumentException>(() => new TlogProof(0, new MerkleHash[65], Checkpoint8));
        Assert.Throws<ArgumentException>(() => new TlogProof(0, [], "not a note\n"u8.ToArray()));
    }

    // RFC 6962 §2.1: MTH(D[n]) by its definition, independent of the library's proof code.
    private static MerkleHash TreeHash(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 1)
        {
            return Rfc6962.HashLeaf(leaves[0]);
        }

        int k = LargestPowerOfTwoBelow(leaves.Length);
        return Rfc6962.HashChildren(TreeHash(leaves[..k]), TreeHash(leaves[k..]));
    }

    // RFC 6962 §2.1.1: PATH(m, D[n]), leaf's sibling first.
    private static MerkleHash[] InclusionPath(int m, ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length <= 1)
        {
            return [];
        }

        int k = LargestPowerOfTwoBelow(leaves.Length);
        return m < k
            ? [.. InclusionPath(m, leaves[..k]), TreeHash(leaves[k..])]
            : [.. InclusionPath(m - k, leaves[k..]), TreeHash(leaves[..k])];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
