using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OversightLedger.Domain.Money;

/// <summary>
/// An amount of one currency held as a whole number of minor units (cents, fils, yen), so no binary floating point is
/// ever involved. Arithmetic is checked: an overflow throws rather than wraps, and mixing currencies throws.
/// </summary>
public sealed record Money : IComparable<Money>
{
    /// <summary>The most characters <see cref="ToDecimalString"/> writes: a sign, 20 digits and a '.'.</summary>
    internal const int MaxDecimalLength = 22;

    /// <summary>Creates an amount from minor units, e.g. <c>new Money(eur, 1250)</c> is 12.50 EUR.</summary>
    public Money(Currency currency, long minorUnits)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Currency = currency;
        MinorUnits = minorUnits;
    }

    /// <summary>The currency.</summary>
    public Currency Currency { get; }

    /// <summary>The amount in minor units of <see cref="Currency"/>.</summary>
    public long MinorUnits { get; }

    /// <summary>True when the amount is above zero.</summary>
    public bool IsPositive => MinorUnits > 0;

    /// <summary>True when the amount is below zero.</summary>
    public bool IsNegative => MinorUnits < 0;

    /// <summary>True when the amount is zero.</summary>
    public bool IsZero => MinorUnits == 0;

    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(currency, 0);

    /// <summary>
    /// Reads a plain decimal string: an optional leading '-', ASCII digits without leading zeros, and optionally '.' followed by
    /// one to <see cref="Currency.MinorUnitExponent"/> digits ("12.5" and "12.50" are both 1250 cents of EUR; "1000" is
    /// 1000 JPY).
    /// </summary>
    /// <exception cref="FormatException">
    /// The text is empty, has a '+' or a sign anywhere but first, white space, exponent notation, a separator other than
    /// one '.', leading zeros, a negative zero, more decimals than the currency allows, or does not fit in 64 bits.
    /// </exception>
    public static Money Parse(string text, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(currency);
        return TryParseCore(text, currency, out Money? money, out string? error) ? money : throw new FormatException(DecimalAmount.Refusal(text, currency, error));
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, Currency currency, [NotNullWhen(true)] out Money? money)
    {
        ArgumentNullException.ThrowIfNull(currency);
        money = null;
        return text is not null && TryParse(text.AsSpan(), currency, out money);
    }

    /// <summary>Like <see cref="TryParse(string?, Currency, out Money?)"/>, for a text held in characters (no string is allocated).</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, Currency currency, [NotNullWhen(true)] out Money? money)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return TryParseCore(text, currency, out money, out _);
    }

    /// <summary>The amount with exactly the currency's number of decimals and no code: "12.50", "-0.05", "1000" (JPY).</summary>
    public string ToDecimalString()
    {
        Span<char> text = stackalloc char[MaxDecimalLength];
        return new string(text[..FormatDecimal(text)]);
    }

    /// <summary>Writes <see cref="ToDecimalString"/> into <paramref name="destination"/> (at least <see cref="MaxDecimalLength"/> long); returns the length.</summary>
    internal int FormatDecimal(Span<char> destination)
    {
        ulong magnitude = MinorUnits < 0 ? (ulong)(-(MinorUnits + 1)) + 1 : (ulong)MinorUnits;
        Span<char> digits = stackalloc char[MaxDecimalLength];
        magnitude.TryFormat(digits, out int length, provider: CultureInfo.InvariantCulture);
        int exponent = Currency.MinorUnitExponent;
        int written = 0;
        if (MinorUnits < 0)
        {
            destination[written++] = '-';
        }

        if (exponent == 0)
        {
            digits[..length].CopyTo(destination[written..]);
            return written + length;
        }

        // The whole part ("0" when the amount is below one unit), '.', then exactly `exponent` decimals, zero-padded.
        int wholeLength = length - exponent;
        if (wholeLength > 0)
        {
            digits[..wholeLength].CopyTo(destination[written..]);
            written += wholeLength;
        }
        else
        {
            destination[written++] = '0';
        }

        destination[written++] = '.';
        int fractionDigits = Math.Min(length, exponent);
        destination.Slice(written, exponent - fractionDigits).Fill('0');
        written += exponent - fractionDigits;
        digits[(length - fractionDigits)..length].CopyTo(destination[written..]);
        return written + fractionDigits;
    }

    /// <summary>The decimal string followed by the code, e.g. "12.50 EUR".</summary>
    public override string ToString() => $"{ToDecimalString()} {Currency.Code}";

    /// <summary>The sum; throws when the currencies differ or the sum overflows.</summary>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The sum does not fit in 64 bits.</exception>
    public Money Add(Money other) => new(Currency, checked(MinorUnits + SameCurrency(other).MinorUnits));

    /// <summary>The difference; throws when the currencies differ or the difference overflows.</summary>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    /// <exception cref="OverflowException">The difference does not fit in 64 bits.</exception>
    public Money Subtract(Money other) => new(Currency, checked(MinorUnits - SameCurrency(other).MinorUnits));

    /// <summary>Orders amounts of the same currency.</summary>
    /// <exception cref="ArgumentException">The currencies differ.</exception>
    public int CompareTo(Money? other) => other is null ? 1 : MinorUnits.CompareTo(SameCurrency(other).MinorUnits);

    /// <summary>The sum (see <see cref="Add"/>).</summary>
    public static Money operator +(Money left, Money right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Add(right);
    }

    /// <summary>The difference (see <see cref="Subtract"/>).</summary>
    public static Money operator -(Money left, Money right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.Subtract(right);
    }

    /// <summary>The negated amount; throws for the one amount whose negation overflows.</summary>
    public static Money operator -(Money value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Money(value.Currency, checked(-value.MinorUnits));
    }

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <(Money left, Money right) => Compare(left, right) < 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >(Money left, Money right) => Compare(left, right) > 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator <=(Money left, Money right) => Compare(left, right) <= 0;

    /// <summary>Compares amounts of the same currency.</summary>
    public static bool operator >=(Money left, Money right) => Compare(left, right) >= 0;

    private static int Compare(Money left, Money right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.CompareTo(right);
    }

    private Money SameCurrency(Money other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.Currency == Currency
            ? other
            : throw new ArgumentException($"cannot combine {Currency.Code} with {other.Currency.Code}", nameof(other));
    }

    /// <summary>The currency-free grammar (<see cref="DecimalAmount"/>), then the currency's rules; else why the text was refused.</summary>
    private static bool TryParseCore(ReadOnlySpan<char> text, Currency currency, [NotNullWhen(true)] out Money? money, [NotNullWhen(false)] out string? error)
    {
        money = null;
        error = DecimalAmount.TryParseCore(text, out DecimalAmount amount);
        return error is null && amount.TryIn(currency, out money, out error);
    }
}
