using System.Globalization;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// A benchmark indicator's number (baseline, target, measured value): a decimal from 0 to 10^12 with at most six
/// decimals, written in entries as a string without sign, exponent, leading zeros or trailing fraction zeros
/// (<c>"12.5"</c>, never <c>"12.50"</c> or <c>"1.25e1"</c>).
/// </summary>
/// <remarks>
/// Non-negative by choice: indicators are counts, shares and durations (prisoners released, % of a stock, days of
/// access); a change is expressed by its baseline and target, not by a negative number. Never a binary float, so no NaN
/// or infinity can be recorded.
/// </remarks>
public static class IndicatorValue
{
    /// <summary>The largest value: 10^12.</summary>
    public const decimal Max = 1_000_000_000_000m;

    /// <summary>The most decimals a value may have.</summary>
    public const int MaxDecimals = 6;

    /// <summary>The longest text of a value: 13 integer digits, a point and six decimals.</summary>
    internal const int MaxLength = 20;

    /// <summary>The canonical text of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value is negative, above <see cref="Max"/> or has more than six decimals.</exception>
    public static string Format(decimal value) => Checked(value, "value").ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a value written as plain decimal digits with an optional fraction (<c>"12"</c>, <c>"12.50"</c>); false for
    /// anything else (a sign, an exponent, white space, <c>NaN</c>, too many decimals, more than 10^12).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        int point = text.IndexOf('.');
        ReadOnlySpan<char> whole = point < 0 ? text : text[..point];
        ReadOnlySpan<char> fraction = point < 0 ? [] : text[(point + 1)..];
        if (text.Length is 0 or > MaxLength || whole.IsEmpty || (point >= 0 && fraction.IsEmpty) || fraction.Length > MaxDecimals
            || !IsDigits(whole) || !IsDigits(fraction) || (whole.Length > 1 && whole[0] == '0'))
        {
            return false;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal parsed) || parsed > Max)
        {
            return false;
        }

        value = parsed;
        return true;
    }

    /// <summary>The value when it is in range with at most six decimals.</summary>
    /// <exception cref="ArgumentException">It is not; the parameter name is <paramref name="field"/>.</exception>
    internal static decimal Checked(decimal value, string field) =>
        value < 0 || value > Max || decimal.Round(value, MaxDecimals) != value
            ? throw new ArgumentException($"'{field}' must be a number from 0 to {Max.ToString(CultureInfo.InvariantCulture)} with at most {MaxDecimals} decimals", field)
            : value;

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
