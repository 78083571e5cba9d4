using NBitcoin;
using OversightLedger.Anchoring.Proofs;

namespace OversightLedger.Anchoring.Service;

/// <summary>An anchor at the required depth: its transaction, block and the proof file (with the log's signature on the checkpoint).</summary>
/// <param name="TransactionId">The version of the anchor transaction that confirmed.</param>
/// <param name="BlockHash">The block holding it.</param>
/// <param name="Height">That block's height.</param>
/// <param name="Proof">The proof: checkpoint, transaction, merkle block, headers from the block to the tip.</param>
public sealed record ConfirmedAnchor(uint256 TransactionId, uint256 BlockHash, int Height, AnchorProof Proof);
