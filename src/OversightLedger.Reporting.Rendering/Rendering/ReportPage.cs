using System.Text;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>Builds the markup of the HTML report (see <see cref="ReportHtmlWriter"/>), section by section.</summary>
internal sealed partial class ReportPage(QuarterlyReport report, ReportHtmlOptions options, IReadOnlyList<ReportChart> charts)
{
    private const string Styles = """
        :root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0b5cad;--soft:#f6f8fa;--warn:#8a4b00;--warn-bg:#fff4e0}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{margin:0;color:var(--ink);background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        header,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
        header{padding-top:1rem}
        h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
        h2{font-size:1.3rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
        h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
        p,li{overflow-wrap:anywhere}
        a{color:var(--accent)}
        .lead{color:var(--muted)}
        nav ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;padding:0;margin:.5rem 0;list-style:none}
        .formats a{display:inline-block;padding:.15rem .6rem;border:1px solid var(--accent);border-radius:1rem;text-decoration:none}
        .verify{border:2px solid var(--accent);border-radius:8px;padding:.25rem 1rem 1rem;margin:1rem 0;background:#eef5fc}
        .verify h2{border:0;margin-top:.75rem}
        code,pre{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.85rem}
        code{overflow-wrap:anywhere}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.6rem .75rem;margin:.25rem 0 .75rem}
        .table-wrap{overflow-x:auto;margin:.5rem 0 1rem;border:1px solid var(--line);border-radius:6px}
        table{border-collapse:collapse;width:100%;font-size:.9rem}
        caption{text-align:left;padding:.4rem .5rem;color:var(--muted);font-size:.85rem;position:sticky;left:0;max-width:calc(100vw - 2.5rem)}
        th,td{padding:.35rem .5rem;border-top:1px solid var(--line);text-align:left;vertical-align:top;white-space:nowrap}
        td.prose{white-space:normal;min-width:14rem;overflow-wrap:anywhere}
        code.hash{display:inline-block;width:17ch;white-space:normal;word-break:break-all}
        th{background:var(--soft);font-weight:600}
        td code{font-size:.8rem}
        td code.hash{width:17ch}
        .num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
        .empty{color:var(--muted);font-style:italic}
        .badge{display:inline-block;padding:0 .4rem;border-radius:.6rem;font-size:.8rem;white-space:nowrap;background:var(--soft);border:1px solid var(--line)}
        .badge.warn{background:var(--warn-bg);border-color:#e3b341;color:var(--warn)}
        .notice{background:var(--warn-bg);border-left:4px solid #e3b341;padding:.5rem .75rem;margin:.5rem 0}
        .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26rem),1fr));gap:1rem}
        figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:.5rem;min-width:0}
        figcaption{font-size:.85rem;color:var(--muted);margin-top:.25rem}
        svg.chart{display:block;width:100%;height:auto;max-width:100%}
        dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:.5rem 0}
        dl.facts dt{font-weight:600}
        dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
        footer{color:var(--muted);font-size:.85rem;padding-bottom:2rem}
        @media (max-width:40rem){body{font-size:15px}h1{font-size:1.35rem}dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.4rem}}
        @media print{.verify{break-inside:avoid}.table-wrap{overflow:visible}a{color:inherit}}
        """;

    private static readonly (string Id, string Heading)[] Sections =
    [
        ("verify", "Verify"), ("summary", "Totals"), ("charts", "Charts"), ("budgets", "Budgets"), ("tranches", "Tranches"),
        ("programs", "Programs"), ("beneficiaries", "Beneficiaries"), ("sectors", "Sectors"), ("countries", "Countries"),
        ("months", "Months"), ("findings", "Findings"), ("snap-backs", "Snap-backs"), ("exemptions", "Exemptions"),
        ("checkpoint", "Checkpoint"), ("coverage", "Coverage"),
    ];

    private readonly StringBuilder _html = new(64 * 1024);
    private readonly string _logUrl = VerificationCommands.LogUrl(options.PublicBaseUrl);

    /// <summary>The whole page.</summary>
    public string Render()
    {
        string title = $"Quarterly transparency report {report.Quarter}";
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n")
            .Append("<meta name=\"generator\" content=\"OversightLedger\">\n")
            .Append("<title>").Append(Escape($"{title} — {options.ReportingOrgName}")).Append("</title>\n")
            .Append("<style>\n").Append(Styles).Append("</style>\n</head>\n<body>\n");
        Header(title);
        _html.Append("<main>\n");
        Verify();
        Summary();
        Charts();
        Budgets();
        Tranches();
        Programs();
        Beneficiaries();
        Breakdowns();
        Findings();
        SnapBacks();
        Consequences();
        Exemptions();
        Screening();
        Licences();
        Checkpoint();
        Coverage();
        _html.Append("</main>\n<footer>\n<p>Every figure on this page is computed from the public log alone and can be recomputed by anyone with the commands above. ")
            .Append("Amounts in different currencies are never added together.</p>\n</footer>\n</body>\n</html>\n");
        return _html.ToString();
    }

    private void Header(string title)
    {
        ReportCheckpoint checkpoint = report.Checkpoint;
        string publisher = options.ReportingOrgRef is null
            ? options.ReportingOrgName
            : $"{options.ReportingOrgName} ({options.ReportingOrgRef})";
        _html.Append("<header>\n<h1>").Append(Escape(title)).Append("</h1>\n")
            .Append("<p class=\"lead\">Published by ").Append(Escape(publisher)).Append(". Flows from ")
            .Append(Escape(ReportText.Time(report.Quarter.Start))).Append(" up to ").Append(Escape(ReportText.Time(report.Quarter.End)))
            .Append(" (exclusive), balances at its end, computed from the public log <code>").Append(Escape(checkpoint.Origin))
            .Append("</code> at its signed checkpoint of ").Append(Escape(HtmlNumbers.Count(checkpoint.Size))).Append(" entries.</p>\n")
            .Append("<nav class=\"formats\" aria-label=\"Other formats\"><ul>");
        string[] descriptions = ["JSON (the figures)", "CSV (one figure a row)", "IATI 2.03 XML"];
        IReadOnlyList<string> files = ReportHtmlWriter.FormatFileNames(options.FileBaseName ?? report.Quarter.ToString());
        for (int i = 0; i < files.Count; i++)
        {
            _html.Append("<li><a href=\"").Append(Escape(files[i])).Append("\">").Append(Escape(files[i])).Append("</a> ")
                .Append(Escape(descriptions[i])).Append("</li>");
        }

        _html.Append("</ul></nav>\n<nav aria-label=\"Sections\"><ul>");
        foreach ((string id, string heading) in Sections)
        {
            _html.Append("<li><a href=\"#").Append(id).Append("\">").Append(Escape(heading)).Append("</a></li>");
            LicencesLink(id);
        }

        _html.Append("</ul></nav>\n</header>\n");
    }

    private void Verify()
    {
        string key = options.LogVerifierKey;
        string reportFile = ReportHtmlWriter.FormatFileNames(options.FileBaseName ?? report.Quarter.ToString())[0];
        ulong exampleLeaf = report.Transactions.Count > 0 ? report.Transactions[0].FirstLeaf : 0;
        _html.Append("<section id=\"verify\" class=\"verify\" aria-labelledby=\"verify-h\">\n<h2 id=\"verify-h\">How to verify this report</h2>\n")
            .Append("<p>You do not have to trust us. With the <code>oversight</code> auditor tool and the log's public key, anyone can check, offline and independently:</p>\n<ol>\n")
            .Append("<li>that the log is intact and signed by its key (the checkpoint's signature, every entry, every hash tile, the root):")
            .Append("<pre><code class=\"command\">").Append(Escape(VerificationCommands.VerifyLog(_logUrl, key))).Append("</code></pre></li>\n")
            .Append("<li>that every figure of this report adds up from the log (download <a href=\"").Append(Escape(reportFile)).Append("\">")
            .Append(Escape(reportFile)).Append("</a> first):")
            .Append("<pre><code class=\"command\">").Append(Escape(VerificationCommands.Replay(_logUrl, key, reportFile))).Append("</code></pre></li>\n")
            .Append("<li>that one entry a table or the IATI file cites (its leaf index) is in the log:")
            .Append("<pre><code class=\"command\">").Append(Escape(VerificationCommands.VerifyInclusion(_logUrl, key, exampleLeaf))).Append("</code></pre></li>\n")
            .Append("</ol>\n<p>The log's verifier key: <code id=\"verifier-key\">").Append(Escape(key)).Append("</code>. ")
            .Append("The report was computed at tree size <strong>").Append(Escape(report.Checkpoint.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append("</strong>, root <code>").Append(Escape(report.Checkpoint.RootHex)).Append("</code> (see <a href=\"#checkpoint\">Checkpoint</a>).</p>\n</section>\n");
    }

    private void Summary()
    {
        Heading("summary", "Totals by currency");
        var table = new HtmlTable("totals-table", "All budgets of each currency: flows within the quarter and balances at its end")
            .Column("Currency").NumberColumn("Budgets").NumberColumn("Pledged").NumberColumn("Received").NumberColumn("Released")
            .NumberColumn("Disbursed").NumberColumn("Reversed").NumberColumn("Net disbursed").NumberColumn("Delivered").NumberColumn("Payments")
            .NumberColumn("Available at quarter end");
        foreach (CurrencyTotals totals in report.Totals)
        {
            table.Row(
                HtmlCell.Text(totals.Currency.Code),
                HtmlCell.Number(HtmlNumbers.Count(totals.Budgets)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.Pledged)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.Received)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.Released)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.Disbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.Reversed)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.NetDisbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.InQuarter.Delivered)),
                HtmlCell.Number(HtmlNumbers.Count(totals.InQuarter.DisbursementCount)),
                HtmlCell.Number(HtmlNumbers.Amount(totals.AtQuarterEnd.Available)));
        }

        table.WriteTo(_html, "No budget was open by the end of the quarter.");
        EndSection();
    }

    private void Charts()
    {
        Heading("charts", "Charts");
        if (charts.Count == 0)
        {
            _html.Append("<p class=\"empty\">Nothing to chart: no budget, tranche or disbursement in this report.</p>\n");
        }
        else
        {
            _html.Append("<div class=\"charts\">\n");
            foreach (ReportChart chart in charts)
            {
                string table = Sections.First(section => section.Id == chart.Section).Heading;
                _html.Append("<figure>").Append(chart.Svg).Append("<figcaption>Exact figures: <a href=\"#").Append(chart.Section).Append("\">")
                    .Append(Escape(table)).Append("</a></figcaption></figure>\n");
            }

            _html.Append("</div>\n");
        }

        EndSection();
    }

    private void Budgets()
    {
        Heading("budgets", "Budgets");
        var table = new HtmlTable("budgets-table", "Each ring-fenced budget: its terms, flows within the quarter, balances at its end")
            .Column("Budget").Column("Donor").Column("DAC sector").Column("Country").NumberColumn("Pledged").NumberColumn("Received")
            .NumberColumn("Released").NumberColumn("Net disbursed").NumberColumn("Reversed").NumberColumn("Delivered").NumberColumn("Payments").NumberColumn("Received to date")
            .NumberColumn("Released to date").NumberColumn("Net disbursed to date").NumberColumn("Available").Column("Status")
            .Column("Eligible programs");
        foreach (BudgetReport budget in report.Budgets)
        {
            var status = new StringBuilder(budget.FrozenAtQuarterEnd ? "<span class=\"badge warn\">frozen</span>" : "<span class=\"badge\">open</span>");
            if (HumanitarianFlags.IsHumanitarian(budget, report.Exemptions))
            {
                status.Append(" <span class=\"badge\">humanitarian</span>");
            }

            table.Row(
                HtmlCell.Code(budget.Budget),
                HtmlCell.Text(budget.Donor),
                HtmlCell.Text(budget.Purpose),
                HtmlCell.Text(budget.Country),
                HtmlCell.Number(HtmlNumbers.Money(budget.Pledged)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.InQuarter.Received)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.InQuarter.Released)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.InQuarter.NetDisbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.InQuarter.Reversed)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.InQuarter.Delivered)),
                HtmlCell.Number(HtmlNumbers.Count(budget.InQuarter.DisbursementCount)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.AtQuarterEnd.Received)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.AtQuarterEnd.Released)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.AtQuarterEnd.NetDisbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(budget.AtQuarterEnd.Available)),
                HtmlCell.Markup(status.ToString()),
                HtmlCell.Markup(CodeList(budget.EligiblePrograms)));
        }

        table.WriteTo(_html, "No budget was open by the end of the quarter.");
        VettedPaymentLists();
        EndSection();
    }

    /// <summary>The budgets' vetted payment lists in the quarter; nothing at all when there were none.</summary>
    private void VettedPaymentLists()
    {
        List<BudgetReport> vetted = [.. report.Budgets.Where(b => b.Vetting is not null)];
        if (vetted.Count == 0)
        {
            return;
        }

        var table = new HtmlTable("vetting-table", "Payment lists vetted before money moved, within the quarter")
            .Column("Budget").NumberColumn("Lists submitted").NumberColumn("Lists vetted").NumberColumn("Rows approved").NumberColumn("Rows refused")
            .NumberColumn("Lists expired");
        foreach (BudgetReport budget in vetted)
        {
            PaymentListVettingCounts v = budget.Vetting!;
            table.Row(
                HtmlCell.Code(budget.Budget), HtmlCell.Number(HtmlNumbers.Count(v.ListsSubmitted)), HtmlCell.Number(HtmlNumbers.Count(v.ListsVetted)),
                HtmlCell.Number(HtmlNumbers.Count(v.RowsApproved)), HtmlCell.Number(HtmlNumbers.Count(v.RowsRefused)), HtmlCell.Number(HtmlNumbers.Count(v.ListsExpired)));
        }

        table.WriteTo(_html, "No payment list was vetted in the quarter.");
    }

    private void Tranches()
    {
        Heading("tranches", "Tranches and the benchmark verifications behind each release");
        _html.Append("<p>A tranche is released only by its budget's owner, and only when every benchmark attached to it has a recorded independent verification.</p>\n");
        if (report.Budgets.Count == 0)
        {
            _html.Append("<p class=\"empty\">No budget, so no tranche.</p>\n");
        }

        foreach (BudgetReport budget in report.Budgets)
        {
            _html.Append("<h3>Budget <code>").Append(Escape(budget.Budget)).Append("</code> (").Append(Escape(budget.Currency.Code)).Append(")</h3>\n");
            string prefix = $"tranches-{Index(report.Budgets, budget)}";
            var tranches = new HtmlTable(prefix, $"Tranches of budget {budget.Budget}")
                .Column("Tranche").NumberColumn("Amount").Column("Humanitarian").Column("Benchmarks").Column("Status")
                .NumberColumn("Released").Column("Released at").Column("Released by").NumberColumn("Release leaf").NumberColumn("Net disbursed");
            var verifications = new HtmlTable($"{prefix}-verifications", $"Benchmark verifications of budget {budget.Budget}")
                .Column("Tranche").Column("Benchmark").Column("Verifier").Column("Verified on").Column("Evidence SHA-256").Column("Recorded at").NumberColumn("Leaf");
            foreach (TrancheReport tranche in budget.Tranches)
            {
                tranches.Row(
                    HtmlCell.Code(tranche.Tranche),
                    HtmlCell.Number(HtmlNumbers.Amount(tranche.Amount)),
                    HtmlCell.Text(tranche.Humanitarian ? "yes" : "no"),
                    HtmlCell.Markup(CodeList(tranche.Benchmarks)),
                    HtmlCell.Markup(TrancheBadge(tranche.Status)),
                    HtmlCell.Number(HtmlNumbers.Amount(tranche.Released)),
                    HtmlCell.Text(tranche.ReleasedAt is { } at ? ReportText.Time(at) : "—"),
                    tranche.ReleasedBy is { } by ? HtmlCell.Code(by) : HtmlCell.Text("—"),
                    HtmlCell.Number(tranche.ReleaseLeaf?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"),
                    HtmlCell.Number(HtmlNumbers.Amount(tranche.NetDisbursed)));
                foreach (BenchmarkVerificationReport verification in tranche.Verifications)
                {
                    verifications.Row(
                        HtmlCell.Code(tranche.Tranche),
                        HtmlCell.Code(verification.Benchmark),
                        HtmlCell.Text(verification.Verifier),
                        HtmlCell.Text(ReportText.Date(verification.VerifiedOn)),
                        HtmlCell.Hash(verification.EvidenceSha256),
                        HtmlCell.Text(ReportText.Time(verification.RecordedAt)),
                        HtmlCell.Number(verification.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            tranches.WriteTo(_html, "No tranche was added to this budget by the end of the quarter.");
            verifications.WriteTo(_html, "No benchmark verification was recorded for this budget's tranches.");
            if (budget.Tranches.Any(t => t.Indicators.Count > 0))
            {
                // Issue 15: defined benchmarks, their targets, who measured what, and where each stands.
                var indicators = new HtmlTable($"{prefix}-indicators", $"Benchmark indicators of budget {budget.Budget}")
                    .Column("Tranche").Column("Benchmark").Column("Indicator").Column("Baseline").Column("Target").Column("Due").Column("Rule")
                    .Column("Values (verifier, group)").Column("Status");
                foreach (TrancheReport tranche in budget.Tranches)
                {
                    foreach (BenchmarkIndicatorReport indicator in tranche.Indicators)
                    {
                        string comparison = indicator.Direction == Domain.Entries.TargetDirections.AtMost ? "≤" : "≥";
                        indicators.Row(
                            HtmlCell.Code(tranche.Tranche),
                            HtmlCell.Code(indicator.Benchmark),
                            HtmlCell.Text(indicator.Indicator),
                            HtmlCell.Text($"{Domain.Entries.IndicatorValue.Format(indicator.Baseline)} {indicator.Unit}"),
                            HtmlCell.Text($"{comparison} {Domain.Entries.IndicatorValue.Format(indicator.Target)} {indicator.Unit}"),
                            HtmlCell.Text(ReportText.Date(indicator.DueOn)),
                            HtmlCell.Text($"{indicator.RequiredVerifications} from {indicator.RequiredGroups} groups"),
                            HtmlCell.Text(indicator.Values.Count == 0 ? "—" : string.Join("; ", indicator.Values.Select(v => $"{Domain.Entries.IndicatorValue.Format(v.Value)} ({v.Verifier}, {v.Group})"))),
                            HtmlCell.Text(indicator.DecidedBy is null ? indicator.Status : $"{indicator.Status} (decided by {indicator.DecidedBy})"));
                    }
                }

                indicators.WriteTo(_html, "No defined benchmark.");
            }
        }

        EndSection();
    }

    private void Programs()
    {
        Heading("programs", "Programs");
        var table = new HtmlTable("programs-table", "Each beneficiary program and what it paid within the quarter, in its currency")
            .Column("Program").Column("Agency").Column("Budgets").NumberColumn("Disbursed").NumberColumn("Reversed").NumberColumn("Net disbursed")
            .NumberColumn("Delivered").NumberColumn("Payments").NumberColumn("Reversals").NumberColumn("Cap per beneficiary").Column("By budget");
        foreach (ProgramReport program in report.Programs)
        {
            string byBudget = program.ByBudget.Count == 0
                ? "—"
                : string.Join("<br>", program.ByBudget.Select(b => $"<code>{Escape(b.Budget)}</code>: {Escape(HtmlNumbers.Amount(b.InQuarter.NetDisbursed))}"));
            table.Row(
                HtmlCell.Code(program.Program),
                HtmlCell.Text(program.Agency),
                HtmlCell.Markup(CodeList(program.Budgets)),
                HtmlCell.Number(HtmlNumbers.Money(program.InQuarter.Disbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(program.InQuarter.Reversed)),
                HtmlCell.Number(HtmlNumbers.Amount(program.InQuarter.NetDisbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(program.InQuarter.Delivered)),
                HtmlCell.Number(HtmlNumbers.Count(program.InQuarter.DisbursementCount)),
                HtmlCell.Number(HtmlNumbers.Count(program.InQuarter.ReversalCount)),
                HtmlCell.Number($"{HtmlNumbers.Amount(program.CapPerPeriod)} / {ReportText.Of(program.Period)}"),
                HtmlCell.Markup(byBudget));
        }

        table.WriteTo(_html, "No program was open by the end of the quarter.");
        EndSection();
    }

    private void Beneficiaries()
    {
        Heading("beneficiaries", "Beneficiaries reached");
        long reached = report.Programs.Sum(p => p.BeneficiariesReached);
        _html.Append("<p>Beneficiaries appear in the log only as keyed pseudonyms. A beneficiary is reached when a program paid them at least once within the quarter (a later reversal does not un-reach them); ")
            .Append("counts are per program, so the total is a sum over programs: <strong id=\"beneficiaries-total\">").Append(Escape(HtmlNumbers.Count(reached)))
            .Append("</strong>.</p>\n");
        var table = new HtmlTable("beneficiaries-table", "Distinct beneficiaries paid within the quarter, and enrolled by its end")
            .Column("Program").Column("Agency").NumberColumn("Reached in the quarter").NumberColumn("Enrolled by quarter end");
        foreach (ProgramReport program in report.Programs)
        {
            table.Row(
                HtmlCell.Code(program.Program),
                HtmlCell.Text(program.Agency),
                HtmlCell.Number(HtmlNumbers.Count(program.BeneficiariesReached)),
                HtmlCell.Number(HtmlNumbers.Count(program.BeneficiariesEnrolled)));
        }

        table.WriteTo(_html, "No program was open by the end of the quarter.");
        EndSection();
    }

    private void Breakdowns()
    {
        Heading("sectors", "Disbursements by sector");
        FlowTable("sectors-table", "By the OECD DAC 5-digit sector each payment names", "DAC sector", report.Sectors.Select(s => (s.Sector, s.InQuarter)));
        EndSection();
        Heading("countries", "Disbursements by country");
        FlowTable("countries-table", "By the recipient country (ISO 3166-1) of the budget drawn on", "Country", report.Countries.Select(c => (c.Country, c.InQuarter)));
        EndSection();
        Heading("months", "Disbursements by month");
        FlowTable("months-table", "By the month (UTC) each entry was recorded", "Month", report.Months.Select(m => (m.Month, m.InQuarter)));
        EndSection();
    }

    private void FlowTable(string id, string caption, string keyHeading, IEnumerable<(string Key, DisbursementFlows Flows)> rows)
    {
        var table = new HtmlTable(id, caption)
            .Column(keyHeading).Column("Currency").NumberColumn("Disbursed").NumberColumn("Reversed").NumberColumn("Net disbursed")
            .NumberColumn("Delivered").NumberColumn("Payments").NumberColumn("Reversals");
        foreach ((string key, DisbursementFlows flows) in rows)
        {
            table.Row(
                HtmlCell.Text(key),
                HtmlCell.Text(flows.Currency.Code),
                HtmlCell.Number(HtmlNumbers.Amount(flows.Disbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(flows.Reversed)),
                HtmlCell.Number(HtmlNumbers.Amount(flows.NetDisbursed)),
                HtmlCell.Number(HtmlNumbers.Amount(flows.Delivered)),
                HtmlCell.Number(HtmlNumbers.Count(flows.DisbursementCount)),
                HtmlCell.Number(HtmlNumbers.Count(flows.ReversalCount)));
        }

        table.WriteTo(_html, "No disbursement within the quarter.");
    }

    private void Findings()
    {
        FindingsSection findings = report.Findings;
        Heading("findings", "Watchdog findings");
        new HtmlTable("findings-counts", "Findings within the quarter, and still open at its end")
            .NumberColumn("Raised").NumberColumn("Disputed").NumberColumn("Dismissed").NumberColumn("Confirmed").NumberColumn("Open at quarter end")
            .Row(
                HtmlCell.Number(HtmlNumbers.Count(findings.RaisedInQuarter)),
                HtmlCell.Number(HtmlNumbers.Count(findings.DisputedInQuarter)),
                HtmlCell.Number(HtmlNumbers.Count(findings.DismissedInQuarter)),
                HtmlCell.Number(HtmlNumbers.Count(findings.ConfirmedInQuarter)),
                HtmlCell.Number(HtmlNumbers.Count(findings.OpenAtQuarterEnd)))
            .WriteTo(_html, string.Empty);
        var table = new HtmlTable("findings-table", "Each finding counted above")
            .Column("Finding").Column("Watchdog").Column("Class").Column("Budgets").Column("Programs").Column("What was seen")
            .Column("Raised").Column("Status").Column("Disputed").Column("Resolved").Column("Action or reason").Column("Leaves cited");
        foreach (FindingReport finding in findings.Findings)
        {
            string disputed = finding.DisputedAt is { } disputedAt
                ? $"{Escape(ReportText.Time(disputedAt))} by <code>{Escape(finding.DisputedBy ?? "?")}</code>"
                : "—";
            string resolved = finding.ResolvedAt is { } resolvedAt
                ? $"{Escape(ReportText.Time(resolvedAt))} by <code>{Escape(finding.ResolvedBy ?? "?")}</code>"
                : "—";
            table.Row(
                HtmlCell.Code(finding.Finding),
                HtmlCell.Text(finding.Watchdog),
                HtmlCell.Text(finding.Class),
                HtmlCell.Markup(CodeList(finding.Budgets)),
                HtmlCell.Markup(CodeList(finding.Programs)),
                HtmlCell.Prose(finding.Summary),
                HtmlCell.Text(ReportText.Time(finding.RaisedAt)),
                HtmlCell.Markup(FindingBadge(finding.Status)),
                HtmlCell.Markup(disputed),
                HtmlCell.Markup(resolved),
                HtmlCell.Prose(finding.Action ?? "—"),
                HtmlCell.Text(finding.Leaves.Count == 0 ? "—" : string.Join(", ", finding.Leaves)));
        }

        table.WriteTo(_html, "No finding was raised, disputed, resolved or open in this quarter.");
        EndSection();
    }

    private void SnapBacks()
    {
        Heading("snap-backs", "Snap-backs: freezes and unfreezes");
        _html.Append("<p>A watchdog's confirmed finding of a violation named in a budget's terms freezes its non-exempt tranches; unfreezing is an explicit, logged act.</p>\n");
        var table = new HtmlTable("snap-backs-table", "Freezes and unfreezes within the quarter, in log order")
            .NumberColumn("Leaf").Column("Time").Column("Budget").Column("Event").Column("Finding").Column("Reason");
        foreach (SnapBackEvent snapBack in report.SnapBacks)
        {
            table.Row(
                HtmlCell.Number(snapBack.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                HtmlCell.Text(ReportText.Time(snapBack.Time)),
                HtmlCell.Code(snapBack.Budget),
                HtmlCell.Markup(Badge(ReportText.Of(snapBack.Kind), warn: snapBack.Kind == SnapBackEventKind.Frozen)),
                snapBack.Finding is { } finding ? HtmlCell.Code(finding) : HtmlCell.Text("—"),
                HtmlCell.Prose(snapBack.Reason));
        }

        table.WriteTo(_html, "No budget was frozen or unfrozen in this quarter.");
        EndSection();
    }

    /// <summary>Only when a ladder stepped in the quarter, so that a report without one keeps its bytes.</summary>
    private void Consequences()
    {
        if (report.Consequences is not { Count: > 0 } consequences)
        {
            return;
        }

        Heading("consequences", "Consequences: ladder steps applied and lifted");
        _html.Append("<p>A budget's terms fix its consequence ladder: each failed or missed review applies the next step; only the owner lifts a step, and only after a passed review. Humanitarian tranches are never held.</p>\n");
        var table = new HtmlTable("consequences-table", "Consequence steps applied and lifted within the quarter, in log order")
            .NumberColumn("Leaf").Column("Time").Column("Budget").Column("Event").Column("Step").Column("Action").Column("Tranches").Column("Review").Column("Reason");
        foreach (ConsequenceEvent consequence in consequences)
        {
            table.Row(
                HtmlCell.Number(consequence.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                HtmlCell.Text(ReportText.Time(consequence.Time)),
                HtmlCell.Code(consequence.Budget),
                HtmlCell.Markup(Badge(consequence.Event, warn: consequence.Event == ConsequenceEvent.Applied)),
                HtmlCell.Number(consequence.Step.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                HtmlCell.Code(consequence.Action),
                HtmlCell.Text(consequence.Tranches.Count == 0 ? "—" : string.Join(", ", consequence.Tranches)),
                HtmlCell.Code(consequence.Review),
                consequence.Reason is { } reason ? HtmlCell.Prose(reason) : HtmlCell.Text("—"));
        }

        table.WriteTo(_html, "No consequence was applied or lifted in this quarter.");
        EndSection();
    }

    private void Exemptions()
    {
        Heading("exemptions", "Humanitarian exemptions in force");
        _html.Append("<p>While an exemption is in force, humanitarian funds within its scope keep flowing even when the budget is frozen.</p>\n");
        List<ExemptionReport> nearing = [.. report.Exemptions.Where(e => e.SunsetWithin30Days)];
        if (nearing.Count > 0)
        {
            _html.Append("<div class=\"notice\" id=\"exemptions-nearing-sunset\"><strong>Nearing sunset</strong> (within ")
                .Append(Escape(((int)QuarterlyReport.SunsetWarning.TotalDays).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(" days after the quarter): ")
                .Append(string.Join("; ", nearing.Select(e => $"<code>{Escape(e.Exemption)}</code> of budget <code>{Escape(e.Budget)}</code> on {Escape(ReportText.Time(e.Sunset))}")))
                .Append(". Unless renewed, they stop covering payments then.</div>\n");
        }

        var table = new HtmlTable("exemptions-table", "Exemptions in force at the end of the quarter")
            .Column("Budget").Column("Exemption").Column("Sectors").Column("Modalities").NumberColumn("Max per payment").Column("Granted")
            .Column("Sunset").NumberColumn("Renewals").NumberColumn("Leaf");
        foreach (ExemptionReport exemption in report.Exemptions)
        {
            string sunset = Escape(ReportText.Time(exemption.Sunset))
                + (exemption.SunsetWithin30Days ? " <span class=\"badge warn\">nearing sunset</span>" : string.Empty);
            table.Row(
                HtmlCell.Code(exemption.Budget),
                HtmlCell.Code(exemption.Exemption),
                HtmlCell.Markup(CodeList(exemption.Sectors)),
                HtmlCell.Markup(CodeList(exemption.Modalities)),
                HtmlCell.Number(HtmlNumbers.Money(exemption.MaxAmount)),
                HtmlCell.Text(ReportText.Time(exemption.GrantedAt)),
                HtmlCell.Markup(sunset),
                HtmlCell.Number(HtmlNumbers.Count(exemption.Renewals)),
                HtmlCell.Number(exemption.GrantedLeaf.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        table.WriteTo(_html, "No exemption was in force at the end of the quarter.");
        EndSection();
    }

    /// <summary>Counterparty screening against the sanctions lists, when the log shows any; nothing otherwise.</summary>
    private void Screening()
    {
        if (report.Screening is not { } screening)
        {
            return;
        }

        Heading("screening", "Sanctions screening of counterparties");
        _html.Append("<p>Every partner, vendor and payee organisation an agency registers is screened against the sanctions lists in force, ")
            .Append("and again when a list changes; a hit blocks payments to it until a compliance reviewer clears it (a false positive) or confirms it. ")
            .Append("The log holds the scores and decisions, never a person's name.</p>\n");
        new HtmlTable("screening-table", "Screening in the quarter, and at its end")
            .Column("Figure").NumberColumn("Count")
            .Row(HtmlCell.Text("Counterparties registered (at quarter end)"), HtmlCell.Number(HtmlNumbers.Count(screening.CounterpartiesRegistered)))
            .Row(HtmlCell.Text("Screenings in the quarter"), HtmlCell.Number(HtmlNumbers.Count(screening.Screenings)))
            .Row(HtmlCell.Text("Counterparties screened in the quarter"), HtmlCell.Number(HtmlNumbers.Count(screening.CounterpartiesScreened)))
            .Row(HtmlCell.Text("Hits in the quarter"), HtmlCell.Number(HtmlNumbers.Count(screening.Hits)))
            .Row(HtmlCell.Text("Hits cleared as false positives in the quarter"), HtmlCell.Number(HtmlNumbers.Count(screening.Cleared)))
            .Row(HtmlCell.Text("Hits confirmed in the quarter"), HtmlCell.Number(HtmlNumbers.Count(screening.Confirmed)))
            .Row(HtmlCell.Text("Hits awaiting review (at quarter end; payments blocked)"), HtmlCell.Number(HtmlNumbers.Count(screening.UnreviewedHitsAtQuarterEnd)))
            .Row(HtmlCell.Text("Confirmed hits (at quarter end; blocked)"), HtmlCell.Number(HtmlNumbers.Count(screening.ConfirmedAtQuarterEnd)))
            .WriteTo(_html, string.Empty);
        var lists = new HtmlTable("screening-lists", "Sanctions list versions in force at the end of the quarter")
            .Column("List").Column("Published").Column("SHA-256").NumberColumn("Entries").Column("Recorded").NumberColumn("Leaf");
        foreach (ScreeningListVersion list in screening.Lists)
        {
            lists.Row(
                HtmlCell.Code(list.Source),
                HtmlCell.Text(list.PublicationDate is { } date ? ReportText.Date(date) : "not stated"),
                HtmlCell.Code(list.Sha256),
                HtmlCell.Number(HtmlNumbers.Count(list.EntryCount)),
                HtmlCell.Text(ReportText.Time(list.LoadedAt)),
                HtmlCell.Number(list.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        lists.WriteTo(_html, "The log records no sanctions list loaded before the end of the quarter.");
        EndSection();
    }

    private void Checkpoint()
    {
        ReportCheckpoint checkpoint = report.Checkpoint;
        Heading("checkpoint", "The checkpoint this report cites");
        _html.Append("<dl class=\"facts\">\n<dt>Origin</dt><dd><code id=\"checkpoint-origin\">").Append(Escape(checkpoint.Origin)).Append("</code></dd>\n")
            .Append("<dt>Tree size</dt><dd id=\"checkpoint-size\">").Append(Escape(checkpoint.Size.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append("</dd>\n")
            .Append("<dt>Root (hex)</dt><dd><code id=\"checkpoint-root\">").Append(Escape(checkpoint.RootHex)).Append("</code></dd>\n")
            .Append("<dt>Root (base64)</dt><dd><code>").Append(Escape(checkpoint.Root.ToBase64())).Append("</code></dd>\n</dl>\n");

        string logKeyName = options.LogVerifierKey.Split('+')[0];
        var signatures = new HtmlTable("signatures-table", "Signature lines of the signed checkpoint: the log's own, then the watchdogs' cosignatures")
            .Column("Signer").Column("Role").Column("Signature (base64)");
        foreach (string line in SignatureLines(checkpoint.SignedNote))
        {
            string[] parts = line[2..].Split(' ', 2);
            string name = parts[0];
            string signature = parts.Length > 1 ? parts[1] : string.Empty;
            signatures.Row(
                HtmlCell.Code(name),
                HtmlCell.Text(string.Equals(name, logKeyName, StringComparison.Ordinal) ? "log" : "cosignature (witness)"),
                HtmlCell.Hash(signature));
        }

        signatures.WriteTo(_html, "The checkpoint has no signature line.");
        _html.Append("<p>The signed checkpoint, byte for byte:</p>\n<pre id=\"signed-note\">").Append(Escape(checkpoint.SignedNote)).Append("</pre>\n");
        Anchor();
        EndSection();
    }

    /// <summary>The newest Bitcoin anchor covering the checkpoint, when the log records one; nothing otherwise.</summary>
    private void Anchor()
    {
        if (report.Anchor is not { } anchor)
        {
            return;
        }

        string size = anchor.CheckpointSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string proofUrl = options.PublicBaseUrl.TrimEnd('/') + anchor.ProofPath;
        _html.Append("<div id=\"anchor\">\n<h3>Anchored in Bitcoin</h3>\n")
            .Append("<p>The log's first ").Append(Escape(HtmlNumbers.Count(anchor.CheckpointSize)))
            .Append(" entries (a checkpoint this one extends) are committed to in a Bitcoin transaction: they existed no later than its block, ")
            .Append("whoever runs the log or witnesses it.</p>\n<dl class=\"facts\">\n")
            .Append("<dt>Anchored tree size</dt><dd id=\"anchor-size\">").Append(Escape(size)).Append("</dd>\n")
            .Append("<dt>Root (hex)</dt><dd><code id=\"anchor-root\">").Append(Escape(anchor.CheckpointRoot.ToHex())).Append("</code></dd>\n")
            .Append("<dt>Network</dt><dd id=\"anchor-network\">").Append(Escape(anchor.Network)).Append("</dd>\n")
            .Append("<dt>Transaction</dt><dd><code id=\"anchor-txid\">").Append(Escape(anchor.TransactionId)).Append("</code></dd>\n")
            .Append("<dt>Block</dt><dd><code id=\"anchor-block\">").Append(Escape(anchor.BlockHash)).Append("</code> at height ")
            .Append(Escape(anchor.BlockHeight.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append("</dd>\n")
            .Append("<dt>Proof</dt><dd><a id=\"anchor-proof\" href=\"").Append(Escape(proofUrl)).Append("\">").Append(Escape(anchor.ProofPath))
            .Append("</a> (SHA-256 <code>").Append(Escape(anchor.ProofSha256)).Append("</code>, recorded at leaf ")
            .Append(Escape(anchor.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture))).Append(")</dd>\n</dl>\n")
            .Append("<p>Check it offline (take the block hash from a source you trust, such as your own node or several explorers):</p>\n")
            .Append("<pre><code class=\"command\">").Append(Escape(VerificationCommands.VerifyAnchor(proofUrl, options.LogVerifierKey, anchor.Network, anchor.BlockHash)))
            .Append("</code></pre>\n</div>\n");
    }

    private void Coverage()
    {
        ReportCoverage coverage = report.Coverage;
        Heading("coverage", "What the report read");
        _html.Append("<dl class=\"facts\">\n")
            .Append("<dt>Entries read</dt><dd>").Append(Escape(HtmlNumbers.Count(coverage.EntriesRead))).Append(" (leaves 0 to size − 1)</dd>\n")
            .Append("<dt>Before the quarter</dt><dd>").Append(Escape(HtmlNumbers.Count(coverage.EntriesBeforeQuarter))).Append(" (balances only)</dd>\n")
            .Append("<dt>Within the quarter</dt><dd>").Append(Escape(HtmlNumbers.Count(coverage.EntriesInQuarter)));
        if (coverage.FirstLeafInQuarter is { } first && coverage.LastLeafInQuarter is { } last)
        {
            _html.Append(" (leaves ").Append(first).Append(" to ").Append(last).Append(')');
        }

        _html.Append("</dd>\n<dt>After the quarter</dt><dd>").Append(Escape(HtmlNumbers.Count(coverage.EntriesAfterQuarter))).Append(" (ignored)</dd>\n")
            .Append("<dt>Not counted</dt><dd id=\"uncounted-total\">").Append(Escape(HtmlNumbers.Count(coverage.UncountedEntries))).Append("</dd>\n</dl>\n");
        var table = new HtmlTable("uncounted-table", "Entries no figure counts, because they cannot be counted")
            .NumberColumn("Leaf").Column("Entry").Column("Kind").Column("Why");
        foreach (UncountedEntry entry in report.Uncounted)
        {
            table.Row(
                HtmlCell.Number(entry.Leaf.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                entry.EntryId is { } id ? HtmlCell.Code(id) : HtmlCell.Text("—"),
                HtmlCell.Text(entry.Kind ?? "—"),
                HtmlCell.Prose(entry.Reason));
        }

        table.WriteTo(_html, "Every entry read was counted.");
        EndSection();
    }

    private void Heading(string id, string heading) =>
        _html.Append("<section id=\"").Append(id).Append("\" aria-labelledby=\"").Append(id).Append("-h\">\n<h2 id=\"").Append(id).Append("-h\">")
            .Append(Escape(heading)).Append("</h2>\n");

    private void EndSection() => _html.Append("</section>\n");

    private static IEnumerable<string> SignatureLines(string signedNote)
    {
        int blank = signedNote.IndexOf("\n\n", StringComparison.Ordinal);
        return blank < 0
            ? []
            : signedNote[(blank + 2)..].Split('\n').Where(line => line.StartsWith("— ", StringComparison.Ordinal));
    }

    private static string TrancheBadge(TrancheStatus status) =>
        Badge(ReportText.Of(status), warn: status == TrancheStatus.AwaitingBenchmarks);

    private static string FindingBadge(FindingStatus status) =>
        Badge(ReportText.Of(status), warn: status != FindingStatus.Dismissed);

    private static string Badge(string text, bool warn) =>
        $"<span class=\"badge{(warn ? " warn" : string.Empty)}\">{Escape(text)}</span>";

    private static string CodeList(IEnumerable<string> names)
    {
        string joined = string.Join(", ", names.Select(name => $"<code>{Escape(name)}</code>"));
        return joined.Length == 0 ? "—" : joined;
    }

    private static int Index(IReadOnlyList<BudgetReport> budgets, BudgetReport budget)
    {
        for (int i = 0; i < budgets.Count; i++)
        {
            if (ReferenceEquals(budgets[i], budget))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Escape(string text) => UntrustedText.ForHtml(text);
}
