using OversightLedger.Domain.Money;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// One transaction of a budget within the quarter, as an IATI activity lists it, citing the log entries behind it by
/// leaf index and RFC 6962 leaf hash (SHA-256(0x00 ‖ entry)), so a reader can fetch each entry and check its inclusion.
/// </summary>
/// <remarks>
/// Granularity: incoming funds and commitments are one transaction per entry (<see cref="EntryCount"/> 1, first leaf =
/// last leaf). Disbursements and reversals are aggregated per budget × program × month, so a quarter of a million
/// payments gives a few hundred transactions and the report stays small: <see cref="FirstLeaf"/> and
/// <see cref="LastLeaf"/> bound the entries (every <c>Disbursed</c> — or <c>Reversed</c> — entry of that budget, program
/// and month lies between them, inclusive, and no other of that kind does), and <see cref="EntryCount"/> says how many
/// there are. Whoever needs every payment reads the leaves in that range from the public log.
/// </remarks>
/// <param name="Budget">The budget id (the IATI activity).</param>
/// <param name="Kind">What it records.</param>
/// <param name="Program">The program (receiver) for disbursements and reversals; null otherwise.</param>
/// <param name="Tranche">The tranche for a commitment; null otherwise.</param>
/// <param name="Month">The month (<c>yyyy-MM</c>) of aggregated disbursements or reversals; null otherwise.</param>
/// <param name="Date">The transaction date: the entry's date, or for an aggregate the date of its last entry (UTC).</param>
/// <param name="Value">The amount, in the budget's currency; negative for reversals.</param>
/// <param name="EntryCount">How many entries it stands for.</param>
/// <param name="FirstLeaf">The leaf index of its first entry.</param>
/// <param name="FirstLeafHash">That entry's leaf hash.</param>
/// <param name="LastLeaf">The leaf index of its last entry.</param>
/// <param name="LastLeafHash">That entry's leaf hash.</param>
/// <param name="Reference">The entry id of a single-entry transaction (for incoming funds, the payment reference); null for aggregates.</param>
public sealed record ReportTransaction(
    string Budget,
    ReportTransactionKind Kind,
    string? Program,
    string? Tranche,
    string? Month,
    DateOnly Date,
    Money Value,
    long EntryCount,
    ulong FirstLeaf,
    MerkleHash FirstLeafHash,
    ulong LastLeaf,
    MerkleHash LastLeafHash,
    string? Reference)
{
    /// <summary>The IATI transaction type code: 1 incoming funds, 2 outgoing commitment, 3 disbursement (reversals too).</summary>
    public int IatiTransactionType => Kind switch
    {
        ReportTransactionKind.IncomingFunds => 1,
        ReportTransactionKind.Commitment => 2,
        _ => 3,
    };
}
