using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;

namespace OversightLedger.Reporting.Tests;

/// <summary>
/// The donors' HTML page of a report computed from a real log, read as text: every budget, program and figure is
/// there, text from the log is escaped, the verification commands are exact, and nothing is loaded from elsewhere.
/// (<see cref="HtmlReportBrowserTests"/> opens the same page in a real browser.)
/// </summary>
public sealed partial class HtmlReportWriterTests
{
    internal const string BaseUrl = "https://ledger.example.org/";

    [Fact]
    public async Task Every_budget_program_sector_country_and_month_appears_with_its_figures()
    {
        (RenderingScenario scenario, string html) = await RenderAsync();
        QuarterlyReport report = scenario.Report;

        foreach (BudgetReport budget in report.Budgets)
        {
            string row = TableRow(html, "budgets-table", budget.Budget);
            Assert.Contains(Grouped(budget.Pledged) + " " + budget.Currency.Code, row, StringComparison.Ordinal);
            Assert.Contains(Cell(Grouped(budget.InQuarter.Received)), row, StringComparison.Ordinal);
            Assert.Contains(Cell(Grouped(budget.InQuarter.Released)), row, StringComparison.Ordinal);
            Assert.Contains(Cell(Grouped(budget.InQuarter.NetDisbursed)), row, StringComparison.Ordinal);
            Assert.Contains(Cell(Grouped(budget.AtQuarterEnd.Available)), row, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(budget.Donor), row, StringComparison.Ordinal);
        }

        foreach (ProgramReport program in report.Programs)
        {
            string row = TableRow(html, "programs-table", program.Program);
            Assert.Contains(WebUtility.HtmlEncode(program.Agency), row, StringComparison.Ordinal);
            Assert.Contains(Grouped(program.InQuarter.Disbursed) + " " + program.Currency.Code, row, StringComparison.Ordinal);
            Assert.Contains(Cell(Grouped(program.InQuarter.NetDisbursed)), row, StringComparison.Ordinal);
            Assert.Contains(Cell(program.InQuarter.DisbursementCount.ToString(CultureInfo.InvariantCulture)), row, StringComparison.Ordinal);
            string reached = TableRow(html, "beneficiaries-table", program.Program);
            Assert.Contains(Cell(program.BeneficiariesReached.ToString(CultureInfo.InvariantCulture)), reached, StringComparison.Ordinal);
        }

        Assert.Contains($">{report.Programs.Sum(p => p.BeneficiariesReached)}</strong>", html, StringComparison.Ordinal);
        foreach (SectorReport sector in report.Sectors)
        {
            Assert.Contains(Cell(Grouped(sector.InQuarter.NetDisbursed)), TableRow(html, "sectors-table", sector.Sector, sector.InQuarter.Currency.Code), StringComparison.Ordinal);
        }

        foreach (CountryReport country in report.Countries)
        {
            Assert.Contains(Cell(Grouped(country.InQuarter.Disbursed)), TableRow(html, "countries-table", country.Country), StringComparison.Ordinal);
        }

        foreach (MonthReport month in report.Months)
        {
            Assert.Contains(Cell(Grouped(month.InQuarter.NetDisbursed)), TableRow(html, "months-table", month.Month, month.InQuarter.Currency.Code), StringComparison.Ordinal);
        }

        foreach (CurrencyTotals totals in report.Totals)
        {
            Assert.Contains(Cell(Grouped(totals.InQuarter.NetDisbursed)), TableRow(html, "totals-table", totals.Currency.Code), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tranches_show_the_benchmark_verifications_behind_each_release()
    {
        (RenderingScenario scenario, string html) = await RenderAsync();

        List<TrancheReport> tranches = [.. scenario.Report.Budgets.SelectMany(b => b.Tranches)];
        Assert.Contains(tranches, t => t.Status == TrancheStatus.AwaitingBenchmarks);
        foreach (TrancheReport tranche in tranches)
        {
            Assert.Contains($"<code>{WebUtility.HtmlEncode(tranche.Tranche)}</code>", html, StringComparison.Ordinal);
            foreach (BenchmarkVerificationReport verification in tranche.Verifications)
            {
                string row = TableRow(html, "verifications", tranche.Tranche, verification.Benchmark, verification.EvidenceSha256);
                Assert.Contains($"<code>{verification.Benchmark}</code>", row, StringComparison.Ordinal);
                Assert.Contains(WebUtility.HtmlEncode(verification.Verifier), row, StringComparison.Ordinal);
                Assert.Contains(Cell(verification.Leaf.ToString(CultureInfo.InvariantCulture)), row, StringComparison.Ordinal);
            }
        }

        Assert.Contains(">awaiting-benchmarks<", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_snap_backs_and_exemptions_nearing_sunset_are_listed()
    {
        (RenderingScenario scenario, string html) = await RenderAsync();
        FindingsSection findings = scenario.Report.Findings;

        string counts = TableRow(html, "findings-counts");
        Assert.Contains(
            string.Concat(new[] { findings.RaisedInQuarter, findings.DisputedInQuarter, findings.DismissedInQuarter, findings.ConfirmedInQuarter, findings.OpenAtQuarterEnd }
                .Select(n => Cell(n.ToString(CultureInfo.InvariantCulture)))),
            counts,
            StringComparison.Ordinal);
        Assert.Equal(2, findings.Findings.Count);
        Assert.Contains(">confirmed<", TableRow(html, "findings-table", "f-script"), StringComparison.Ordinal);
        Assert.Contains(">open<", TableRow(html, "findings-table", "f-open"), StringComparison.Ordinal);

        Assert.Equal(2, scenario.Report.SnapBacks.Count);
        Assert.Contains(">frozen<", TableRow(html, "snap-backs-table", "f-script"), StringComparison.Ordinal);
        Assert.Contains(">unfrozen<", html, StringComparison.Ordinal);

        ExemptionReport exemption = Assert.Single(scenario.Report.Exemptions);
        Assert.True(exemption.SunsetWithin30Days);
        Assert.Matches("id=\"exemptions-nearing-sunset\"[^<]*<strong>Nearing sunset</strong>.*ex-cash-2026", html);
        Assert.Contains("nearing sunset</span>", TableRow(html, "exemptions-table", "ex-cash-2026"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_from_the_log_is_escaped_so_a_script_in_a_finding_summary_stays_text()
    {
        (_, string html) = await RenderAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>idlib", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(RenderingScenario.ScriptSummary), html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(RenderingScenario.MarkupProgram), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verification_box_gives_the_exact_commands_with_the_real_cli_options()
    {
        (RenderingScenario scenario, string html) = await RenderAsync();
        string key = scenario.VerifierKey;

        string[] commands = [.. CommandPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

        Assert.Equal(
            [
                $"oversight verify log --log https://ledger.example.org/log --vkey '{key}'",
                $"oversight replay --log https://ledger.example.org/log --vkey '{key}' --report 2026-Q4.json",
                $"oversight verify inclusion --log https://ledger.example.org/log --vkey '{key}' --index {scenario.Report.Transactions[0].FirstLeaf}",
            ],
            commands);
        Assert.Contains("How to verify this report</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_cites_its_checkpoint_with_the_log_signature_and_the_cosignature()
    {
        (RenderingScenario scenario, string html) = await RenderAsync();
        ReportCheckpoint checkpoint = scenario.Report.Checkpoint;

        Assert.Contains($"<code id=\"checkpoint-origin\">{LedgerHistory.Origin}</code>", html, StringComparison.Ordinal);
        Assert.Contains($"<dd id=\"checkpoint-size\">{checkpoint.Size}</dd>", html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"checkpoint-root\">{checkpoint.RootHex}</code>", html, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(checkpoint.SignedNote), html, StringComparison.Ordinal);
        Assert.Contains("<td>log</td>", TableRow(html, "signatures-table", LedgerHistory.Origin), StringComparison.Ordinal);
        Assert.Contains("<td>cosignature (witness)</td>", TableRow(html, "signatures-table", RenderingScenario.WitnessName), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_self_contained_links_the_other_formats_relatively_and_fits_a_phone()
    {
        (_, string html) = await RenderAsync();

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        foreach (string format in new[] { "2026-Q4.json", "2026-Q4.csv", "2026-Q4.xml" })
        {
            Assert.Contains($"<a href=\"{format}\">", html, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch("(?i)<(script|link|img|iframe|object|embed)\\b", html);
        Assert.DoesNotMatch("(?i)\\s(src|srcset)=", html);
        Assert.DoesNotMatch("(?i)@import|url\\((?!#)", html);
        foreach (Match href in HrefPattern().Matches(html))
        {
            string target = href.Groups[1].Value;
            Assert.True(target.StartsWith('#') || !target.Contains(':', StringComparison.Ordinal), $"href '{target}' leaves the page's folder");
        }

        // Months, sectors and programs for each currency (EUR, USD), and the tranches by status.
        Assert.Equal((3 * 2) + 1, ChartPattern().Matches(html).Count);
    }

    [Fact]
    public async Task The_same_report_gives_the_same_bytes()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        ReportHtmlOptions options = Options(scenario);

        Assert.Equal(ReportHtmlWriter.Write(scenario.Report, options), ReportHtmlWriter.Write(scenario.Report, options));
    }

    internal static ReportHtmlOptions Options(RenderingScenario scenario) => new()
    {
        PublicBaseUrl = BaseUrl,
        LogVerifierKey = scenario.VerifierKey,
        ReportingOrgName = "OversightLedger Foundation",
        ReportingOrgRef = "XM-OL-TRANSPARENCY",
    };

    private static async Task<(RenderingScenario Scenario, string Html)> RenderAsync()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        return (scenario, Encoding.UTF8.GetString(ReportHtmlWriter.Write(scenario.Report, Options(scenario))));
    }

    /// <summary>
    /// The first body row of a table whose id holds <paramref name="tableId"/> that has every one of <paramref name="keys"/>
    /// (escaped) as the whole text of a cell or of a <c>code</c> element.
    /// </summary>
    private static string TableRow(string html, string tableId, params string[] keys)
    {
        foreach (Match table in TablePattern().Matches(html).Where(m => m.Groups[1].Value.Contains(tableId, StringComparison.Ordinal)))
        {
            string body = table.Groups[2].Value[table.Groups[2].Value.IndexOf("<tbody>", StringComparison.Ordinal)..];
            foreach (Match row in RowPattern().Matches(body))
            {
                if (keys.All(k => row.Value.Contains($">{WebUtility.HtmlEncode(k)}<", StringComparison.Ordinal)))
                {
                    return row.Value;
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"no row of table '{tableId}' holds {string.Join(", ", keys)}");
    }

    private static string Cell(string figure) => $"<td class=\"num\">{figure}</td>";

    /// <summary>The amount with comma-grouped thousands, computed here with decimal formatting (not the writer's code).</summary>
    private static string Grouped(Money money)
    {
        int decimals = money.Currency.MinorUnitExponent;
        decimal major = money.MinorUnits / (decimal)Math.Pow(10, decimals);
        return major.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("<code class=\"command\">(.*?)</code>")]
    private static partial Regex CommandPattern();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex HrefPattern();

    [GeneratedRegex("<svg [^>]*class=\"chart\"")]
    private static partial Regex ChartPattern();

    [GeneratedRegex("<table id=\"([^\"]*)\">(.*?)</table>", RegexOptions.Singleline)]
    private static partial Regex TablePattern();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
