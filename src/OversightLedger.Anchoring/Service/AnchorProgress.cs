using NBitcoin;

namespace OversightLedger.Anchoring.Service;

/// <summary>Where a pending anchor stands after one look at the chain.</summary>
/// <param name="Pending">The pending anchor, updated (a fee bump adds a version).</param>
/// <param name="InBlock">The version in the best chain and its block, or null when none is in a block.</param>
/// <param name="Confirmations">The confirmations of that block (0 when in none).</param>
/// <param name="Confirmed">Set when the depth is reached.</param>
/// <param name="Action">What this look did, in plain words (waiting, rebroadcast, fee bumped…).</param>
public sealed record AnchorProgress(PendingAnchor Pending, (uint256 TransactionId, uint256 BlockHash, int Height)? InBlock, int Confirmations, ConfirmedAnchor? Confirmed, string Action);
