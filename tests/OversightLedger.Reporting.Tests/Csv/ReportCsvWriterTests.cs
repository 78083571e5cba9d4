using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Csv;
using OversightLedger.Reporting.Figures;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Tests.TestSupport;
using Sylvan.Data.Csv;

namespace OversightLedger.Reporting.Tests.Csv;

/// <summary>The CSV file, read back with an independent RFC 4180 parser (Sylvan.Data.Csv).</summary>
public sealed class ReportCsvWriterTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_csv_parses_back_into_every_figure_of_the_report()
    {
        var history = new GeneratedHistory(seed: 21);
        WrittenLog log = await history.Ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(log.Storage, new ReportQuarter(2026, 4), log.Checkpoint, TestContext.Current.CancellationToken);
        byte[] csv = ReportCsvWriter.ToUtf8Bytes(report);

        List<ReportFigure> parsed = [];
        using (CsvDataReader reader = CsvDataReader.Create(new StringReader(Encoding.UTF8.GetString(csv)), new CsvDataReaderOptions { Delimiter = ',' }))
        {
            Assert.Equal(ReportCsvWriter.Columns, Enumerable.Range(0, reader.FieldCount).Select(reader.GetName));
            while (reader.Read())
            {
                parsed.Add(new ReportFigure(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetString(6), reader.GetString(7)));
            }
        }

        IReadOnlyList<ReportFigure> figures = ReportFigures.Flatten(report);
        Assert.Equal(figures.Select(f => f with { IsNumber = false }), parsed); // a CSV cell does not say whether it is a number
        Assert.Empty(ReportFigures.Compare(parsed, figures));
        Assert.Equal(figures.Count, figures.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count());

        ReportFigure available = parsed.Single(f => f.Path == "budget[budget=syria-eur][currency=EUR].atQuarterEnd.available");
        Assert.Equal(report.Budgets.Single(b => b.Budget == "syria-eur").AtQuarterEnd.Available.ToDecimalString(), available.Value);
        Assert.Equal(report.Checkpoint.SignedNote, parsed.Single(f => f.Metric == "signedNote").Value); // newlines survive quoting
        Assert.StartsWith("section,budget,program,sector,country,currency,metric,value\r\nreport,,,,,,format,", Encoding.UTF8.GetString(csv), StringComparison.Ordinal);
        int lineBreaksInValues = figures.Sum(f => f.Value.Count(c => c == '\n'));
        Assert.Equal(figures.Count + 1 + lineBreaksInValues, csv.Count(b => b == (byte)'\n'));
    }

    [Fact]
    public async Task Fields_with_commas_quotes_or_line_breaks_are_quoted_and_others_are_not()
    {
        var ledger = new ScenarioLedger();
        ledger.OpenBudget("b1", "EUR", "SY", "72010", 100, ScenarioLedger.Utc(2026, 10, 2));
        ledger.History.AddRaw("not, \"an\" entry"u8.ToArray());
        string log = _temp.File("log");
        WrittenLog written = await ledger.History.WriteAsync(log);
        QuarterlyReport report = await LogReportSource.BuildReportAsync(written.Storage, new ReportQuarter(2026, 4), written.Checkpoint, TestContext.Current.CancellationToken);

        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));

        Assert.Contains("\r\nbudget,b1,,,,EUR,donor,ECHO\r\n", csv, StringComparison.Ordinal);
        string reason = report.Uncounted.Single().Reason;
        Assert.Contains(",leaf[1].reason,\"" + reason.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_a_spreadsheet_would_run_as_a_formula_is_neutralised_and_numbers_stay_numbers()
    {
        const string Donor = "=cmd|' /C calc'!A0", Budget = "@budget", Program = "+program", Summary = "\tseen\r\n-1+1";
        var ledger = new ScenarioLedger();
        DateTimeOffset at = ScenarioLedger.Utc(2026, 10, 2);
        ledger.History.Add(new BudgetOpened("e-hostile", at, Budget, Donor, "72010", "SY", new Money(Currency.Parse("EUR"), 100_000), new NameSet([]), "-owner"));
        ledger.Receive(Budget, 100_000, at);
        ledger.AddTranche(Budget, "t1", 1_000, humanitarian: true, at, "b1");
        ledger.Verify(Budget, "t1", "b1", at);
        ledger.Release(Budget, "t1", 1_000, at, "b1");
        ledger.OpenProgram(Program, "EUR", at);
        ledger.List(Budget, Program, at);
        ledger.Enrol(Program, "HH-1", at);
        ulong paid = ledger.Disburse("d-1", Program, Budget, "t1", "HH-1", 2_250, "72010", at); // 22.50 of 10.00 released: -12.50 available
        ledger.History.Add(new FindingRaised("f-1", at, "watchdog-ti", "diversion", new NameSet([Budget]), new NameSet([Program]), [(long)paid], Summary));
        WrittenLog written = await ledger.History.WriteAsync(_temp.File("log"));
        QuarterlyReport report = await LogReportSource.BuildReportAsync(written.Storage, new ReportQuarter(2026, 4), written.Checkpoint, TestContext.Current.CancellationToken);
        IReadOnlyList<ReportFigure> figures = ReportFigures.Flatten(report);

        string csv = Encoding.UTF8.GetString(ReportCsvWriter.ToUtf8Bytes(report));

        List<string[]> rows = [];
        using (CsvDataReader reader = CsvDataReader.Create(new StringReader(csv), new CsvDataReaderOptions { Delimiter = ',' }))
        {
            while (reader.Read())
            {
                rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
            }
        }

        Assert.Equal(figures.Count, rows.Count);
        string[] donor = rows.Single(r => r[0] == "budget" && r[6] == "donor");
        Assert.Equal(["budget", "'" + Budget, "", "", "", "EUR", "donor", "'" + Donor], donor);
        Assert.Equal("'-owner", rows.Single(r => r[0] == "budget" && r[6] == "owner")[7]);
        Assert.Equal("'" + Summary, rows.Single(r => r[6] == "finding[f-1].summary")[7]);
        Assert.Equal("'" + Program, rows.Single(r => r[0] == "program" && r[6] == "agency")[2]);
        Assert.Equal("-12.50", rows.Single(r => r[0] == "budget" && r[6] == "atQuarterEnd.available")[7]);
        Assert.Contains(",atQuarterEnd.available,-12.50\r\n", csv, StringComparison.Ordinal);

        // Every cell that begins like a formula is a number figure's value, written as the report holds it.
        for (int i = 0; i < rows.Count; i++)
        {
            for (int column = 0; column < rows[i].Length; column++)
            {
                string cell = rows[i][column];
                if (cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal))
                {
                    Assert.True(column == 7 && figures[i].IsNumber && cell == figures[i].Value, $"row {i + 1}, column {column}: {cell}");
                }
            }
        }
    }
}
