namespace OversightLedger.Domain.Replay;

/// <summary>A recorded entry that breaks a rule, found by <see cref="LedgerReplay"/>.</summary>
/// <param name="LeafIndex">The entry's index in the log.</param>
/// <param name="EntryId">The entry id, or null when the leaf could not be parsed.</param>
/// <param name="Kind">The entry kind, or null when the leaf could not be parsed.</param>
/// <param name="Code">The rule's stable code (the same codes as <c>DomainRejection</c>, see <c>RejectionCode</c>).</param>
/// <param name="Message">What is wrong, in words.</param>
public sealed record RuleViolation(ulong LeafIndex, string? EntryId, string? Kind, string Code, string Message);
