using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Integration;

/// <summary>What a durable append produced: the entries got indices [FirstIndex, TreeSize), under a new signed checkpoint.</summary>
public sealed record LogAppendResult(ulong FirstIndex, ulong TreeSize, MerkleHash Root, byte[] Checkpoint);
