using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Figures;

/// <summary>
/// Flattens a report into its figures — every value it holds, one <see cref="ReportFigure"/> each, in a fixed order —
/// and compares two reports figure by figure. The CSV file is this list; <c>oversight replay</c> compares this list.
/// </summary>
public static class ReportFigures
{
    private static readonly JsonSerializerOptions ListJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every figure of <paramref name="report"/>, in the order of the report's sections and lists.</summary>
    public static IReadOnlyList<ReportFigure> Flatten(QuarterlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var figures = new List<ReportFigure>();
        var rows = new Rows(figures);
        Rows section = rows.In("report");
        section.Add("format", QuarterlyReport.FormatName);
        section.Add("quarter", report.Quarter.ToString());
        section.Add("start", report.Quarter.Start);
        section.Add("end", report.Quarter.End);

        section = rows.In("checkpoint");
        section.Add("origin", report.Checkpoint.Origin);
        section.Add("size", report.Checkpoint.Size);
        section.Add("root", report.Checkpoint.Root.ToBase64());
        section.Add("rootHex", report.Checkpoint.RootHex);
        section.Add("signedNote", report.Checkpoint.SignedNote);

        if (report.Anchor is { } anchor)
        {
            section = rows.In("anchor");
            section.Add("checkpointSize", anchor.CheckpointSize);
            section.Add("root", anchor.CheckpointRoot.ToBase64());
            section.Add("network", anchor.Network);
            section.Add("transactionId", anchor.TransactionId);
            section.Add("blockHash", anchor.BlockHash);
            section.Add("blockHeight", anchor.BlockHeight);
            section.Add("proofSha256", anchor.ProofSha256);
            section.Add("leaf", anchor.Leaf);
        }

        ReportCoverage coverage = report.Coverage;
        section = rows.In("coverage");
        section.Add("entriesRead", coverage.EntriesRead);
        section.Add("entriesBeforeQuarter", coverage.EntriesBeforeQuarter);
        section.Add("entriesInQuarter", coverage.EntriesInQuarter);
        section.Add("entriesAfterQuarter", coverage.EntriesAfterQuarter);
        section.Add("firstLeafInQuarter", coverage.FirstLeafInQuarter);
        section.Add("lastLeafInQuarter", coverage.LastLeafInQuarter);
        section.Add("malformedEntries", coverage.MalformedEntries);
        section.Add("uncountedEntries", coverage.UncountedEntries);

        foreach (CurrencyTotals totals in report.Totals)
        {
            Rows row = rows.In("totals", currency: totals.Currency.Code);
            row.Add("budgets", totals.Budgets);
            row.Add("pledged", totals.Pledged);
            BudgetFlows(row, "inQuarter.", totals.InQuarter);
            Balances(row, "atQuarterEnd.", totals.AtQuarterEnd);
        }

        foreach (BudgetReport budget in report.Budgets)
        {
            AddBudget(rows.In("budget", budget: budget.Budget, currency: budget.Currency.Code), budget);
        }

        foreach (ProgramReport program in report.Programs)
        {
            AddProgram(rows, program);
        }

        foreach (SectorReport sector in report.Sectors)
        {
            Flows(rows.In("sector", sector: sector.Sector, currency: sector.InQuarter.Currency.Code), "inQuarter.", sector.InQuarter);
        }

        foreach (CountryReport country in report.Countries)
        {
            Flows(rows.In("country", country: country.Country, currency: country.InQuarter.Currency.Code), "inQuarter.", country.InQuarter);
        }

        foreach (MonthReport month in report.Months)
        {
            Flows(rows.In("month", currency: month.InQuarter.Currency.Code), $"month[{month.Month}].inQuarter.", month.InQuarter);
        }

        AddFindings(rows.In("findings"), report.Findings);
        foreach (SnapBackEvent snapBack in report.SnapBacks)
        {
            Rows row = rows.In("snap-back", budget: snapBack.Budget);
            string at = $"event[{snapBack.Leaf}].";
            row.Add(at + "time", snapBack.Time);
            row.Add(at + "kind", ReportText.Of(snapBack.Kind));
            row.Add(at + "finding", snapBack.Finding);
            row.Add(at + "reason", snapBack.Reason);
        }

        foreach (ConsequenceEvent consequence in report.Consequences ?? [])
        {
            Rows row = rows.In("consequence", budget: consequence.Budget);
            string at = $"event[{consequence.Leaf}].";
            row.Add(at + "time", consequence.Time);
            row.Add(at + "event", consequence.Event);
            row.Add(at + "step", consequence.Step);
            row.Add(at + "action", consequence.Action);
            row.Add(at + "tranches", consequence.Tranches);
            row.Add(at + "review", consequence.Review);
            row.Add(at + "reason", consequence.Reason);
        }

        foreach (ExemptionReport exemption in report.Exemptions)
        {
            Rows row = rows.In("exemption", budget: exemption.Budget, currency: exemption.MaxAmount.Currency.Code);
            string at = $"exemption[{exemption.Exemption}].";
            row.Add(at + "sectors", exemption.Sectors);
            row.Add(at + "modalities", exemption.Modalities);
            row.Add(at + "maxAmount", exemption.MaxAmount);
            row.Add(at + "grantedAt", exemption.GrantedAt);
            row.Add(at + "grantedLeaf", exemption.GrantedLeaf);
            row.Add(at + "sunset", exemption.Sunset);
            row.Add(at + "renewals", exemption.Renewals);
            row.Add(at + "sunsetWithin30Days", exemption.SunsetWithin30Days);
        }

        if (report.Screening is { } screening)
        {
            Rows row = rows.In("screening");
            row.Add("counterpartiesRegistered", screening.CounterpartiesRegistered);
            row.Add("screenings", screening.Screenings);
            row.Add("counterpartiesScreened", screening.CounterpartiesScreened);
            row.Add("hits", screening.Hits);
            row.Add("cleared", screening.Cleared);
            row.Add("confirmed", screening.Confirmed);
            row.Add("unreviewedHitsAtQuarterEnd", screening.UnreviewedHitsAtQuarterEnd);
            row.Add("confirmedAtQuarterEnd", screening.ConfirmedAtQuarterEnd);
            foreach (ScreeningListVersion list in screening.Lists)
            {
                string at = $"list[{list.Source}].";
                row.Add(at + "publicationDate", list.PublicationDate is { } date ? ReportText.Date(date) : null);
                row.Add(at + "sha256", list.Sha256);
                row.Add(at + "entryCount", list.EntryCount);
                row.Add(at + "loadedAt", list.LoadedAt);
                row.Add(at + "leaf", list.Leaf);
            }
        }

        foreach (ReportTransaction transaction in report.Transactions)
        {
            Rows row = rows.In("transaction", budget: transaction.Budget, program: transaction.Program ?? string.Empty, currency: transaction.Value.Currency.Code);
            string at = $"{ReportText.Of(transaction.Kind)}[{transaction.FirstLeaf}].";
            row.Add(at + "iatiTransactionType", transaction.IatiTransactionType);
            row.Add(at + "tranche", transaction.Tranche);
            row.Add(at + "month", transaction.Month);
            row.Add(at + "date", ReportText.Date(transaction.Date));
            row.Add(at + "value", transaction.Value);
            row.Add(at + "entries", transaction.EntryCount);
            row.Add(at + "firstLeafHash", transaction.FirstLeafHash.ToHex());
            row.Add(at + "lastLeaf", transaction.LastLeaf);
            row.Add(at + "lastLeafHash", transaction.LastLeafHash.ToHex());
            row.Add(at + "reference", transaction.Reference);
        }

        foreach (UncountedEntry uncounted in report.Uncounted)
        {
            Rows row = rows.In("uncounted");
            string at = $"leaf[{uncounted.Leaf}].";
            row.Add(at + "entryId", uncounted.EntryId);
            row.Add(at + "kind", uncounted.Kind);
            row.Add(at + "reason", uncounted.Reason);
        }

        foreach (LicenceReport licence in report.Licences ?? [])
        {
            Rows row = rows.In("licence");
            string at = $"licence[{licence.Licence}].";
            row.Add(at + "authority", licence.Authority);
            row.Add(at + "reference", licence.Reference);
            row.Add(at + "countries", licence.Countries);
            row.Add(at + "issued", licence.Issued);
            row.Add(at + "expires", licence.Expires);
            row.Add(at + "amendments", licence.Amendments);
            row.Add(at + "budgets", licence.Budgets);
            foreach (LicencePayments paid in licence.Paid)
            {
                Rows inCurrency = rows.In("licence", currency: paid.Amount.Currency.Code);
                inCurrency.Add(at + "payments", paid.Payments);
                inCurrency.Add(at + "paid", paid.Amount);
            }
        }

        return figures;
    }

    /// <summary>
    /// The figures on which <paramref name="reported"/> and <paramref name="recomputed"/> disagree: differing values in
    /// the order of the recomputed report, then figures only the report has. Empty when the reports agree.
    /// </summary>
    public static IReadOnlyList<FigureMismatch> Compare(QuarterlyReport reported, QuarterlyReport recomputed) =>
        Compare(Flatten(reported), Flatten(recomputed));

    /// <summary>Compares two lists of figures by <see cref="ReportFigure.Path"/> (see <see cref="Compare(QuarterlyReport, QuarterlyReport)"/>).</summary>
    /// <exception cref="ArgumentException">A list has two figures with the same path.</exception>
    public static IReadOnlyList<FigureMismatch> Compare(IReadOnlyList<ReportFigure> reported, IReadOnlyList<ReportFigure> recomputed)
    {
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(recomputed);
        Dictionary<string, string> reportedByPath = ByPath(reported, nameof(reported));
        Dictionary<string, string> recomputedByPath = ByPath(recomputed, nameof(recomputed));
        var mismatches = new List<FigureMismatch>();
        foreach (ReportFigure figure in recomputed)
        {
            string path = figure.Path;
            if (!reportedByPath.TryGetValue(path, out string? value))
            {
                mismatches.Add(new FigureMismatch(path, null, figure.Value));
            }
            else if (value != figure.Value)
            {
                mismatches.Add(new FigureMismatch(path, value, figure.Value));
            }
        }

        mismatches.AddRange(reported.Where(f => !recomputedByPath.ContainsKey(f.Path)).Select(f => new FigureMismatch(f.Path, f.Value, null)));
        return mismatches;
    }

    private static Dictionary<string, string> ByPath(IReadOnlyList<ReportFigure> figures, string parameterName)
    {
        var byPath = new Dictionary<string, string>(figures.Count, StringComparer.Ordinal);
        foreach (ReportFigure figure in figures)
        {
            if (!byPath.TryAdd(figure.Path, figure.Value))
            {
                throw new ArgumentException($"two figures have the path {figure.Path}", parameterName);
            }
        }

        return byPath;
    }

    private static void AddBudget(Rows row, BudgetReport budget)
    {
        if (budget.Vetting is { } vetting)
        {
            row.Add("vetting.listsSubmitted", vetting.ListsSubmitted);
            row.Add("vetting.listsVetted", vetting.ListsVetted);
            row.Add("vetting.rowsApproved", vetting.RowsApproved);
            row.Add("vetting.rowsRefused", vetting.RowsRefused);
            row.Add("vetting.listsExpired", vetting.ListsExpired);
        }

        row.Add("donor", budget.Donor);
        row.Add("owner", budget.Owner);
        row.Add("purpose", budget.Purpose);
        row.Add("country", budget.Country);
        row.Add("pledged", budget.Pledged);
        row.Add("snapBackClasses", budget.SnapBackClasses);
        row.Add("openedAt", budget.OpenedAt);
        row.Add("openedLeaf", budget.OpenedLeaf);
        row.Add("eligiblePrograms", budget.EligiblePrograms);
        row.Add("frozenAtQuarterEnd", budget.FrozenAtQuarterEnd);
        BudgetFlows(row, "inQuarter.", budget.InQuarter);
        Balances(row, "atQuarterEnd.", budget.AtQuarterEnd);
        row.Add("tranches", budget.Tranches.Select(t => t.Tranche));
        foreach (TrancheReport tranche in budget.Tranches)
        {
            string at = $"tranche[{tranche.Tranche}].";
            row.Add(at + "amount", tranche.Amount);
            row.Add(at + "humanitarian", tranche.Humanitarian);
            row.Add(at + "benchmarks", tranche.Benchmarks);
            row.Add(at + "status", ReportText.Of(tranche.Status));
            row.Add(at + "released", tranche.Released);
            row.Add(at + "releasedAt", tranche.ReleasedAt);
            row.Add(at + "releaseLeaf", tranche.ReleaseLeaf);
            row.Add(at + "releasedBy", tranche.ReleasedBy);
            row.Add(at + "netDisbursed", tranche.NetDisbursed);
            row.Add(at + "verifications", tranche.Verifications.Select(v => v.Benchmark));
            foreach (BenchmarkVerificationReport verification in tranche.Verifications)
            {
                string of = $"{at}verification[{verification.Benchmark}].";
                row.Add(of + "verifier", verification.Verifier);
                row.Add(of + "evidenceSha256", verification.EvidenceSha256);
                row.Add(of + "verifiedOn", ReportText.Date(verification.VerifiedOn));
                row.Add(of + "recordedAt", verification.RecordedAt);
                row.Add(of + "leaf", verification.Leaf);
            }

            row.Add(at + "indicators", tranche.Indicators.Select(i => i.Benchmark));
            foreach (BenchmarkIndicatorReport indicator in tranche.Indicators)
            {
                string of = $"{at}indicator[{indicator.Benchmark}].";
                row.Add(of + "definedOn", ReportText.Date(indicator.DefinedOn));
                row.Add(of + "indicator", indicator.Indicator);
                row.Add(of + "unit", indicator.Unit);
                row.Add(of + "baseline", IndicatorValue.Format(indicator.Baseline));
                row.Add(of + "target", IndicatorValue.Format(indicator.Target));
                row.Add(of + "direction", indicator.Direction);
                row.Add(of + "dueOn", ReportText.Date(indicator.DueOn));
                row.Add(of + "rule", $"{indicator.RequiredVerifications} from {indicator.RequiredGroups} groups");
                row.Add(of + "status", indicator.Status);
                row.Add(of + "decidedBy", indicator.DecidedBy);
                foreach (BenchmarkValueReport value in indicator.Values)
                {
                    string by = $"{of}value[{value.Verifier}].";
                    row.Add(by + "group", value.Group);
                    row.Add(by + "value", IndicatorValue.Format(value.Value));
                    row.Add(by + "verifiedOn", ReportText.Date(value.VerifiedOn));
                    row.Add(by + "leaf", value.Leaf);
                }
            }
        }
    }

    private static void AddProgram(Rows rows, ProgramReport program)
    {
        Rows row = rows.In("program", program: program.Program, currency: program.Currency.Code);
        row.Add("agency", program.Agency);
        row.Add("capPerPeriod", program.CapPerPeriod);
        row.Add("period", ReportText.Of(program.Period));
        row.Add("openedAt", program.OpenedAt);
        row.Add("openedLeaf", program.OpenedLeaf);
        row.Add("budgets", program.Budgets);
        row.Add("beneficiariesEnrolled", program.BeneficiariesEnrolled);
        Flows(row, "inQuarter.", program.InQuarter);
        row.Add("beneficiariesReached", program.BeneficiariesReached);
        row.Add("byBudget", program.ByBudget.Select(b => b.Budget));
        foreach (ProgramBudgetFlows byBudget in program.ByBudget)
        {
            Flows(rows.In("program", budget: byBudget.Budget, program: program.Program, currency: byBudget.InQuarter.Currency.Code), "inQuarter.", byBudget.InQuarter);
        }
    }

    private static void AddFindings(Rows row, FindingsSection findings)
    {
        row.Add("raisedInQuarter", findings.RaisedInQuarter);
        row.Add("disputedInQuarter", findings.DisputedInQuarter);
        row.Add("dismissedInQuarter", findings.DismissedInQuarter);
        row.Add("confirmedInQuarter", findings.ConfirmedInQuarter);
        row.Add("openAtQuarterEnd", findings.OpenAtQuarterEnd);
        row.Add("findings", findings.Findings.Select(f => f.Finding));
        foreach (FindingReport finding in findings.Findings)
        {
            string at = $"finding[{finding.Finding}].";
            row.Add(at + "watchdog", finding.Watchdog);
            row.Add(at + "class", finding.Class);
            row.Add(at + "budgets", finding.Budgets);
            row.Add(at + "programs", finding.Programs);
            row.Add(at + "leaves", finding.Leaves.Select(l => l.ToString(CultureInfo.InvariantCulture)));
            row.Add(at + "summary", finding.Summary);
            row.Add(at + "raisedAt", finding.RaisedAt);
            row.Add(at + "raisedLeaf", finding.RaisedLeaf);
            row.Add(at + "status", ReportText.Of(finding.Status));
            row.Add(at + "disputedAt", finding.DisputedAt);
            row.Add(at + "disputedLeaf", finding.DisputedLeaf);
            row.Add(at + "disputedBy", finding.DisputedBy);
            row.Add(at + "resolvedAt", finding.ResolvedAt);
            row.Add(at + "resolvedLeaf", finding.ResolvedLeaf);
            row.Add(at + "resolvedBy", finding.ResolvedBy);
            row.Add(at + "action", finding.Action);
        }
    }

    private static void Flows(Rows row, string prefix, DisbursementFlows flows)
    {
        row.Add(prefix + "disbursed", flows.Disbursed);
        row.Add(prefix + "reversed", flows.Reversed);
        row.Add(prefix + "netDisbursed", flows.NetDisbursed);
        row.Add(prefix + "disbursements", flows.DisbursementCount);
        row.Add(prefix + "reversals", flows.ReversalCount);
        row.Add(prefix + "delivered", flows.Delivered);
        row.Add(prefix + "deliveries", flows.DeliveryCount);
    }

    private static void BudgetFlows(Rows row, string prefix, BudgetFlows flows)
    {
        row.Add(prefix + "received", flows.Received);
        row.Add(prefix + "released", flows.Released);
        row.Add(prefix + "disbursed", flows.Disbursed);
        row.Add(prefix + "reversed", flows.Reversed);
        row.Add(prefix + "netDisbursed", flows.NetDisbursed);
        row.Add(prefix + "disbursements", flows.DisbursementCount);
        row.Add(prefix + "reversals", flows.ReversalCount);
        row.Add(prefix + "delivered", flows.Delivered);
        row.Add(prefix + "deliveries", flows.DeliveryCount);
    }

    private static void Balances(Rows row, string prefix, BudgetBalances balances)
    {
        row.Add(prefix + "received", balances.Received);
        row.Add(prefix + "released", balances.Released);
        row.Add(prefix + "disbursed", balances.Disbursed);
        row.Add(prefix + "reversed", balances.Reversed);
        row.Add(prefix + "netDisbursed", balances.NetDisbursed);
        row.Add(prefix + "available", balances.Available);
        row.Add(prefix + "disbursements", balances.DisbursementCount);
        row.Add(prefix + "reversals", balances.ReversalCount);
        row.Add(prefix + "delivered", balances.Delivered);
        row.Add(prefix + "deliveries", balances.DeliveryCount);
    }

    /// <summary>Adds figures under fixed key columns.</summary>
    private sealed class Rows(List<ReportFigure> figures, string section = "", string budget = "", string program = "", string sector = "", string country = "", string currency = "")
    {
        public Rows In(string section, string budget = "", string program = "", string sector = "", string country = "", string currency = "") =>
            new(figures, section, budget, program, sector, country, currency);

        public void Add(string metric, string? value) => Add(metric, value, isNumber: false);

        public void Add(string metric, Money value) => Add(metric, value.ToDecimalString(), isNumber: true);

        public void Add(string metric, long value) => Add(metric, value.ToString(CultureInfo.InvariantCulture), isNumber: true);

        public void Add(string metric, ulong value) => Add(metric, value.ToString(CultureInfo.InvariantCulture), isNumber: true);

        public void Add(string metric, ulong? value) => Add(metric, value?.ToString(CultureInfo.InvariantCulture), isNumber: true);

        public void Add(string metric, bool value) => Add(metric, value ? "true" : "false");

        public void Add(string metric, DateTimeOffset value) => Add(metric, ReportText.Time(value));

        public void Add(string metric, DateTimeOffset? value) => Add(metric, value is { } time ? ReportText.Time(time) : null);

        public void Add(string metric, IEnumerable<string> values) => Add(metric, JsonSerializer.Serialize(values.ToArray(), ListJson));

        private void Add(string metric, string? value, bool isNumber) =>
            figures.Add(new ReportFigure(section, budget, program, sector, country, currency, metric, value ?? string.Empty) { IsNumber = isNumber });
    }
}
