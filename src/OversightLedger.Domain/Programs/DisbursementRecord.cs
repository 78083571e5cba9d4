using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

using OversightLedger.Domain.Money;

/// <summary>
/// A committed disbursement of a <see cref="BeneficiaryProgram"/>: its entry, its leaf index, its reversals (none, some
/// partial ones, or enough to give all of it back) and its delivery if confirmed. A snapshot, made when asked for
/// (<see cref="BeneficiaryProgram.FindDisbursement"/>).
/// </summary>
public sealed class DisbursementRecord
{
    internal DisbursementRecord(Disbursed entry, ulong leafIndex, IReadOnlyList<Reversed> reversals, Delivered? delivery)
    {
        Entry = entry;
        LeafIndex = leafIndex;
        Reversals = reversals;
        Delivery = delivery;
        long reversed = 0;
        foreach (Reversed reversal in reversals)
        {
            reversed = checked(reversed + reversal.Amount.MinorUnits);
        }

        ReversedAmount = new Money(entry.Amount.Currency, reversed);
    }

    /// <summary>The Disbursed entry as in the log.</summary>
    public Disbursed Entry { get; }

    /// <summary>The entry's index in the log.</summary>
    public ulong LeafIndex { get; }

    /// <summary>The Reversed entries of this disbursement, in log order.</summary>
    public IReadOnlyList<Reversed> Reversals { get; }

    /// <summary>What the reversals gave back, together.</summary>
    public Money ReversedAmount { get; }

    /// <summary>What is left: the amount paid minus <see cref="ReversedAmount"/>; what a further reversal may give back at most.</summary>
    public Money Remaining => Entry.Amount - ReversedAmount;

    /// <summary>Whether the disbursement is reversed in full (nothing is left).</summary>
    public bool IsReversed => !Remaining.IsPositive;

    /// <summary>The Delivered entry, once the delivery is confirmed.</summary>
    public Delivered? Delivery { get; }

    /// <summary>Whether the delivery is confirmed.</summary>
    public bool IsDelivered => Delivery is not null;
}
