using NBitcoin;

namespace OversightLedger.Anchoring.Service;

/// <summary>
/// An anchor that is not yet deep enough: the checkpoint it commits to, every version of its transaction that was
/// broadcast (the original, then each fee bump; any one of them may be the one that confirms), the wallet coins they
/// spend, and the chain heights it was broadcast at.
/// </summary>
/// <param name="SignedCheckpoint">The signed checkpoint note whose body the transaction commits to.</param>
/// <param name="Transactions">Raw transactions, oldest first; the last is the one rebroadcast.</param>
/// <param name="SpentCoins">The wallet coins every version spends.</param>
/// <param name="BroadcastHeight">The node's tip height when the first version was made: the anchor's block is looked for above it.</param>
/// <param name="LastBroadcastHeight">The tip height when the newest version was made: a fee bump is due some blocks later.</param>
public sealed record PendingAnchor(
    ReadOnlyMemory<byte> SignedCheckpoint,
    IReadOnlyList<ReadOnlyMemory<byte>> Transactions,
    IReadOnlyList<Coin> SpentCoins,
    int BroadcastHeight,
    int LastBroadcastHeight)
{
    /// <summary>The newest version.</summary>
    public Transaction Latest(Network network) => Transaction.Load(Transactions[^1].ToArray(), network);
}
