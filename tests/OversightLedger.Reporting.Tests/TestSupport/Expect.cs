using System.Globalization;

namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>Expected values written independently of the code under test.</summary>
internal static class Expect
{
    /// <summary>Minor units as a decimal string with <paramref name="decimals"/> decimals, by decimal arithmetic.</summary>
    public static string Amount(long minorUnits, int decimals)
    {
        decimal value = minorUnits / (decimal)Math.Pow(10, decimals);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Cents as a two-decimal string.</summary>
    public static string Cents(long cents) => Amount(cents, 2);
}
