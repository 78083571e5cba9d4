using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OversightLedger.Domain.Money;

/// <summary>
/// An amount as a request writes it, before its currency is known: the digits without the point (<see cref="Units"/>)
/// and how many of them follow it (<see cref="Decimals"/>), so "12.50" is 1250 with 2 decimals and "12.5" is 125 with 1.
/// The edge (HTTP, CLI) reads the text once into this; the grain that knows the currency makes it <see cref="Money"/>
/// with <see cref="In"/>, which applies the currency's rules (its number of decimals, 64 bits of minor units).
/// </summary>
/// <remarks>
/// The text's grammar is <see cref="Money.Parse"/>'s: an optional leading '-', ASCII digits without leading zeros, and
/// optionally '.' and at least one digit; no negative zero. It is one spelling per value, so <see cref="ToString"/> gives
/// back the text that was read, and a refusal quotes it as it was sent.
/// </remarks>
public readonly record struct DecimalAmount
{
    private const string DoesNotFit = "the amount does not fit in 64 bits";

    /// <summary>Creates an amount of <paramref name="units"/> with <paramref name="decimals"/> of its digits after the point.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decimals"/> is negative.</exception>
    public DecimalAmount(long units, int decimals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        Units = units;
        Decimals = decimals;
    }

    /// <summary>The digits as one whole number, with the sign: -1250 for "-12.50".</summary>
    public long Units { get; }

    /// <summary>How many of the digits follow the point: 2 for "12.50", 0 for "12".</summary>
    public int Decimals { get; }

    /// <summary>The amount of <paramref name="money"/> with its currency's number of decimals ("12.50" for 12.50 EUR).</summary>
    public static DecimalAmount Of(Money money)
    {
        ArgumentNullException.ThrowIfNull(money);
        return new DecimalAmount(money.MinorUnits, money.Currency.MinorUnitExponent);
    }

    /// <summary>Reads a plain decimal string (the grammar of <see cref="Money.Parse"/>, any number of decimals).</summary>
    /// <param name="text">The text; null is refused.</param>
    /// <param name="amount">The amount read.</param>
    /// <param name="error">Why the text was refused, e.g. "leading zeros are not allowed"; null when it was read.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out DecimalAmount amount, [NotNullWhen(false)] out string? error)
    {
        if (text is null)
        {
            amount = default;
            error = "an amount is required";
            return false;
        }

        error = TryParseCore(text, out amount);
        return error is null;
    }

    /// <summary>Reads <paramref name="text"/> as <see cref="TryParse"/> does; the error message names <paramref name="currency"/> as <see cref="Money.Parse"/>'s does.</summary>
    /// <exception cref="FormatException">The text is not a plain decimal string.</exception>
    public static DecimalAmount Parse(string text, Currency currency) =>
        TryParse(text, out DecimalAmount amount, out string? error) ? amount : throw new FormatException(Refusal(text, currency, error));

    /// <summary>The message of a refused amount text, the same wherever an amount is read: <c>'1,00' is not a USD amount: …</c>.</summary>
    public static string Refusal(string text, Currency currency, string reason)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return $"'{text}' is not a {currency.Code} amount: {reason}";
    }

    /// <summary>The amount in <paramref name="currency"/>.</summary>
    /// <exception cref="FormatException">It has more decimals than the currency allows, or does not fit in 64 bits of minor units.</exception>
    public Money In(Currency currency) =>
        TryIn(currency, out Money? money, out string? error) ? money : throw new FormatException(Refusal(ToString(), currency, error));

    /// <summary>Like <see cref="In"/>, returning false instead of throwing.</summary>
    public bool TryIn(Currency currency, [NotNullWhen(true)] out Money? money) => TryIn(currency, out money, out _);

    /// <summary>The text that was read: "12.50", "-0.05", "1000".</summary>
    public override string ToString()
    {
        string digits = (Units < 0 ? (ulong)(-(Units + 1)) + 1 : (ulong)Units).ToString(CultureInfo.InvariantCulture);
        string sign = Units < 0 ? "-" : string.Empty;
        if (Decimals == 0)
        {
            return sign + digits;
        }

        digits = digits.PadLeft(Decimals + 1, '0');
        return $"{sign}{digits[..^Decimals]}.{digits[^Decimals..]}";
    }

    /// <summary>Returns null on success, else why the text was refused (the currency-free rules of <see cref="Money.Parse"/>).</summary>
    internal static string? TryParseCore(ReadOnlySpan<char> text, out DecimalAmount amount)
    {
        amount = default;
        ReadOnlySpan<char> rest = text;
        bool negative = rest.StartsWith('-');
        if (negative)
        {
            rest = rest[1..];
        }

        int dot = rest.IndexOf('.');
        ReadOnlySpan<char> whole = dot < 0 ? rest : rest[..dot];
        ReadOnlySpan<char> fraction = dot < 0 ? [] : rest[(dot + 1)..];
        if (whole.IsEmpty)
        {
            return "digits are required before the decimal point";
        }

        if (!IsAsciiDigits(whole) || !IsAsciiDigits(fraction))
        {
            return "only ASCII digits, one leading '-' and one '.' are allowed";
        }

        if (whole.Length > 1 && whole[0] == '0')
        {
            return "leading zeros are not allowed";
        }

        if (dot >= 0 && fraction.IsEmpty)
        {
            return "digits are required after the decimal point";
        }

        // Past 64 bits in any currency: the decimals only ever scale an amount up to its minor units.
        ulong magnitude = 0;
        if (!TryAppendDigits(whole, ref magnitude) || !TryAppendDigits(fraction, ref magnitude))
        {
            return DoesNotFit;
        }

        if (negative && magnitude == 0)
        {
            return "negative zero is not an amount";
        }

        if (magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            return DoesNotFit;
        }

        amount = new DecimalAmount(negative ? unchecked((long)(0UL - magnitude)) : (long)magnitude, fraction.Length);
        return null;
    }

    /// <summary>The amount in <paramref name="currency"/>; false with the reason when the currency's rules refuse it.</summary>
    internal bool TryIn(Currency currency, [NotNullWhen(true)] out Money? money, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(currency);
        money = null;
        int exponent = currency.MinorUnitExponent;
        if (Decimals > exponent)
        {
            error = $"{currency.Code} allows at most {exponent} decimals";
            return false;
        }

        long minorUnits = Units;
        for (int i = Decimals; i < exponent; i++)
        {
            if (minorUnits > long.MaxValue / 10 || minorUnits < long.MinValue / 10)
            {
                error = DoesNotFit;
                return false;
            }

            minorUnits *= 10;
        }

        money = new Money(currency, minorUnits);
        error = null;
        return true;
    }

    private static bool TryAppendDigits(ReadOnlySpan<char> digits, ref ulong magnitude)
    {
        foreach (char digit in digits)
        {
            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                return false;
            }

            magnitude = (magnitude * 10) + (ulong)(digit - '0');
        }

        return true;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> text)
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
