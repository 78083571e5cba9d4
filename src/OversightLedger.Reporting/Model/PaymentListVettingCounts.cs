namespace OversightLedger.Reporting.Model;

/// <summary>
/// A budget's vetted payment lists within the quarter (issue 15 item 4): lists submitted, lists vetted, rows approved
/// and refused by the vetting, and lists that expired unvetted. Present only for a budget with any of them.
/// </summary>
/// <param name="ListsSubmitted">Lists submitted for vetting (<c>PaymentListSubmitted</c>).</param>
/// <param name="ListsVetted">Lists vetted (<c>PaymentListVetted</c>).</param>
/// <param name="RowsApproved">Rows the vettings approved.</param>
/// <param name="RowsRefused">Rows the vettings refused.</param>
/// <param name="ListsExpired">Lists that waited their whole time unvetted (<c>PaymentListExpired</c>).</param>
public sealed record PaymentListVettingCounts(long ListsSubmitted, long ListsVetted, long RowsApproved, long RowsRefused, long ListsExpired)
{
    /// <summary>Whether nothing was counted.</summary>
    public bool IsEmpty => ListsSubmitted == 0 && ListsVetted == 0 && RowsApproved == 0 && RowsRefused == 0 && ListsExpired == 0;
}
