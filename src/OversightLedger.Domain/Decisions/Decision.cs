using System.Diagnostics.CodeAnalysis;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Decisions;

/// <summary>
/// The result of a <c>Decide…</c> method: an entry to append, the entry already recorded for the same request
/// (idempotent retry), or a rejection. Deciding never changes the recorded state; only <c>Apply</c> does.
/// </summary>
/// <typeparam name="TEntry">The kind of entry the command produces.</typeparam>
public sealed class Decision<TEntry>
    where TEntry : LedgerEntry
{
    private Decision(DecisionOutcome outcome, TEntry? entry, DomainRejection? rejection)
    {
        Outcome = outcome;
        Entry = entry;
        Rejection = rejection;
    }

    /// <summary>What was concluded.</summary>
    public DecisionOutcome Outcome { get; }

    /// <summary>The entry to append (<see cref="DecisionOutcome.Append"/>) or already recorded; null when rejected.</summary>
    public TEntry? Entry { get; }

    /// <summary>Why it was refused; null unless <see cref="DecisionOutcome.Rejected"/>.</summary>
    public DomainRejection? Rejection { get; }

    /// <summary>True unless rejected: <see cref="Entry"/> is then set.</summary>
    [MemberNotNullWhen(true, nameof(Entry))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Outcome != DecisionOutcome.Rejected;

    /// <summary>True when <see cref="Entry"/> is new and must be appended to the log.</summary>
    [MemberNotNullWhen(true, nameof(Entry))]
    public bool ShouldAppend => Outcome == DecisionOutcome.Append;

    /// <summary>An entry to append.</summary>
    public static Decision<TEntry> Append(TEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(DecisionOutcome.Append, entry, null);
    }

    /// <summary>The entry already recorded for this request.</summary>
    public static Decision<TEntry> AlreadyRecorded(TEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(DecisionOutcome.AlreadyRecorded, entry, null);
    }

    /// <summary>A refusal.</summary>
    public static Decision<TEntry> Reject(DomainRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new(DecisionOutcome.Rejected, null, rejection);
    }

    /// <summary>A refusal with its code and message.</summary>
    public static Decision<TEntry> Reject(string code, string message) => Reject(new DomainRejection(code, message));

    /// <summary>A readable summary.</summary>
    public override string ToString() => Outcome switch
    {
        DecisionOutcome.Rejected => $"Rejected {Rejection!.Code}: {Rejection.Message}",
        _ => $"{Outcome} {Entry!.Kind} {Entry.Id}",
    };
}
