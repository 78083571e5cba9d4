using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Cli.Tests.Replay;

/// <summary>
/// A small history around 2026-Q4 that keeps every ledger rule (so the rules' replay finds nothing), as the canonical
/// JSON lines <c>oversight log append</c> takes: a EUR budget with a released tranche, one program, five enrolled
/// beneficiaries, disbursements in September and in the quarter, one reversal.
/// </summary>
internal static class CleanHistory
{
    public const string Budget = "syria-2026";
    public const string Program = "cash-aleppo";
    private static readonly Currency Eur = Currency.Parse("EUR");
    private static readonly byte[] PseudonymKey = SHA256.HashData(Encoding.UTF8.GetBytes("replay tests"));

    public static IReadOnlyList<string> Lines(bool breakRingFence = false)
    {
        var entries = new List<LedgerEntry>
        {
            new BudgetOpened("open", At(9, 1), Budget, "ECHO", "72010", "SY", Eur100(1_000_000), ["diversion"], "donor-1"),
            new ProgramOpened("program", At(9, 1), Program, "agency-wfp", Eur100(150), CapPeriod.Month),
            new FundsReceived("funds-1", At(9, 2), Budget, Eur100(5_000), "TRF-001"),
            new TrancheAdded("tranche-t1", At(9, 3), Budget, "t1", Eur100(2_000), true, ["b1"]),
            new BenchmarkVerified("verify-b1", At(9, 4), Budget, "t1", "b1", "watchdog-ti", new string('a', 64), new DateOnly(2026, 9, 4)),
            new TrancheReleased("release-t1", At(9, 5), Budget, "t1", Eur100(2_000), ["b1"], "donor-1"),
        };
        if (!breakRingFence)
        {
            entries.Add(new ProgramEligible("eligible", At(9, 2), Budget, Program, "agency-wfp"));
        }

        for (int i = 0; i < 5; i++)
        {
            entries.Add(new BeneficiaryEnrolled($"enrol-{i}", At(9, 3), Program, Pseudonym(i)));
        }

        int n = 0;
        foreach ((int month, int day) in new[] { (9, 20), (10, 1), (10, 15), (11, 2), (12, 31) })
        {
            for (int i = 0; i < 5; i++)
            {
                DateTimeOffset at = At(month, day).AddMinutes(i);
                entries.Add(new Disbursed($"d-{n++}", at, Program, Budget, "t1", Pseudonym(i), new Money(Eur, 2_500 + (i * 100)), "72010", "cash",
                    PaymentPeriod.Of(CapPeriod.Month, at)));
            }
        }

        entries.Add(new Reversed("reverse-d-6", At(11, 3), "d-6", Program, Budget, "t1", new Money(Eur, 2_600), "returned by the bank"));
        entries.Add(new FundsReceived("funds-2", At(11, 4), Budget, Eur100(1_000), "TRF-002"));

        // Issue 15: a confirmed delivery and two partial reversals of one payment (1,000 then 500 of 2,800 minor units).
        entries.Add(new Delivered("delivered-d-7", At(11, 5), "d-7", Program, Budget, new Money(Eur, 2_700)));
        entries.Add(new Reversed("reverse-d-8-a", At(11, 6), "d-8", Program, Budget, "t1", new Money(Eur, 1_000), "returned"));
        entries.Add(new Reversed("reverse-d-8-b", At(11, 7), "d-8", Program, Budget, "t1", new Money(Eur, 500), "recovered"));
        return [.. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))];
    }

    /// <summary>
    /// Issue 16, after <see cref="Lines"/>: a vendor registered and screened clear is paid, then a later list version
    /// makes it a hit that compliance confirms (a <c>sanctioned-counterparty-paid</c> finding); with
    /// <paramref name="paidAfterConfirmation"/>, a payment to it follows the confirmation, which the grains would refuse.
    /// </summary>
    public static IReadOnlyList<string> SanctionedCounterpartyLines(string counterparty, bool paidAfterConfirmation = false)
    {
        NameSet listA = new(["OFAC-SDN:" + new string('a', 64)]), listB = new(["OFAC-SDN:" + new string('b', 64)]);
        string reason = new('c', 64);
        DateTimeOffset at = At(12, 31).AddHours(1);
        var entries = new List<LedgerEntry>
        {
            new CounterpartyRegistered(EntryIds.CounterpartyRegistered(counterparty), at, counterparty, "agency-wfp", Domain.Counterparties.CounterpartyKind.Vendor,
                Domain.Counterparties.CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(PseudonymKey), "Vendor Ltd")),
            new CounterpartyScreened(EntryIds.CounterpartyScreened(counterparty, listA), at, counterparty, listA, 0.31m, false, null),
            new Disbursed("d-vendor-1", at, Program, Budget, "t1", Pseudonym(0), new Money(Eur, 1_000), "72010", "voucher", "2026-12", counterparty),
            new CounterpartyScreened(EntryIds.CounterpartyScreened(counterparty, listB), at, counterparty, listB, 0.97m, true, "OFAC-SDN:306"),
            new ScreeningConfirmed(EntryIds.ScreeningReviewed(counterparty, listB), at, counterparty, "compliance:desk", listB, 0.97m, reason),
        };
        if (paidAfterConfirmation)
        {
            entries.Add(new Disbursed("d-vendor-2", at, Program, Budget, "t1", Pseudonym(1), new Money(Eur, 1_000), "72010", "voucher", "2026-12", counterparty));
        }

        return [.. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))];
    }

    /// <summary>
    /// Issue 16: the budget's country (SY) declared a sanctioned jurisdiction, a licence for purpose 72010 attached to the
    /// budget, and a payment inside it; with <paramref name="paidOutside"/>, a second payment for another purpose, which no
    /// licence covers (<c>unlicensed</c>).
    /// </summary>
    public static IReadOnlyList<string> LicenceLines(bool paidOutside = false)
    {
        DateTimeOffset at = At(12, 31).AddHours(2);
        var entries = new List<LedgerEntry>
        {
            new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned("SY", 0), at, "SY", "31 CFR part 542", "admin"),
            new LicenceRecorded(EntryIds.LicenceRecorded("gl-25"), at, "gl-25", "OFAC", "OFAC GL 25", ["SY"], ["72010"], [], [], At(12, 1), At(12, 31).AddDays(90), "admin"),
            new LicenceAttached(EntryIds.LicenceAttached(Budget, "gl-25"), at, "gl-25", Budget, "donor-1"),
            new Disbursed("d-lic-1", at, Program, Budget, "t1", Pseudonym(2), new Money(Eur, 1_000), "72010", "voucher", "2026-12"),
        };
        if (paidOutside)
        {
            entries.Add(new Disbursed("d-lic-2", at, Program, Budget, "t1", Pseudonym(3), new Money(Eur, 1_000), "12220", "voucher", "2026-12"));
        }

        return [.. entries.Select(e => Encoding.UTF8.GetString(e.ToCanonicalJson()))];
    }

    /// <summary>Entries after the quarter: the log grows after the report was computed.</summary>
    public static IReadOnlyList<string> LaterLines() =>
    [
        Encoding.UTF8.GetString(new FundsReceived("funds-3", new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero), Budget, Eur100(10), "TRF-003").ToCanonicalJson()),
    ];

    private static DateTimeOffset At(int month, int day) => new(2026, month, day, 9, 0, 0, TimeSpan.Zero);

    private static Money Eur100(long euros) => new(Eur, euros * 100);

    private static BeneficiaryPseudonym Pseudonym(int i) => BeneficiaryPseudonym.Derive(PseudonymKey, $"HH-{i}");
}
