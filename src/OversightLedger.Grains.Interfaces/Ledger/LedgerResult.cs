using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Grains.Ledger;

/// <summary>
/// The answer to a ledger command: accepted with the entry's place in the log, or refused with a stable
/// rule code (the problem type) and a message. Replaying an accepted command returns the same entry.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Ledger.LedgerResult")]
public sealed record LedgerResult(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] string? RejectionCode,
    [property: Id(2)] string? Message,
    [property: Id(3)] string? EntryId,
    [property: Id(4)] ulong? LeafIndex,
    [property: Id(5)] byte[]? Entry)
{
    /// <summary>The rule code for an actor acting on what it does not own.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The rule code for a confirmed finding whose class the budget's terms do not name for snap-back.</summary>
    public const string NotASnapBackClass = "not-a-snap-back-class";

    /// <summary>
    /// The rule code for an entry a grain holds as recorded that the log does not find (its state ahead of the log): the
    /// request is refused, to be sent again, rather than answered with a leaf the entry may not have.
    /// </summary>
    public const string NotLogged = "not-logged";

    /// <summary>A refusal.</summary>
    public static LedgerResult Rejected(string code, string message) => new(false, code, message, null, null, null);

    /// <summary>An entry that is in the log.</summary>
    public static LedgerResult Recorded(string entryId, ulong leafIndex, byte[] entry) => new(true, null, null, entryId, leafIndex, entry);
}
