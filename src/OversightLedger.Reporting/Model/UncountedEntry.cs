namespace OversightLedger.Reporting.Model;

/// <summary>
/// An entry within the report's reach that no figure counts, because it cannot be counted (the rules' replay does not
/// count it either): a leaf that is not a valid entry; money for a budget, tranche or program not opened before it, in
/// another currency than the budget's or the program's, or not above zero; a second opening, release or benchmark
/// verification; a reversal of a disbursement not in the log or already reversed. Rule violations that can be counted
/// (an overdraft, a payment while frozen, outside the ring-fence…) are counted, as the log records them;
/// <c>oversight replay</c> reports every violation separately.
/// </summary>
/// <param name="Leaf">The leaf index.</param>
/// <param name="EntryId">The entry id, or null for a leaf that could not be parsed.</param>
/// <param name="Kind">The entry kind, or null for a leaf that could not be parsed.</param>
/// <param name="Reason">Why it is not counted.</param>
public sealed record UncountedEntry(ulong Leaf, string? EntryId, string? Kind, string Reason);
