using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Decisions;

/// <summary>
/// The one template every <c>Decide…</c> method follows (budgets, programs, findings): build the candidate entry (a
/// malformed field is <see cref="RejectionCode.InvalidRequest"/>); if its id is recorded already, the same content is the
/// idempotent retry (<see cref="DecisionOutcome.AlreadyRecorded"/>) and other content a <see cref="RejectionCode.Duplicate"/>;
/// otherwise the state's own rules decide (<paramref name="check"/>: null appends, a rejection refuses).
/// </summary>
public static class IdempotentDecision
{
    /// <summary>Decides one command.</summary>
    /// <param name="build">Builds the entry; an <see cref="ArgumentException"/> from it names the field at fault.</param>
    /// <param name="recorded">The entry recorded under an id, or null.</param>
    /// <param name="check">The state's rules for a new entry: null when it may be appended.</param>
    public static Decision<TEntry> Decide<TEntry>(Func<TEntry> build, Func<string, LedgerEntry?> recorded, Func<TEntry, DomainRejection?> check)
        where TEntry : LedgerEntry
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(check);
        TEntry candidate;
        try
        {
            candidate = build();
        }
        catch (ArgumentException e)
        {
            return Decision<TEntry>.Reject(RejectionCode.InvalidRequest, e.Message);
        }

        if (recorded(candidate.Id) is { } existing)
        {
            return existing is TEntry same && same.HasSameContentAs(candidate)
                ? Decision<TEntry>.AlreadyRecorded(same)
                : Decision<TEntry>.Reject(DuplicateOf(candidate.Id));
        }

        return check(candidate) is { } refused ? Decision<TEntry>.Reject(refused) : Decision<TEntry>.Append(candidate);
    }

    /// <summary>The refusal of an id already used by a different request.</summary>
    public static DomainRejection DuplicateOf(string id) =>
        new(RejectionCode.Duplicate, $"the id '{id}' is already used by a different request");
}
