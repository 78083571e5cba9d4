using System.Globalization;
using System.Text;

namespace OversightLedger.Cli.Agency;

/// <summary>
/// The per-row results of a payment list as CSV (RFC 4180): <c>row,id,status,leafIndex,code,message</c>, one line per
/// row in the list's order. Written to a temporary file and renamed, so the file is never half-written.
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
                    .Append(result.Row.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Field(result.Id)).Append(',')
                    .Append(Field(result.Status)).Append(',')
                    .Append(result.LeafIndex?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Field(result.Code)).Append(',')
                    .Append(Field(result.Message));
                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A field, quoted when it holds a comma, a quote or a line break (quotes doubled).</summary>
    public static string Field(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value
        : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
