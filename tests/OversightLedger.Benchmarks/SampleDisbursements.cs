using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Benchmarks;

/// <summary>Typical <c>Disbursed</c> entries (~350 bytes once written), all different, for the entry benchmarks.</summary>
internal static class SampleDisbursements
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static Disbursed[] Create(int count)
    {
        Currency eur = Currency.Parse("EUR");
        byte[] secret = new byte[32];
        return [.. Enumerable.Range(0, count).Select(i => new Disbursed(
            $"disb-2026-11-{i:000000}", Noon.AddSeconds(i), $"program-{i % 50:00}", $"budget-{i % 10:00}", "tranche-1",
            BeneficiaryPseudonym.Derive(secret, $"AGY-{i:0000000}"), new Money(eur, 2_500 + (i * 137)), "72010", "cash", "2026-11"))];
    }
}
