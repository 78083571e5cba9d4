using System.Globalization;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Building;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Json;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Replay;
using OversightLedger.Reporting.Tests.TestSupport;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>
/// Issue 17, item 3: the builder keeps nothing per disbursement; a reversal or a delivery finds the disbursement it names
/// through an id index and reads it back (from the batch in hand or the log). Each report is computed three ways — the
/// server's (<see cref="LogReportSource.BuildReportAsync"/>: the builder's own index), <c>oversight replay</c>'s
/// (<see cref="ReportReplay.ReplayAsync"/>: the replay's index) and a builder fed directly (every disbursement in memory)
/// — and they must agree with each other and with figures the test adds up from what it wrote.
/// </summary>
public sealed class EarlierDisbursementReportTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private static readonly string[] Sectors = ["11110", "12220", "31120", "72010", "72040"];
    private readonly TemporaryDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reversals_and_deliveries_of_disbursements_from_earlier_batches_and_quarters_count_against_their_own_sector()
    {
        const int Households = 2_500;
        var random = new Random(17_03);
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 7, 2), aug = Utc(2026, 8, 3), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5), dec = Utc(2026, 12, 7);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 100_000_000_00, q3);
        ledger.Receive("b-eur", 100_000_000_00, q3);
        ledger.AddTranche("b-eur", "t1", 100_000_000_00, true, q3);
        ledger.Release("b-eur", "t1", 100_000_000_00, q3);
        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-eur", "p-cash", q3);
        for (int h = 0; h < Households; h++)
        {
            ledger.Enrol("p-cash", "household-" + h, q3);
        }

        // Every household is paid in August (the quarter before) and in October, each payment in a sector of its own.
        var paid = new List<(string Id, string Sector, long Amount, bool InQuarter)>();
        foreach ((string month, DateTimeOffset at) in new[] { ("aug", aug), ("oct", oct) })
        {
            for (int h = 0; h < Households; h++)
            {
                string id = $"d-{month}-{h}", sector = Sectors[random.Next(Sectors.Length)];
                long amount = random.Next(1_00, 500_00);
                ledger.Disburse(id, "p-cash", "b-eur", "t1", "household-" + h, amount, sector, at);
                paid.Add((id, sector, amount, at >= Q4.Start));
            }
        }

        // In November and December (thousands of leaves, several parse batches later): reversals, partial ones adding up
        // to all that was paid, and deliveries of what is left, of payments from both quarters.
        var expected = new Dictionary<string, (long Disbursed, long Reversed, long Delivered)>(StringComparer.Ordinal);
        foreach ((string _, string sector, long amount, bool inQuarter) in paid.Where(p => p.InQuarter))
        {
            expected[sector] = Add(expected.GetValueOrDefault(sector), amount, 0, 0);
        }

        long reversedInQuarter = 0, deliveredInQuarter = 0;
        var reversedInFull = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string id, string sector, long amount, bool _) in paid.Where(_ => random.Next(4) == 0))
        {
            reversedInFull.Add(id);
            long first = amount / 3, second = amount - first;
            ledger.Reverse(id, "p-cash", "b-eur", "t1", first, nov, "failed");
            ledger.Reverse(id, "p-cash", "b-eur", "t1", second, dec, "returned");
            expected[sector] = Add(expected.GetValueOrDefault(sector), 0, amount, 0);
            reversedInQuarter += amount;
        }

        foreach ((string id, string sector, long amount, bool _) in paid.Where(_ => random.Next(5) == 0))
        {
            ledger.Deliver(id, "p-cash", "b-eur", amount, dec);
            // A payment reversed in full above has nothing left to deliver: the delivery is not counted.
            if (!reversedInFull.Contains(id))
            {
                expected[sector] = Add(expected.GetValueOrDefault(sector), 0, 0, amount);
                deliveredInQuarter += amount;
            }
        }

        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"), batchSize: 1_000);
        Assert.True(log.Checkpoint.Size > 2 * 4_096, "the history spans several parse batches");

        QuarterlyReport report = await AgreedReportAsync(ledger.History, log);

        Assert.All(report.Uncounted, u => Assert.Equal(nameof(Delivered), u.Kind));
        Assert.Equal(
            expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, Euros(e.Value.Disbursed), Euros(e.Value.Reversed), Euros(e.Value.Delivered))),
            report.Sectors.Select(s => (s.Sector, s.InQuarter.Disbursed.ToDecimalString(), s.InQuarter.Reversed.ToDecimalString(), s.InQuarter.Delivered.ToDecimalString())));
        BudgetReport budget = Assert.Single(report.Budgets);
        Assert.Equal((Euros(reversedInQuarter), Euros(deliveredInQuarter)), (budget.InQuarter.Reversed.ToDecimalString(), budget.InQuarter.Delivered.ToDecimalString()));
    }

    [Fact]
    public async Task A_reversal_or_delivery_names_the_first_counted_disbursement_with_its_id_and_nothing_else()
    {
        var ledger = new ScenarioLedger();
        DateTimeOffset q3 = Utc(2026, 8, 1), oct = Utc(2026, 10, 5), nov = Utc(2026, 11, 5), jan = Utc(2027, 1, 10);
        ledger.OpenBudget("b-eur", "EUR", "SY", "72010", 10_000_00, q3);
        ledger.Receive("b-eur", 10_000_00, q3);
        ledger.AddTranche("b-eur", "t1", 10_000_00, true, q3);
        ledger.Release("b-eur", "t1", 10_000_00, q3);
        ledger.OpenProgram("p-cash", "EUR", q3);
        ledger.List("b-eur", "p-cash", q3);
        ledger.Enrol("p-cash", "household-1", q3);

        // Paid before its program was opened: not counted, so its later reversal and delivery are not either, although
        // by then the program is open.
        ledger.Disburse("d-early", "p-late", "b-eur", "t1", "household-1", 40_00, "11110", oct);
        ledger.OpenProgram("p-late", "EUR", oct);
        ledger.List("b-eur", "p-late", oct);
        ulong earlyReversal = ledger.Reverse("d-early", "p-late", "b-eur", "t1", 10_00, nov);
        ulong earlyDelivery = ledger.Deliver("d-early", "p-late", "b-eur", 10_00, nov);

        // The same id twice: the reversal is of the first payment (sector 12220, 100.00), as the rules' replay has it.
        ledger.Disburse("d-twice", "p-cash", "b-eur", "t1", "household-1", 100_00, "12220", oct);
        ledger.Disburse("d-twice", "p-cash", "b-eur", "t1", "household-1", 50_00, "31120", oct);
        ledger.Reverse("d-twice", "p-cash", "b-eur", "t1", 80_00, nov);

        // An id whose first entry is an enrolment, not a payment: nothing to reverse.
        ledger.History.Add(new BeneficiaryEnrolled("d-enrolment", q3, "p-cash", Pseudonym("household-2")));
        ledger.Disburse("d-enrolment", "p-cash", "b-eur", "t1", "household-2", 20_00, "72040", oct);
        ulong enrolmentReversal = ledger.Reverse("d-enrolment", "p-cash", "b-eur", "t1", 20_00, nov);

        // Paid after the quarter's end (leaf order is not time order here): not counted in the quarter, so neither is a
        // reversal of it recorded inside the quarter.
        ledger.Disburse("d-later", "p-cash", "b-eur", "t1", "household-1", 30_00, "72010", jan);
        ulong laterReversal = ledger.Reverse("d-later", "p-cash", "b-eur", "t1", 30_00, nov);

        // Reversed in full, then delivered: nothing is left to deliver.
        ledger.Disburse("d-full", "p-cash", "b-eur", "t1", "household-1", 25_00, "72010", oct);
        ledger.Reverse("d-full", "p-cash", "b-eur", "t1", 25_00, nov);
        ulong fullDelivery = ledger.Deliver("d-full", "p-cash", "b-eur", 1, nov);

        // Never paid at all.
        ulong unknown = ledger.Reverse("d-none", "p-cash", "b-eur", "t1", 1_00, nov);
        WrittenLog log = await ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await AgreedReportAsync(ledger.History, log);

        Assert.Equal(
            new ulong[] { earlyReversal, earlyDelivery, enrolmentReversal, laterReversal, fullDelivery, unknown }.Order(),
            report.Uncounted.Where(u => u.Kind is nameof(Reversed) or nameof(Delivered)).Select(u => u.Leaf).Order());
        Assert.Equal("80.00", Assert.Single(report.Sectors, s => s.Sector == "12220").InQuarter.Reversed.ToDecimalString());
        Assert.Equal("0.00", Assert.Single(report.Sectors, s => s.Sector == "31120").InQuarter.Reversed.ToDecimalString());
        Assert.Equal("0.00", Assert.Single(report.Sectors, s => s.Sector == "72040").InQuarter.Reversed.ToDecimalString());
        Assert.Equal(("105.00", 2L), (Assert.Single(report.Budgets).InQuarter.Reversed.ToDecimalString(), Assert.Single(report.Budgets).InQuarter.ReversalCount));
    }

    /// <summary>The report computed the three ways, which must be byte for byte the same; the replay's figures must agree too.</summary>
    private static async Task<QuarterlyReport> AgreedReportAsync(LedgerHistory history, WrittenLog log)
    {
        QuarterlyReport server = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, Ct);
        ReportReplayResult replay = await ReportReplay.ReplayAsync(log.Storage, Q4, log.Checkpoint, cancellationToken: Ct);
        var direct = new QuarterlyReportBuilder(Q4, log.Checkpoint);
        for (int i = 0; i < history.Leaves.Count; i++)
        {
            direct.Add((ulong)i, history.Leaves[i]);
        }

        byte[] json = ReportJsonWriter.ToUtf8Bytes(server);
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(replay.Recomputed));
        Assert.Equal(json, ReportJsonWriter.ToUtf8Bytes(direct.Build()));
        Assert.Empty(ReportFigures.Compare(server, replay.Recomputed));
        return server;
    }

    private static (long, long, long) Add((long Disbursed, long Reversed, long Delivered) sum, long disbursed, long reversed, long delivered) =>
        (sum.Disbursed + disbursed, sum.Reversed + reversed, sum.Delivered + delivered);

    private static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
