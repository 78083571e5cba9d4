using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Cli.Checks;

/// <summary>An entry shown to be in a signed tree: its bytes, its leaf hash and the inclusion proof that did it.</summary>
internal sealed record VerifiedInclusion(ReadOnlyMemory<byte> Entry, MerkleHash LeafHash, MerkleHash[] Proof);
