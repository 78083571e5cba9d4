using System.Text.Json;
using NBitcoin;
using OversightLedger.Anchoring.Spv;

namespace OversightLedger.Anchoring.Tests;

/// <summary>The SPV core on a real mainnet <c>gettxoutproof</c> (shared/vectors/bitcoin): real proof of work, a real partial merkle tree.</summary>
public sealed class MainnetMerkleBlockTests
{
    private static readonly (byte[] Proof, uint256 Txid, uint256 BlockHash) Vector = ReadVector();

    [Fact]
    public void Real_mainnet_proof_verifies_with_its_work_and_exactly_its_transaction()
    {
        MerkleBlockProof proof = MerkleBlockProof.Parse(Vector.Proof, Network.Main);

        var work = proof.VerifyTransaction(Vector.Txid, Network.Main);

        Assert.Equal(Vector.BlockHash, proof.Header.GetHash());
        Assert.True(work > System.Numerics.BigInteger.Pow(2, 60), $"work {work}");
    }

    [Fact]
    public void Real_mainnet_proof_does_not_prove_another_transaction()
    {
        MerkleBlockProof proof = MerkleBlockProof.Parse(Vector.Proof, Network.Main);

        var e = Assert.Throws<AnchorVerificationException>(() => proof.VerifyTransaction(uint256.One, Network.Main));

        Assert.Equal(AnchorFailure.MerkleProof, e.Failure);
    }

    [Fact]
    public void A_header_whose_bits_exceed_the_networks_limit_is_rejected_even_when_its_hash_meets_them()
    {
        // A regtest block meets its own easy target, but that target is far above mainnet's limit.
        var chain = new Regtest.RegtestChain();
        Block block = chain.Mine(new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest));
        ProofOfWork.Check(block.Header, Network.RegTest);

        var e = Assert.Throws<AnchorVerificationException>(() => ProofOfWork.Check(block.Header, Network.Main));

        Assert.Equal(AnchorFailure.ProofOfWork, e.Failure);
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x1d00ffffu, true)]
    [InlineData(0x207fffffu, true)]
    [InlineData(0x00000000u, false)]
    [InlineData(0x04923456u | 0x00800000u, false)]
    [InlineData(0x23000001u, false)]
    [InlineData(0x01003456u, false)]
    public void Compact_targets_decode_as_bitcoin_core_does(uint bits, bool valid)
    {
        Assert.Equal(valid, ProofOfWork.DecodeCompact(bits) is not null);
    }

    [Fact]
    public void Altering_any_byte_of_the_header_the_hashes_or_the_flags_is_rejected()
    {
        byte[] proof = Vector.Proof;
        int hashCount = proof[84];
        int hashesEnd = 85 + (32 * hashCount);
        int[] positions = [.. Enumerable.Range(0, 80), .. Enumerable.Range(85, hashesEnd - 85), .. Enumerable.Range(hashesEnd + 1, proof.Length - hashesEnd - 1)];
        Assert.Equal(proof.Length - 4 - 1 - 1, positions.Length);

        foreach (int position in positions)
        {
            foreach (byte mask in (byte[])[0x01, 0x80, 0xff])
            {
                byte[] altered = (byte[])proof.Clone();
                altered[position] ^= mask;
                var e = Assert.Throws<AnchorVerificationException>(() => MerkleBlockProof.Parse(altered, Network.Main).VerifyTransaction(Vector.Txid, Network.Main));
                Assert.True(e.Failure is AnchorFailure.ProofOfWork or AnchorFailure.MerkleProof, $"byte {position} ^ {mask:x2}: {e.Failure} {e.Message}");
            }
        }
    }

    [Fact]
    public void Truncated_or_extended_proofs_are_malformed()
    {
        foreach (int length in (int[])[0, 79, 84, 100, Vector.Proof.Length - 1])
        {
            var e = Assert.Throws<AnchorVerificationException>(() => MerkleBlockProof.Parse(Vector.Proof.AsSpan(0, length), Network.Main));
            Assert.Equal(AnchorFailure.Malformed, e.Failure);
        }

        var extended = Assert.Throws<AnchorVerificationException>(() => MerkleBlockProof.Parse([.. Vector.Proof, 0], Network.Main));
        Assert.Equal(AnchorFailure.Malformed, extended.Failure);
    }

    internal static (byte[] Proof, uint256 Txid, uint256 BlockHash) ReadVector()
    {
        string path = Path.Combine(SharedVectors.Directory, "bitcoin", "mainnet-txoutproof.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = json.RootElement;
        return (
            Convert.FromHexString(root.GetProperty("txoutproof").GetString()!),
            uint256.Parse(root.GetProperty("txid").GetString()!),
            uint256.Parse(root.GetProperty("blockHash").GetString()!));
    }
}
