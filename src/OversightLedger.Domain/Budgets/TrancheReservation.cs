using System.Diagnostics.CodeAnalysis;
using OversightLedger.Domain.Decisions;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// The answer of <see cref="ReliefBudget.TryReserve"/>: the tranche the disbursement draws on, or why it may not.
/// </summary>
public sealed class TrancheReservation
{
    private TrancheReservation(string? tranche, bool isAlreadyCommitted, DomainRejection? rejection)
    {
        Tranche = tranche;
        IsAlreadyCommitted = isAlreadyCommitted;
        Rejection = rejection;
    }

    /// <summary>The tranche reserved on (or already disbursed from); null when rejected.</summary>
    public string? Tranche { get; }

    /// <summary>True when the disbursement id is already committed: nothing new was reserved (idempotent retry).</summary>
    public bool IsAlreadyCommitted { get; }

    /// <summary>Why not; null when reserved.</summary>
    public DomainRejection? Rejection { get; }

    /// <summary>True when <see cref="Tranche"/> holds the money (newly, again, or already committed).</summary>
    [MemberNotNullWhen(true, nameof(Tranche))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsReserved => Rejection is null;

    internal static TrancheReservation Reserved(string tranche) => new(tranche, false, null);

    internal static TrancheReservation Committed(string tranche) => new(tranche, true, null);

    internal static TrancheReservation Rejected(DomainRejection rejection) => new(null, false, rejection);

    /// <summary>A readable summary.</summary>
    public override string ToString() =>
        Rejection is null ? $"{(IsAlreadyCommitted ? "Committed" : "Reserved")} on {Tranche}" : $"Rejected {Rejection.Code}: {Rejection.Message}";
}
