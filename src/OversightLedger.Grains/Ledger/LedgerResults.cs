using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;

namespace OversightLedger.Grains.Ledger;

/// <summary>Turns domain decisions and argument errors into <see cref="LedgerResult"/>s.</summary>
internal static class LedgerResults
{
    public static LedgerResult From(DomainRejection rejection) => LedgerResult.Rejected(rejection.Code, rejection.Message);

    public static LedgerResult Invalid(Exception exception) => LedgerResult.Rejected(RejectionCode.InvalidRequest, exception.Message);

    /// <summary>
    /// Carries out a decision the way every grain does: a rejection is answered as it is; the idempotent retry with the
    /// entry's leaf from the log; a new entry is appended and, once durable, applied to the grain's state
    /// (<paramref name="apply"/>, given its leaf); an id the sequencer finds taken by another entry is refused.
    /// </summary>
    public static async Task<LedgerResult> AppendAsync<TEntry>(LedgerLog log, Decision<TEntry> decision, Action<TEntry, ulong> apply)
        where TEntry : LedgerEntry
    {
        if (decision.Outcome == DecisionOutcome.Rejected)
        {
            return From(decision.Rejection!);
        }

        byte[] entry = decision.Entry!.ToCanonicalJson();
        if (decision.Outcome == DecisionOutcome.AlreadyRecorded)
        {
            return await AlreadyRecordedAsync(log, decision.Entry.Id, entry);
        }

        if (await log.TryAppendAsync(entry) is not { } receipt)
        {
            return IdTaken(decision.Entry.Id);
        }

        apply(decision.Entry, receipt.LeafIndex);
        return LedgerResult.Recorded(decision.Entry.Id, receipt.LeafIndex, entry);
    }

    /// <summary>
    /// The answer to a replayed request whose entry the grain holds as recorded: the entry with its leaf, looked up in the
    /// log. Leaf 0 is a real leaf, so an id the log does not find is never answered with a made-up one (see
    /// <see cref="NotLogged"/>).
    /// </summary>
    public static async Task<LedgerResult> AlreadyRecordedAsync(LedgerLog log, string entryId, byte[] entry) =>
        await log.FindAsync(entryId) is { } leaf ? LedgerResult.Recorded(entryId, leaf, entry) : NotLogged(entryId);

    /// <summary>The refusal for an entry the grain holds as recorded but the log does not find: send the request again.</summary>
    public static LedgerResult NotLogged(string entryId) =>
        LedgerResult.Rejected(LedgerResult.NotLogged, $"The entry '{entryId}' is recorded, but the log does not find it yet; nothing was changed, send the request again.");

    /// <summary>
    /// The refusal for an append the sequencer refused (<see cref="EntryIdTakenException"/>): the id already holds a
    /// different entry of the log, so this act cannot be recorded under it; nothing was appended.
    /// </summary>
    public static LedgerResult IdTaken(string entryId) =>
        LedgerResult.Rejected(RejectionCode.Duplicate, $"The id '{entryId}' is already used in the log for another act; nothing was recorded.");

    public static LedgerResult NotOwner(string what, string id) =>
        LedgerResult.Rejected(LedgerResult.Forbidden, $"The {what} '{id}' belongs to someone else.");
}
