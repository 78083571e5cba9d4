using System.Text;
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
        Assert.Equal(figures, parsed);
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
}
