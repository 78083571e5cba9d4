using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>One step of a budget's consequence ladder as the log records it: applied, and lifted by the owner or still in force.</summary>
public sealed class AppliedConsequence
{
    internal AppliedConsequence(ConsequenceApplied applied, long sequence)
    {
        Applied = applied;
        Sequence = sequence;
    }

    /// <summary>The entry that applied it.</summary>
    public ConsequenceApplied Applied { get; }

    /// <summary>The entry that lifted it; null while it is in force.</summary>
    public ConsequenceLifted? Lifted { get; private set; }

    /// <summary>Whether it still holds its tranches.</summary>
    public bool IsInForce => Lifted is null;

    /// <summary>Its step number in the ladder.</summary>
    public int Step => Applied.Step;

    /// <summary>Where it stands among the budget's reviews and steps (a passed review after it has a higher one).</summary>
    internal long Sequence { get; }

    internal void Lift(ConsequenceLifted lifted) => Lifted = lifted;
}
