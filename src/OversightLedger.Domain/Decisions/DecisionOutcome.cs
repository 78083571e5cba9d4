namespace OversightLedger.Domain.Decisions;

/// <summary>What a <c>Decide…</c> method concluded.</summary>
public enum DecisionOutcome
{
    /// <summary>Accepted: append the entry to the log, then <c>Apply</c> it.</summary>
    Append,

    /// <summary>The same request (same id, same content) is already recorded: nothing to append, answer with the entry.</summary>
    AlreadyRecorded,

    /// <summary>Refused: nothing changed; see the rejection.</summary>
    Rejected,
}
