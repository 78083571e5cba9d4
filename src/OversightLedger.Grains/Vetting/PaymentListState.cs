using OversightLedger.Grains.Vetting;

namespace OversightLedger.Grains.Vetting;

/// <summary>
/// What the log must not hold about a payment list submitted for vetting, kept in the ledger's private grain storage:
/// its rows (with the agency's beneficiary references), written before the submission is logged, and each row's result
/// once its vetting is logged and its approved rows are paid.
/// </summary>
[GenerateSerializer]
[Alias("OversightLedger.Grains.Vetting.PaymentListState")]
public sealed class PaymentListState
{
    /// <summary>The budget every row draws on; null before a submission.</summary>
    [Id(0)]
    public string? Budget { get; set; }

    /// <summary>The agency key principal that submitted it.</summary>
    [Id(1)]
    public string? Agency { get; set; }

    /// <summary>The SHA-256 of the bytes sent.</summary>
    [Id(2)]
    public string? Sha256 { get; set; }

    /// <summary>The rows, in the order sent.</summary>
    [Id(3)]
    public VettingRow[] Rows { get; set; } = [];

    /// <summary>The sum of the rows' amounts (a decimal string in the budget's currency).</summary>
    [Id(4)]
    public string? Total { get; set; }

    /// <summary>Whether the submission is in the log.</summary>
    [Id(5)]
    public bool Logged { get; set; }

    /// <summary>Each row's result once the approved rows are paid; null before.</summary>
    [Id(6)]
    public PaymentListRowResult[]? Results { get; set; }
}
