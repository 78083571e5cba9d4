using System.Globalization;
using System.Text;
using OversightLedger.Reporting.Csv;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The per-row results of a payment list as CSV (RFC 4180): <c>row,id,status,leafIndex,code,message</c>, one line per
/// row in the list's order; <c>row</c> and <c>leafIndex</c> are numbers, the rest text, neutralised when it could be read
/// as a spreadsheet formula (<see cref="CsvCell"/>: the list's ids are the agency's, echoed back). Written to a
/// temporary file and renamed, so the file is never half-written.
/// </summary>
internal static class RowResultsCsv
{
    public const string Header = "row,id,status,leafIndex,code,message";

    public static async Task WriteAsync(string path, IReadOnlyList<PaymentRowResult> results, CancellationToken cancellationToken)
    {
        string temporary = path + ".tmp";
        await using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            await writer.WriteLineAsync(Header).ConfigureAwait(false);
            var line = new StringBuilder();
            foreach (PaymentRowResult result in results)
            {
                cancellationToken.ThrowIfCancellationRequested();
                line.Clear()
                    .Append(CsvCell.Number(result.Row.ToString(CultureInfo.InvariantCulture))).Append(',')
                    .Append(CsvCell.Text(result.Id)).Append(',')
                    .Append(CsvCell.Text(result.Status)).Append(',')
                    .Append(CsvCell.Number(result.LeafIndex?.ToString(CultureInfo.InvariantCulture))).Append(',')
                    .Append(CsvCell.Text(result.Code)).Append(',')
                    .Append(CsvCell.Text(result.Message));
                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
