using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Money;

/// <summary>
/// An ISO 4217 currency: its alphabetic code and its minor-unit exponent (the number of decimals an amount may have).
/// Only the active codes of the embedded table are known; any other code is refused.
/// </summary>
/// <remarks>
/// The table is ISO 4217 list one as in force in 2026, minus the entries whose minor unit is "N.A." (precious metals,
/// SDR, bond-market and testing units: they are not money a program disburses). Withdrawn codes (for example HRK,
/// SLL, CUC, ZWL, BGN after Bulgaria's euro adoption on 2026-01-01, ANG after the Caribbean guilder XCG replaced it)
/// are not known. A code, once added, must never be removed: entries that name it stay in the log forever.
/// </remarks>
public sealed record Currency
{
    private static readonly FrozenDictionary<string, Currency> Table = BuildTable();

    /// <summary>The same table looked up by characters, so that a parser need not allocate the code's string.</summary>
    private static readonly FrozenDictionary<string, Currency>.AlternateLookup<ReadOnlySpan<char>> TableByChars =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    private Currency(string code, int minorUnitExponent)
    {
        Code = code;
        MinorUnitExponent = minorUnitExponent;
    }

    /// <summary>The three upper-case letters of the ISO 4217 alphabetic code, e.g. <c>EUR</c>.</summary>
    public string Code { get; }

    /// <summary>The number of decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD, 4 for CLF.</summary>
    public int MinorUnitExponent { get; }

    /// <summary>Every currency the table knows, ordered by code.</summary>
    public static IReadOnlyList<Currency> All { get; } = [.. Table.Values.OrderBy(c => c.Code, StringComparer.Ordinal)];

    /// <summary>Returns the currency with this ISO 4217 alphabetic code (exactly three upper-case letters).</summary>
    /// <exception cref="FormatException">The code is not an active ISO 4217 code of the table.</exception>
    public static Currency Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return TryParse(code, out Currency? currency)
            ? currency
            : throw new FormatException($"'{code}' is not an active ISO 4217 currency code (three upper-case letters, e.g. EUR)");
    }

    /// <summary>Looks up an ISO 4217 alphabetic code; false when the code is unknown (including lower-case spellings).</summary>
    public static bool TryParse([NotNullWhen(true)] string? code, [NotNullWhen(true)] out Currency? currency)
    {
        currency = null;
        return code is not null && Table.TryGetValue(code, out currency);
    }

    /// <summary>Like <see cref="TryParse(string?, out Currency?)"/>, for a code held in characters (no string is allocated).</summary>
    internal static bool TryParse(ReadOnlySpan<char> code, [NotNullWhen(true)] out Currency? currency) =>
        TableByChars.TryGetValue(code, out currency);

    /// <summary>The alphabetic code.</summary>
    public override string ToString() => Code;

    private static FrozenDictionary<string, Currency> BuildTable()
    {
        const string twoDecimals =
            "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW " +
            "CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF " +
            "IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK " +
            "MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP " +
            "SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER " +
            "ZAR ZMW ZWG";
        const string noDecimals = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
        const string threeDecimals = "BHD IQD JOD KWD LYD OMR TND";
        const string fourDecimals = "CLF UYW";

        Dictionary<string, Currency> table = new(StringComparer.Ordinal);
        foreach ((string codes, int exponent) in new[] { (twoDecimals, 2), (noDecimals, 0), (threeDecimals, 3), (fourDecimals, 4) })
        {
            foreach (string code in codes.Split(' '))
            {
                table.Add(code, new Currency(code, exponent));
            }
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
