using System.Numerics;
using NBitcoin;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Anchoring.Proofs;

/// <summary>What a verified anchor proves: the checkpoint existed no later than the block (its header time, give or take the two hours Bitcoin allows).</summary>
/// <param name="Checkpoint">The log's checkpoint that was anchored.</param>
/// <param name="TransactionId">The anchor transaction.</param>
/// <param name="OutputIndex">The output holding the commitment.</param>
/// <param name="BlockHash">The block that holds the transaction.</param>
/// <param name="BlockTime">The block header's timestamp.</param>
/// <param name="Depth">How many headers were checked, the anchor block's included.</param>
/// <param name="Work">The expected number of hashes the checked headers took together.</param>
public sealed record VerifiedAnchor(
    Checkpoint Checkpoint,
    uint256 TransactionId,
    int OutputIndex,
    uint256 BlockHash,
    DateTimeOffset BlockTime,
    int Depth,
    BigInteger Work);
