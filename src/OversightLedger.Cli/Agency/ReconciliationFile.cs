using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// A payment provider's reconciliation file, as CSV: a header <c>id,status</c> or <c>id,status,amount</c>, then one row
/// per disbursement with status <c>delivered</c>, <c>failed</c> or <c>returned</c> and, for the last two, an optional
/// amount (empty: all that is left of the payment). No field holds a comma or a quote (ids, codes and decimal amounts
/// never do), so a quoted field is refused rather than guessed at. The whole file is checked before anything is sent.
/// </summary>
internal static class ReconciliationFile
{
    /// <summary>The most rows one file may hold.</summary>
    public const int MaxRows = 100_000;

    private static readonly string[] Statuses = ["delivered", "failed", "returned"];

    /// <exception cref="CommandFailedException">The file cannot be read, is empty, or a line is malformed (the message names it; exit 2).</exception>
    public static async Task<List<ReconciliationRow>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read the reconciliation file '{path}': {e.Message}", e);
        }

        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') is not ("id,status" or "id,status,amount"))
        {
            throw CommandFailedException.BadInput($"'{path}' line 1: the header must be id,status or id,status,amount.");
        }

        bool hasAmount = lines[0].Trim().EndsWith(",amount", StringComparison.Ordinal);
        var rows = new List<ReconciliationRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            int line = i + 1;
            if (lines[i].Length == 0)
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                throw CommandFailedException.BadInput($"'{path}' has more than {MaxRows} rows; split it.");
            }

            string[] fields = lines[i].Split(',');
            if (fields.Length != (hasAmount ? 3 : 2) || fields.Any(f => f.Contains('"', StringComparison.Ordinal)))
            {
                throw CommandFailedException.BadInput($"'{path}' line {line}: expected {(hasAmount ? "id,status,amount" : "id,status")} without quotes.");
            }

            string id = fields[0].Trim(), status = fields[1].Trim();
            string? amount = hasAmount && fields[2].Trim() is { Length: > 0 } given ? given : null;
            if (!LedgerIdentifier.IsValid(id))
            {
                throw CommandFailedException.BadInput($"'{path}' line {line}: the id '{id}' is not an id ({LedgerIdentifier.Rule}).");
            }

            if (!Statuses.Contains(status, StringComparer.Ordinal))
            {
                throw CommandFailedException.BadInput($"'{path}' line {line}: the status '{status}' is not delivered, failed or returned.");
            }

            if (status == "delivered" && amount is not null)
            {
                throw CommandFailedException.BadInput($"'{path}' line {line}: a delivered row has no amount (it is the payment's).");
            }

            if (!seen.Add(id + "," + status))
            {
                throw CommandFailedException.BadInput($"'{path}' line {line}: {id} is {status} on an earlier line too.");
            }

            rows.Add(new ReconciliationRow(line, id, status, amount));
        }

        return rows.Count > 0 ? rows : throw CommandFailedException.BadInput($"'{path}' has no rows.");
    }
}
