namespace OversightLedger.Cli.Agency;

/// <summary>One row of a payment provider's reconciliation file: the agency's disbursement id, what became of it, and (for a reversal) how much.</summary>
/// <param name="Line">The row's line number in the file (the header is line 1).</param>
/// <param name="Id">The agency's disbursement id.</param>
/// <param name="Status"><c>delivered</c>, <c>failed</c> or <c>returned</c>.</param>
/// <param name="Amount">For failed or returned: how much, or null for all that is left of the payment.</param>
internal sealed record ReconciliationRow(int Line, string Id, string Status, string? Amount);
