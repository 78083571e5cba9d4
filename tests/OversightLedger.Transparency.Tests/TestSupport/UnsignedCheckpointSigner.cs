using System.Text;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Integration;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>Writes the checkpoint body without a signature, for tests of the tree and tiles alone.</summary>
internal sealed class UnsignedCheckpointSigner(string origin = "test.example/log") : ICheckpointSigner
{
    public string Origin { get; } = origin;

    public byte[] Sign(ulong size, in MerkleHash root) => Encoding.UTF8.GetBytes($"{Origin}\n{size}\n{root.ToBase64()}\n");
}
