using System.Globalization;
using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// How the HTML report writes amounts and counts for people (thousands grouped), the same whatever the machine's
/// culture; times, dates and status words come from <see cref="Model.ReportText"/>, as in the other formats.
/// </summary>
internal static class HtmlNumbers
{
    /// <summary>The amount with the currency's decimals and comma-grouped thousands, no code: <c>1,250,000.00</c>, <c>-12.50</c>.</summary>
    public static string Amount(Money amount)
    {
        string plain = amount.ToDecimalString();
        bool negative = plain.StartsWith('-');
        string unsigned = negative ? plain[1..] : plain;
        int point = unsigned.IndexOf('.', StringComparison.Ordinal);
        string whole = point < 0 ? unsigned : unsigned[..point];
        string fraction = point < 0 ? string.Empty : unsigned[point..];
        var grouped = new System.Text.StringBuilder(whole.Length + (whole.Length / 3));
        for (int i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
            {
                grouped.Append(',');
            }

            grouped.Append(whole[i]);
        }

        return $"{(negative ? "-" : string.Empty)}{grouped}{fraction}";
    }

    /// <summary>The amount followed by its currency code: <c>1,250.00 EUR</c>.</summary>
    public static string Money(Money amount) => $"{Amount(amount)} {amount.Currency.Code}";

    /// <summary>A count with comma-grouped thousands.</summary>
    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A count with comma-grouped thousands.</summary>
    public static string Count(ulong count) => count.ToString("#,0", CultureInfo.InvariantCulture);
}
