namespace OversightLedger.Cli.Agency;

/// <summary>
/// The server's result for one row of a payment list: accepted with its leaf index (and its entry id in the log), or
/// rejected with a code and message. <see cref="Id"/> is the row's own disbursement id.
/// </summary>
internal sealed record PaymentRowResult(int Row, string Id, string Status, ulong? LeafIndex, string? Code, string? Message, string? EntryId = null)
{
    public const string Accepted = "accepted";

    public bool IsAccepted => Status == Accepted;
}
