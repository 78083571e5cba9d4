using OversightLedger.Domain.Money;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Amounts for grain commands, read as the HTTP edge reads them (a test's text is always a decimal string).</summary>
internal static class Amounts
{
    public static DecimalAmount Of(string text) =>
        DecimalAmount.TryParse(text, out DecimalAmount amount, out string? error) ? amount : throw new ArgumentException(error, nameof(text));
}
