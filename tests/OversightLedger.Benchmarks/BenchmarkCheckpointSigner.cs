using System.Text;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;

namespace OversightLedger.Benchmarks;

/// <summary>Checkpoint body without a signature: signing happens once per batch and is not what is measured.</summary>
internal sealed class BenchmarkCheckpointSigner : ICheckpointSigner
{
    public string Origin => "bench.example/log";

    public byte[] Sign(ulong size, in MerkleHash root) => Encoding.UTF8.GetBytes($"{Origin}\n{size}\n{root.ToBase64()}\n");
}
