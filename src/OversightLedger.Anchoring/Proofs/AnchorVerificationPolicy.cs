using NBitcoin;

namespace OversightLedger.Anchoring.Proofs;

/// <summary>What an auditor requires of an anchor.</summary>
/// <param name="Network">The Bitcoin network whose proof-of-work limit applies.</param>
/// <param name="RequiredDepth">The least number of headers (the anchor block and those on top of it), 1 or more.</param>
/// <param name="PinnedBlockHash">The anchor block's hash from a source the auditor trusts, or null to accept any block with the work.</param>
public sealed record AnchorVerificationPolicy(Network Network, int RequiredDepth = 6, uint256? PinnedBlockHash = null);
