using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// A committed disbursement of a <see cref="BeneficiaryProgram"/>: its entry, its leaf index, its reversal if any. A
/// snapshot, made when asked for (<see cref="BeneficiaryProgram.FindDisbursement"/>).
/// </summary>
public sealed class DisbursementRecord
{
    internal DisbursementRecord(Disbursed entry, ulong leafIndex, Reversed? reversal)
    {
        Entry = entry;
        LeafIndex = leafIndex;
        Reversal = reversal;
    }

    /// <summary>The Disbursed entry as in the log.</summary>
    public Disbursed Entry { get; }

    /// <summary>The entry's index in the log.</summary>
    public ulong LeafIndex { get; }

    /// <summary>The Reversed entry, once reversed.</summary>
    public Reversed? Reversal { get; }

    /// <summary>Whether the disbursement is reversed.</summary>
    public bool IsReversed => Reversal is not null;
}
