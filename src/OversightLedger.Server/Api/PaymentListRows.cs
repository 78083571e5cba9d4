using OversightLedger.Server.Beneficiaries;

namespace OversightLedger.Server.Api;

/// <summary>The rows of a received payment list, read again from its spool as commands (pseudonyms derived) each time they are needed.</summary>
internal sealed class PaymentListRows(PaymentListSpool spool, string? contentType, PseudonymKey pseudonyms)
{
    /// <summary>Hands every row, in order, to <paramref name="row"/>; the list was read whole once before, so a fault now is a bug.</summary>
    public async Task<int> ReadAsync(Func<PaymentListRow, ValueTask> row, CancellationToken cancellationToken)
    {
        (int rows, string? error) = await PaymentListReader.ReadAsync(
            spool.Rewind(),
            contentType,
            (index, body) =>
            {
                (var command, string? field, string? message, bool amountRefused) = ProgramsApi.ToCommand(body, pseudonyms);
                return row(new PaymentListRow(index, body, command, field, message, amountRefused));
            },
            cancellationToken);
        return error is null ? rows : throw new InvalidOperationException("A payment list read whole once failed when read again: " + error);
    }
}
