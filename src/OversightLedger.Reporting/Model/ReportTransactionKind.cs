namespace OversightLedger.Reporting.Model;

/// <summary>What a <see cref="ReportTransaction"/> records, and so its IATI transaction type.</summary>
public enum ReportTransactionKind
{
    /// <summary>One <c>FundsReceived</c> entry: IATI type 1, incoming funds; written <c>incoming-funds</c>.</summary>
    IncomingFunds,

    /// <summary>One <c>TrancheReleased</c> entry: IATI type 2, outgoing commitment; written <c>commitment</c>.</summary>
    Commitment,

    /// <summary>The <c>Disbursed</c> entries of one budget × program × month: IATI type 3, disbursement; written <c>disbursements</c>.</summary>
    Disbursements,

    /// <summary>
    /// The <c>Reversed</c> entries of one budget × program × month: IATI type 3 with a negative value (a correction);
    /// written <c>reversals</c>.
    /// </summary>
    Reversals,
}
