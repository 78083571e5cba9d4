using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Disbursements shaped like the load harness's, for the sequencer's index benchmarks (<see cref="SequencerIndexSize"/>,
/// <see cref="SequencerIndexSnapshotSize"/>, <see cref="SequencerIndexCost"/>): ids <c>g-1a2b3c4d-{i % 16}-{i / 16}</c>,
/// one program of one budget, households <c>load-household-000001</c>, … under a zero key.
/// </summary>
internal static class LoadShapedDisbursements
{
    private const string BudgetId = "load-budget-1a2b3c4d";
    private const string ProgramId = "load-program-1a2b3c4d-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Currency Usd = Currency.Parse("USD");

    /// <summary><paramref name="count"/> households' pseudonyms.</summary>
    public static BeneficiaryPseudonym[] Households(int count) =>
        [.. Enumerable.Range(1, count).Select(i => BeneficiaryPseudonym.Derive(new byte[32], string.Create(CultureInfo.InvariantCulture, $"load-household-{i:D6}")))];

    /// <summary>The id of the <paramref name="i"/>th disbursement.</summary>
    public static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"g-1a2b3c4d-{i % 16}-{i / 16}");

    /// <summary>The canonical bytes of the <paramref name="i"/>th disbursement, to the <c>i % households.Length</c>th household.</summary>
    public static byte[] Entry(int i, BeneficiaryPseudonym[] households) =>
        new Disbursed(
            Id(i), Now, ProgramId, BudgetId, "t1", households[i % households.Length], new Money(Usd, 100), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, Now)).ToCanonicalJson();
}
