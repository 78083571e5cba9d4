using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

/// <summary>A committed disbursement of a <see cref="BeneficiaryProgram"/>: its entry, its leaf index, its reversal if any.</summary>
public sealed class DisbursementRecord
{
    internal DisbursementRecord(Disbursed entry, ulong leafIndex)
    {
        Entry = entry;
        LeafIndex = leafIndex;
    }

    /// <summary>The Disbursed entry as in the log.</summary>
    public Disbursed Entry { get; }

    /// <summary>The entry's index in the log.</summary>
    public ulong LeafIndex { get; }

    /// <summary>The Reversed entry, once reversed.</summary>
    public Reversed? Reversal { get; internal set; }

    /// <summary>Whether the disbursement is reversed.</summary>
    public bool IsReversed => Reversal is not null;
}
