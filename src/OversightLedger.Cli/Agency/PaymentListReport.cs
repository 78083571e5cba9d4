namespace OversightLedger.Cli.Agency;

/// <summary>The server's report on a payment list: counts and one result per row, in the list's order.</summary>
internal sealed record PaymentListReport(string Program, int Rows, int Accepted, int Rejected, PaymentRowResult[] Results);
