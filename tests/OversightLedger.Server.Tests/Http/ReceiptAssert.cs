using System.Text;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Server.Tests.Http;

/// <summary>Checks a disbursement's receipt the way an auditor would: signed checkpoint, leaf hash, inclusion proof.</summary>
public static class ReceiptAssert
{
    /// <summary>
    /// GETs <c>/api/programs/{program}/disbursements/{id}</c> and asserts it is the entry
    /// <c>disbursement/{program}/{id}</c> at <paramref name="leaf"/>, its checkpoint is signed by
    /// the log (<paramref name="verifier"/>) and the inclusion proof of SHA-256(0x00 ‖ entry) leads to its root.
    /// The entry is <paramref name="entry"/> when given (e.g. read from the log's files), else <c>/entry</c>.
    /// </summary>
    /// <returns>The receipt's verified checkpoint.</returns>
    public static async Task<Checkpoint> VerifiesAsync(
        HttpClient client, NoteVerifier verifier, string program, string id, ulong leaf, byte[]? entry, CancellationToken cancellationToken)
    {
        string path = $"api/programs/{program}/disbursements/{id}";
        JsonElement receipt = await client.GetJsonAsync(path, cancellationToken);
        Assert.Equal((id, program, EntryIds.Disbursement(program, id)), (receipt.Text("disbursementId"), receipt.Text("program"), receipt.Text("entryId")));
        Assert.True(receipt.GetProperty("leafIndex").GetUInt64() == leaf, $"The receipt of {id} is at leaf {receipt.GetProperty("leafIndex")}, not {leaf}.");

        Checkpoint checkpoint = SignedCheckpoint.Open(Encoding.UTF8.GetBytes(receipt.Text("checkpoint")), verifier).Checkpoint;
        Assert.Equal(checkpoint.Size, receipt.GetProperty("treeSize").GetUInt64());
        Assert.Equal(checkpoint.Root.ToBase64(), receipt.Text("root"));

        entry ??= await client.GetByteArrayAsync(new Uri(path + "/entry", UriKind.Relative), cancellationToken);
        MerkleHash leafHash = Rfc6962.HashLeaf(entry);
        Assert.Equal(leafHash.ToBase64(), receipt.Text("leafHash"));
        using (var parsed = JsonDocument.Parse(entry))
        {
            Assert.Equal("Disbursed", parsed.RootElement.Text("kind"));
            Assert.Equal(EntryIds.Disbursement(program, id), parsed.RootElement.Text("id"));
            Assert.Equal(program, parsed.RootElement.Text("program"));
        }

        MerkleHash[] proof = [.. receipt.GetProperty("inclusionProof").EnumerateArray().Select(h => MerkleHash.FromBase64(h.GetString()!))];
        ProofVerifier.VerifyInclusion(leaf, checkpoint.Size, leafHash, proof, checkpoint.Root);
        return checkpoint;
    }
}
