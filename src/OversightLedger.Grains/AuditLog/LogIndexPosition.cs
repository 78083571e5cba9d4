using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Grains.AuditLog;

/// <summary>The tree a <see cref="ILogEntryIndex"/> covers: its size and its root, which the log's own tiles must confirm.</summary>
/// <param name="TreeSize">The number of entries indexed: leaves 0 to <c>TreeSize - 1</c>.</param>
/// <param name="Root">The log's root hash at that size when they were indexed.</param>
public readonly record struct LogIndexPosition(ulong TreeSize, MerkleHash Root);
