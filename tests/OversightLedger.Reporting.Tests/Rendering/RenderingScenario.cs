using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>
/// One 2026-Q4 history for the renderers' tests, written to a real signed tlog-tiles log, cosigned by a witness, and
/// reported on by <see cref="LogReportSource"/>: two budgets in two currencies (one with humanitarian and
/// non-humanitarian tranches, an exemption nearing its sunset, a snap-back; one with a tranche still awaiting a
/// benchmark), three programs (one whose id holds markup), disbursements before, within and after the quarter, a
/// reversal, and findings — one whose summary holds a <c>&lt;script&gt;</c>.
/// </summary>
internal sealed class RenderingScenario
{
    public const string ScriptSummary = "<script>alert('pwned')</script> paid twice & \"more\"";
    public const string MarkupProgram = "food-<b>idlib</b>";
    public const string WitnessName = "watchdog-ti.example";

    private static readonly Lazy<Task<RenderingScenario>> Shared = new(CreateAsync);

    private RenderingScenario(QuarterlyReport report, string verifierKey, IReadOnlyDictionary<string, long> expectedMinorUnits)
    {
        Report = report;
        VerifierKey = verifierKey;
        ExpectedMinorUnits = expectedMinorUnits;
    }

    /// <summary>The quarter reported on.</summary>
    public static ReportQuarter Quarter { get; } = new(2026, 4);

    /// <summary>The report, computed from the log.</summary>
    public QuarterlyReport Report { get; }

    /// <summary>The log's verifier key.</summary>
    public string VerifierKey { get; }

    /// <summary>
    /// Sums the scenario wrote within the quarter, by plain arithmetic on its own amounts, independent of the report
    /// builder: <c>received:BUDGET</c>, <c>released:BUDGET</c>, <c>net:BUDGET</c>, <c>payments:BUDGET</c>.
    /// </summary>
    public IReadOnlyDictionary<string, long> ExpectedMinorUnits { get; }

    /// <summary>The scenario, built once per test run.</summary>
    public static Task<RenderingScenario> GetAsync() => Shared.Value;

    private static async Task<RenderingScenario> CreateAsync()
    {
        var ledger = new ScenarioLedger();
        Dictionary<string, long> expected = new(StringComparer.Ordinal);
        void Count(string key, long amount) => expected[key] = expected.GetValueOrDefault(key) + amount;

        DateTimeOffset august = Utc(2026, 8, 1);
        ledger.OpenBudget("syria-eur", "EUR", "SY", "72010", 60_000_000, august, "diversion");
        ledger.OpenProgram("cash-aleppo", "EUR", august);
        ledger.OpenProgram(MarkupProgram, "EUR", august, agency: "agency-unicef");
        ledger.List("syria-eur", "cash-aleppo", august);
        ledger.List("syria-eur", MarkupProgram, august);
        ledger.Receive("syria-eur", 30_000_000, Utc(2026, 8, 2));
        ledger.AddTranche("syria-eur", "t1-humanitarian", 20_000_000, true, Utc(2026, 8, 3), "b1");
        ledger.AddTranche("syria-eur", "t2-recovery", 15_000_000, false, Utc(2026, 8, 3), "b2", "b3");
        ledger.Verify("syria-eur", "t1-humanitarian", "b1", Utc(2026, 8, 5));
        ledger.Release("syria-eur", "t1-humanitarian", 20_000_000, Utc(2026, 8, 10), "b1");
        for (int i = 0; i < 12; i++)
        {
            ledger.Enrol("cash-aleppo", $"aleppo-{i}", Utc(2026, 8, 12));
            ledger.Enrol(MarkupProgram, $"idlib-{i}", Utc(2026, 8, 12));
        }

        ledger.Disburse("d-q3", "cash-aleppo", "syria-eur", "t1-humanitarian", "aleppo-0", 10_000, "72010", Utc(2026, 9, 20));

        ledger.OpenBudget("yemen-usd", "USD", "YE", "72040", 9_000_000, Utc(2026, 10, 1, 9));
        ledger.OpenProgram("cash-aden", "USD", Utc(2026, 10, 1, 9));
        ledger.List("yemen-usd", "cash-aden", Utc(2026, 10, 1, 9));
        ledger.AddTranche("yemen-usd", "u1", 4_000_000, false, Utc(2026, 10, 1, 10), "ub1");
        ledger.AddTranche("yemen-usd", "u2", 5_000_000, false, Utc(2026, 10, 1, 10), "ub2");
        for (int i = 0; i < 6; i++)
        {
            ledger.Enrol("cash-aden", $"aden-{i}", Utc(2026, 10, 2));
        }

        ledger.Receive("yemen-usd", 4_500_000, Utc(2026, 10, 3));
        Count("received:yemen-usd", 4_500_000);
        ledger.Verify("yemen-usd", "u1", "ub1", Utc(2026, 10, 4));
        ledger.Release("yemen-usd", "u1", 4_000_000, Utc(2026, 10, 5), "ub1");
        Count("released:yemen-usd", 4_000_000);
        ledger.Receive("syria-eur", 12_500_050, Utc(2026, 10, 6));
        Count("received:syria-eur", 12_500_050);
        ledger.AddTranche("syria-eur", "t3-winter", 5_000_000, true, Utc(2026, 10, 6), "b4");
        ledger.Verify("syria-eur", "t3-winter", "b4", Utc(2026, 10, 7));
        ledger.Release("syria-eur", "t3-winter", 5_000_000, Utc(2026, 10, 8), "b4");
        Count("released:syria-eur", 5_000_000);

        int payment = 0;
        void Pay(string program, string budget, string tranche, string reference, long amount, string sector, DateTimeOffset at)
        {
            ledger.Disburse($"d-{payment++}", program, budget, tranche, reference, amount, sector, at);
            Count($"net:{budget}", amount);
            Count($"payments:{budget}", 1);
        }

        for (int month = 10; month <= 12; month++)
        {
            for (int i = 0; i < 4; i++)
            {
                Pay("cash-aleppo", "syria-eur", "t1-humanitarian", $"aleppo-{i + month - 10}", 12_345 + (i * 1_000) + (month * 7), "72010", Utc(2026, month, 3 + i, 10));
                Pay(MarkupProgram, "syria-eur", "t1-humanitarian", $"idlib-{i}", 9_999 + (month * 11), "72040", Utc(2026, month, 8 + i, 11));
                Pay("cash-aden", "yemen-usd", "u1", $"aden-{i}", 20_000 + (i * 250), "72040", Utc(2026, month, 12 + i, 9));
            }
        }

        // d-3 is cash-aleppo's second payment of October: 12,345 + 1 × 1,000 + 10 × 7.
        ledger.Reverse("d-3", "cash-aleppo", "syria-eur", "t1-humanitarian", 12_345 + 1_000 + 70, Utc(2026, 10, 20));
        Count("net:syria-eur", -(12_345 + 1_000 + 70));

        ledger.Verify("syria-eur", "t2-recovery", "b2", Utc(2026, 11, 2));
        ledger.Verify("syria-eur", "t2-recovery", "b3", Utc(2026, 11, 3));
        ledger.Release("syria-eur", "t2-recovery", 15_000_000, Utc(2026, 11, 5), "b2", "b3");
        Count("released:syria-eur", 15_000_000);
        ledger.GrantExemption("syria-eur", "ex-cash-2026", Utc(2026, 11, 6), Utc(2027, 1, 20));

        ulong raised = ledger.History.Add(new FindingRaised(
            "f-script", Utc(2026, 11, 20), "watchdog-ti", "diversion", ["syria-eur"], [MarkupProgram], [5, 6], ScriptSummary));
        ledger.DisputeFinding("f-script", Utc(2026, 11, 22));
        ledger.ResolveFinding("f-script", FindingOutcome.Confirmed, Utc(2026, 12, 1));
        ledger.Freeze("syria-eur", Utc(2026, 12, 1, 13), "f-script");
        ledger.Unfreeze("syria-eur", Utc(2026, 12, 15));
        ledger.RaiseFinding("f-open", Utc(2026, 12, 20), "yemen-usd", "cash-aden", (long)raised);

        ledger.Disburse("d-2027", "cash-aden", "yemen-usd", "u1", "aden-0", 777, "72040", Utc(2027, 1, 3));

        using var temp = new TemporaryDirectory();
        WrittenLog log = await ledger.History.WriteAsync(temp.File("log"), batchSize: 50);
        ReportCheckpoint checkpoint = Cosign(log);
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Quarter, checkpoint);
        return new RenderingScenario(report, log.VerifierKey, expected);
    }

    /// <summary>Adds a witness's cosignature to the log's checkpoint, as a watchdog would before a report cites it.</summary>
    private static ReportCheckpoint Cosign(WrittenLog log)
    {
        SignedCheckpoint signed = SignedCheckpoint.Open(
            System.Text.Encoding.UTF8.GetBytes(log.Checkpoint.SignedNote), new NoteVerifier(log.VerifierKey));
        using var witness = new Cosigner(WitnessName, System.Security.Cryptography.SHA256.HashData("report tests witness seed"u8));
        NoteSignature cosignature = witness.Sign(signed.Checkpoint, timestamp: 1_798_761_600); // 2027-01-01T00:00:00Z
        return ReportCheckpoint.From(signed.WithSignature(cosignature));
    }
}
