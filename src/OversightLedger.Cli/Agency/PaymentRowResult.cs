namespace OversightLedger.Cli.Agency;

/// <summary>The server's result for one row of a payment list: accepted with its leaf index, or rejected with a code and message.</summary>
internal sealed record PaymentRowResult(int Row, string Id, string Status, ulong? LeafIndex, string? Code, string? Message)
{
    public const string Accepted = "accepted";

    public bool IsAccepted => Status == Accepted;
}
