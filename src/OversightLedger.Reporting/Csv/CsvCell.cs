using System.Buffers;

namespace OversightLedger.Reporting.Csv;

/// <summary>
/// One cell of a CSV file the product writes (RFC 4180: quoted when it holds a comma, a double quote, CR or LF, quotes
/// doubled), safe to open in a spreadsheet. A text cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
/// carriage return would be read as a formula (CSV injection), so it is neutralised as OWASP recommends: prefixed with a
/// single quote and quoted. A number cell is written as it is, so <c>-12.50</c> stays a number. Every CSV writer of the
/// product (report files, the CLI's import results) writes its cells through here.
/// </summary>
public static class CsvCell
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>A text cell: empty for null, neutralised when it begins like a formula, quoted when RFC 4180 needs it.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (FormulaStarts.Contains(value[0]))
        {
            return "\"'" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        return value.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// A number cell: a decimal number as the product writes numbers (<c>-?digits[.digits]</c>), or empty, is written
    /// as it is; anything else is written as <see cref="Text"/>, so a column declared numeric can never carry a formula.
    /// </summary>
    public static string Number(string? value) => value is null || IsDecimalNumber(value) ? value ?? string.Empty : Text(value);

    private static bool IsDecimalNumber(string value)
    {
        ReadOnlySpan<char> digits = value.StartsWith('-') ? value.AsSpan(1) : value.AsSpan();
        int point = digits.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? digits : digits[..point];
        ReadOnlySpan<char> fraction = point < 0 ? "0" : digits[(point + 1)..];
        return value.Length == 0 || (whole.Length > 0 && fraction.Length > 0 && !whole.ContainsAnyExceptInRange('0', '9') && !fraction.ContainsAnyExceptInRange('0', '9'));
    }
}
