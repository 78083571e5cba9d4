using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using OversightLedger.Transparency.Hashing;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.Building;

/// <summary>
/// A realistic history — three budgets in three currencies, four programs, hundreds of disbursements before, within
/// and after the quarter, reversals — written to a real signed log, then reported on; every figure is checked against
/// sums of the amounts the test generated.
/// </summary>
public sealed class QuarterlyReportBuilderTests : IDisposable
{
    private static readonly ReportQuarter Q4 = new(2026, 4);
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Every_figure_adds_up_from_the_generated_history()
    {
        var scenario = new GeneratedHistory(seed: 42);
        WrittenLog log = await scenario.Ledger.History.WriteAsync(_temp.File("log"), batchSize: 97);

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);
        Tally t = scenario.Tally;

        Assert.Equal(scenario.Ledger.History.Count, report.Coverage.EntriesRead);
        Assert.Equal(t.Count("entries:after"), (long)report.Coverage.EntriesAfterQuarter);
        Assert.Equal(t.Count("entries:in"), (long)report.Coverage.EntriesInQuarter);
        Assert.Equal(t.Count("entries:before"), (long)report.Coverage.EntriesBeforeQuarter);
        Assert.Equal(0UL, report.Coverage.UncountedEntries);

        Assert.Equal(["cash-aden", "cash-aleppo", "cash-khartoum", "food-idlib"], report.Programs.Select(p => p.Program));
        Assert.Equal(["sudan-jpy", "syria-eur", "yemen-usd"], report.Budgets.Select(b => b.Budget));
        foreach (BudgetReport budget in report.Budgets)
        {
            int d = GeneratedHistory.Decimals[budget.Budget];
            string b = budget.Budget;
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:q:received"), d), budget.InQuarter.Received.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:q:released"), d), budget.InQuarter.Released.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:q:disbursed"), d), budget.InQuarter.Disbursed.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:q:reversed"), d), budget.InQuarter.Reversed.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:q:disbursed") - t.Sum($"budget:{b}:q:reversed"), d), budget.InQuarter.NetDisbursed.ToDecimalString());
            Assert.Equal(t.Count($"budget:{b}:q:disbursed"), budget.InQuarter.DisbursementCount);
            Assert.Equal(t.Count($"budget:{b}:q:reversed"), budget.InQuarter.ReversalCount);

            long net = t.Sum($"budget:{b}:end:disbursed") - t.Sum($"budget:{b}:end:reversed");
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:end:received"), d), budget.AtQuarterEnd.Received.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:end:released"), d), budget.AtQuarterEnd.Released.ToDecimalString());
            Assert.Equal(Expect.Amount(net, d), budget.AtQuarterEnd.NetDisbursed.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"budget:{b}:end:released") - net, d), budget.AtQuarterEnd.Available.ToDecimalString());
            Assert.Equal(t.Count($"budget:{b}:end:disbursed"), budget.AtQuarterEnd.DisbursementCount);
        }

        foreach (ProgramReport program in report.Programs)
        {
            string p = program.Program;
            int d = program.Currency.MinorUnitExponent;
            Assert.Equal(Expect.Amount(t.Sum($"program:{p}:disbursed"), d), program.InQuarter.Disbursed.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum($"program:{p}:reversed"), d), program.InQuarter.Reversed.ToDecimalString());
            Assert.Equal(t.Count($"program:{p}:disbursed"), program.InQuarter.DisbursementCount);
            Assert.Equal(scenario.Reached[p].Count, program.BeneficiariesReached);
            Assert.Equal(t.Count($"program:{p}:enrolled"), program.BeneficiariesEnrolled);
            Assert.Equal([GeneratedHistory.BudgetOf[p]], program.Budgets);
        }

        Assert.Equal(t.Keys("sector:").Order(StringComparer.Ordinal), report.Sectors.Select(s => $"sector:{s.Sector}:{s.InQuarter.Currency.Code}"));
        foreach (SectorReport sector in report.Sectors)
        {
            string key = $"sector:{sector.Sector}:{sector.InQuarter.Currency.Code}";
            int d = sector.InQuarter.Currency.MinorUnitExponent;
            Assert.Equal(Expect.Amount(t.Sum(key + ":disbursed"), d), sector.InQuarter.Disbursed.ToDecimalString());
            Assert.Equal(Expect.Amount(t.Sum(key + ":reversed"), d), sector.InQuarter.Reversed.ToDecimalString());
        }

        Assert.Equal(["SD:JPY", "SY:EUR", "YE:USD"], report.Countries.Select(c => $"{c.Country}:{c.InQuarter.Currency.Code}"));
        foreach (CountryReport country in report.Countries)
        {
            string key = $"country:{country.Country}";
            int d = country.InQuarter.Currency.MinorUnitExponent;
            Assert.Equal(Expect.Amount(t.Sum(key + ":disbursed") - t.Sum(key + ":reversed"), d), country.InQuarter.NetDisbursed.ToDecimalString());
        }

        Assert.Equal(9, report.Months.Count);
        foreach (MonthReport month in report.Months)
        {
            string key = $"month:{month.Month}:{month.InQuarter.Currency.Code}";
            int d = month.InQuarter.Currency.MinorUnitExponent;
            Assert.Equal(Expect.Amount(t.Sum(key + ":disbursed"), d), month.InQuarter.Disbursed.ToDecimalString());
            Assert.Equal(t.Count(key + ":disbursed"), month.InQuarter.DisbursementCount);
        }

        Assert.Equal(["EUR", "JPY", "USD"], report.Totals.Select(x => x.Currency.Code));
        CurrencyTotals eur = report.Totals[0];
        Assert.Equal(1, eur.Budgets);
        Assert.Equal("1000000.00", eur.Pledged.ToDecimalString());
        Assert.Equal(Expect.Cents(t.Sum("budget:syria-eur:q:disbursed")), eur.InQuarter.Disbursed.ToDecimalString());
        Assert.Equal(report.Budgets.Single(b => b.Budget == "syria-eur").AtQuarterEnd, eur.AtQuarterEnd);
        CurrencyTotals jpy = report.Totals[1];
        long jpyNet = t.Sum("budget:sudan-jpy:end:disbursed") - t.Sum("budget:sudan-jpy:end:reversed");
        Assert.Equal(Expect.Amount(t.Sum("budget:sudan-jpy:end:released") - jpyNet, 0), jpy.AtQuarterEnd.Available.ToDecimalString());
    }

    [Fact]
    public async Task Transactions_cite_the_entries_behind_them_by_leaf_index_and_leaf_hash()
    {
        var scenario = new GeneratedHistory(seed: 7);
        IReadOnlyList<byte[]> leaves = scenario.Ledger.History.Leaves;
        WrittenLog log = await scenario.Ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        foreach (ReportTransaction transaction in report.Transactions)
        {
            Assert.Equal(Rfc6962.HashLeaf(leaves[(int)transaction.FirstLeaf]), transaction.FirstLeafHash);
            Assert.Equal(Rfc6962.HashLeaf(leaves[(int)transaction.LastLeaf]), transaction.LastLeafHash);
            Assert.True(transaction.FirstLeaf <= transaction.LastLeaf);
        }

        ReportTransaction[] disbursements = [.. report.Transactions.Where(x => x.Kind == ReportTransactionKind.Disbursements)];
        Assert.Equal(scenario.Tally.Keys("aggregate:").Count(), disbursements.Length);
        foreach (ReportTransaction aggregate in disbursements)
        {
            string key = $"aggregate:{aggregate.Budget}:{aggregate.Program}:{aggregate.Month}";
            Assert.Equal(scenario.Tally.Count(key), aggregate.EntryCount);
            Assert.Equal(scenario.Tally.Sum(key), aggregate.Value.MinorUnits);
            Assert.Equal((ulong)scenario.Tally.Min(key + ":leaf"), aggregate.FirstLeaf);
            Assert.Equal((ulong)scenario.Tally.Max(key + ":leaf"), aggregate.LastLeaf);
            Assert.Equal(3, aggregate.IatiTransactionType);
        }

        Assert.All(report.Transactions.Where(x => x.Kind == ReportTransactionKind.Reversals), r => Assert.True(r.Value.IsNegative));
        ReportTransaction[] incoming = [.. report.Transactions.Where(x => x.Kind == ReportTransactionKind.IncomingFunds)];
        Assert.Equal(scenario.Tally.Count("incoming"), incoming.Length);
        Assert.All(incoming, x => Assert.Equal((1, x.FirstLeaf, 1), (x.EntryCount, x.LastLeaf, x.IatiTransactionType)));
        ReportTransaction[] commitments = [.. report.Transactions.Where(x => x.Kind == ReportTransactionKind.Commitment)];
        Assert.Equal(["j1", "u1"], commitments.Select(c => c.Tranche).Order(StringComparer.Ordinal));
        Assert.All(commitments, c => Assert.Equal(2, c.IatiTransactionType));
        Assert.Equal(
            report.Transactions.OrderBy(x => x.Budget, StringComparer.Ordinal).ThenBy(x => x.FirstLeaf).Select(x => x.FirstLeaf),
            report.Transactions.Select(x => x.FirstLeaf));
    }

    [Fact]
    public async Task Tranches_show_status_release_and_the_verifications_each_release_relied_on()
    {
        var scenario = new GeneratedHistory(seed: 3);
        WrittenLog log = await scenario.Ledger.History.WriteAsync(_temp.File("log"));

        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, Q4, log.Checkpoint, TestContext.Current.CancellationToken);

        BudgetReport syria = report.Budgets.Single(b => b.Budget == "syria-eur");
        Assert.Equal(["t1", "t2"], syria.Tranches.Select(t => t.Tranche));
        TrancheReport t1 = syria.Tranches[0];
        Assert.Equal(TrancheStatus.Released, t1.Status);
        Assert.True(t1.Humanitarian);
        Assert.Equal(scenario.Leaf["release:t1"], t1.ReleaseLeaf);
        Assert.Equal(GeneratedHistory.Q3Release, t1.ReleasedAt);
        Assert.Equal(Donor, t1.ReleasedBy);
        BenchmarkVerificationReport relied = Assert.Single(t1.Verifications);
        Assert.Equal(("b1", scenario.Leaf["verify:b1"]), (relied.Benchmark, relied.Leaf));
        Assert.Equal(64, relied.EvidenceSha256.Length);
        Assert.Equal(Expect.Cents(scenario.Tally.Sum("tranche:t1:end")), t1.NetDisbursed.ToDecimalString());

        TrancheReport t2 = syria.Tranches[1];
        Assert.Equal(TrancheStatus.AwaitingBenchmarks, t2.Status);
        Assert.False(t2.Humanitarian);
        Assert.Null(t2.ReleasedAt);
        Assert.Null(t2.ReleaseLeaf);
        Assert.Equal("0.00", t2.Released.ToDecimalString());
        Assert.Equal(["b2"], t2.Verifications.Select(v => v.Benchmark));

        TrancheReport k1 = report.Budgets.Single(b => b.Budget == "yemen-usd").Tranches.Single(t => t.Tranche == "k1");
        Assert.Equal(TrancheStatus.Ready, k1.Status);
    }

    [Fact]
    public async Task Leaves_must_come_in_order_and_all_of_them_before_Build()
    {
        var scenario = new GeneratedHistory(seed: 1);
        WrittenLog log = await scenario.Ledger.History.WriteAsync(_temp.File("log"));
        var builder = new Reporting.Building.QuarterlyReportBuilder(Q4, log.Checkpoint);

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(1, scenario.Ledger.History.Leaves[1]));
        builder.Add(0, scenario.Ledger.History.Leaves[0]);
        InvalidOperationException early = Assert.Throws<InvalidOperationException>(builder.Build);
        Assert.Contains("1 leaves were added", early.Message, StringComparison.Ordinal);
    }
}
