using System.Globalization;
using System.Text;
using System.Xml;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// Writes a <see cref="QuarterlyReport"/> as an IATI 2.03 activity file (<c>iati-activities</c>): one
/// <c>iati-activity</c> per budget, with the budget's transactions within the quarter, each citing its log entries in
/// the <see cref="IatiLedgerExtension"/> namespace.
/// </summary>
/// <remarks>
/// <para>
/// Elements follow the order of <c>iati-activities-schema.xsd</c>. Per activity: <c>iati-identifier</c> (reporting-org
/// ref + budget id), <c>reporting-org</c>, <c>title</c>, <c>description</c>, <c>participating-org</c> (role 1 funding:
/// the donor; role 4 implementing: the agency of each eligible program), <c>activity-status</c> (2 implementation, or 6
/// suspended while frozen by snap-back), <c>activity-date</c> (type 2, actual start: the day the budget was opened),
/// <c>recipient-country</c>, <c>sector</c> (vocabulary 1, the DAC 5-digit purpose), then the transactions: type 1
/// incoming funds (<c>FundsReceived</c>), 2 outgoing commitment (<c>TrancheReleased</c>), 3 disbursement (the
/// <c>Disbursed</c> entries of one program and month; reversals as type 3 with a negative value). The model has no
/// expenditure, so no type 4 is written.
/// </para>
/// <para>
/// <b>Humanitarian.</b> An activity is marked <c>@humanitarian="1"</c> when its budget has a humanitarian tranche or an
/// exemption in force at the end of the quarter. In such an activity each commitment says whether its tranche is
/// humanitarian (<c>1</c> or <c>0</c>); other transactions inherit the activity's flag, since an aggregate of
/// disbursements may draw on several tranches.
/// </para>
/// <para>
/// <b>Deterministic.</b> The same report and options always give the same bytes: UTF-8 without a byte order mark,
/// two-space indentation, <c>\n</c> line ends, and times from the report (see <see cref="IatiWriterOptions.GeneratedAt"/>),
/// never from the clock.
/// </para>
/// </remarks>
public static class IatiActivityWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the IATI activity file of <paramref name="report"/>.</summary>
    /// <returns>The file's bytes (UTF-8 XML).</returns>
    /// <exception cref="InvalidOperationException">
    /// The report has no budget (an IATI file needs at least one activity), or <see cref="IatiWriterOptions.Codelists"/>
    /// is set and a code is not an active code of its list.
    /// </exception>
    public static byte[] Write(QuarterlyReport report, IatiWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ReportingOrgRef);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ReportingOrgName);
        if (report.Budgets.Count == 0)
        {
            throw new InvalidOperationException(
                $"the report for {report.Quarter} has no budget: an IATI activity file must hold at least one iati-activity");
        }

        var settings = new XmlWriterSettings
        {
            Encoding = Utf8,
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            CheckCharacters = true,
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            new Writer(report, options, xml).WriteDocument();
        }

        return stream.ToArray();
    }

    private sealed class Writer(QuarterlyReport report, IatiWriterOptions options, XmlWriter xml)
    {
        private readonly Dictionary<string, ProgramReport> _programs = report.Programs.ToDictionary(p => p.Program, StringComparer.Ordinal);
        private readonly ILookup<string, ReportTransaction> _transactions = report.Transactions.ToLookup(t => t.Budget, StringComparer.Ordinal);
        private readonly string _generated = ReportText.Time(options.GeneratedAt ?? report.Quarter.End);

        public void WriteDocument()
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("iati-activities");
            xml.WriteAttributeString("version", IatiCodes.StandardVersion);
            xml.WriteAttributeString("generated-datetime", _generated);
            xml.WriteAttributeString("xmlns", IatiLedgerExtension.Prefix, null, IatiLedgerExtension.Namespace);
            foreach (BudgetReport budget in report.Budgets)
            {
                WriteActivity(budget);
            }

            WriteCheckpoint();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private void WriteActivity(BudgetReport budget)
        {
            bool humanitarian = HumanitarianFlags.IsHumanitarian(budget, report.Exemptions);
            xml.WriteStartElement("iati-activity");
            xml.WriteAttributeString("last-updated-datetime", _generated);
            xml.WriteAttributeString("xml", "lang", null, "en");
            xml.WriteAttributeString("default-currency", Code(IatiCodes.Lists.Currency, budget.Currency.Code, $"the currency of budget {budget.Budget}"));
            if (humanitarian)
            {
                xml.WriteAttributeString("humanitarian", "1");
            }

            xml.WriteElementString("iati-identifier", UntrustedText.ForXml($"{options.ReportingOrgRef}-{budget.Budget}"));

            xml.WriteStartElement("reporting-org");
            xml.WriteAttributeString("ref", UntrustedText.ForXml(options.ReportingOrgRef));
            xml.WriteAttributeString("type", Code(IatiCodes.Lists.OrganisationType, options.ReportingOrgType, "the reporting organisation's type"));
            WriteNarrative(options.ReportingOrgName);
            xml.WriteEndElement();

            xml.WriteStartElement("title");
            WriteNarrative($"Ring-fenced budget {budget.Budget} funded by {budget.Donor}");
            xml.WriteEndElement();

            xml.WriteStartElement("description");
            WriteNarrative(Description(budget, humanitarian));
            xml.WriteEndElement();

            WriteParticipatingOrg(IatiCodes.RoleFunding, budget.Donor);
            foreach (string agency in Agencies(budget))
            {
                WriteParticipatingOrg(IatiCodes.RoleImplementing, agency);
            }

            xml.WriteStartElement("activity-status");
            xml.WriteAttributeString(
                "code",
                Code(IatiCodes.Lists.ActivityStatus, budget.FrozenAtQuarterEnd ? IatiCodes.ActivitySuspended : IatiCodes.ActivityImplementation, "activity status"));
            xml.WriteEndElement();

            xml.WriteStartElement("activity-date");
            xml.WriteAttributeString("type", IatiCodes.ActivityDateActualStart);
            xml.WriteAttributeString("iso-date", ReportText.Date(DateOnly.FromDateTime(budget.OpenedAt.UtcDateTime)));
            xml.WriteEndElement();

            xml.WriteStartElement("recipient-country");
            xml.WriteAttributeString("code", Code(IatiCodes.Lists.Country, budget.Country, $"the recipient country of budget {budget.Budget}"));
            xml.WriteEndElement();

            xml.WriteStartElement("sector");
            xml.WriteAttributeString("vocabulary", Code(IatiCodes.Lists.SectorVocabulary, IatiCodes.SectorVocabularyDac5, "sector vocabulary"));
            xml.WriteAttributeString("code", Code(IatiCodes.Lists.Sector, budget.Purpose, $"the DAC purpose of budget {budget.Budget}"));
            xml.WriteEndElement();

            foreach (ReportTransaction transaction in _transactions[budget.Budget])
            {
                WriteTransaction(budget, transaction, humanitarian);
            }

            foreach (TrancheReport tranche in budget.Tranches.Where(t => t.Indicators.Count > 0))
            {
                WriteResult(tranche);
            }

            xml.WriteEndElement();
        }

        /// <summary>
        /// Issue 15: a tranche's defined benchmarks as one outcome <c>result</c>: per benchmark an <c>indicator</c> with
        /// its baseline, and a period (the report's quarter) with the target and each counted value as an <c>actual</c>.
        /// </summary>
        private void WriteResult(TrancheReport tranche)
        {
            xml.WriteStartElement("result");
            xml.WriteAttributeString("type", IatiCodes.ResultOutcome);
            xml.WriteStartElement("title");
            WriteNarrative($"Benchmarks of tranche {tranche.Tranche}");
            xml.WriteEndElement();
            foreach (BenchmarkIndicatorReport indicator in tranche.Indicators)
            {
                xml.WriteStartElement("indicator");
                xml.WriteAttributeString("measure", indicator.Unit is "percent" or "%" ? IatiCodes.MeasurePercentage : IatiCodes.MeasureUnit);
                xml.WriteAttributeString("ascending", indicator.Direction == TargetDirections.AtMost ? "0" : "1");
                xml.WriteStartElement("title");
                WriteNarrative(indicator.Indicator);
                xml.WriteEndElement();
                xml.WriteStartElement("description");
                WriteNarrative(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Benchmark {indicator.Benchmark} ({indicator.Unit}): {indicator.Direction} {IndicatorValue.Format(indicator.Target)} by {ReportText.Date(indicator.DueOn)}; {indicator.RequiredVerifications} verifications from {indicator.RequiredGroups} verifier groups; status at quarter end: {indicator.Status}{(indicator.DecidedBy is null ? string.Empty : " (decided by the budget's owner)")}."));
                xml.WriteEndElement();
                xml.WriteStartElement("baseline");
                xml.WriteAttributeString("year", indicator.DefinedOn.Year.ToString(CultureInfo.InvariantCulture));
                xml.WriteAttributeString("iso-date", ReportText.Date(indicator.DefinedOn));
                xml.WriteAttributeString("value", IndicatorValue.Format(indicator.Baseline));
                xml.WriteEndElement();
                xml.WriteStartElement("period");
                xml.WriteStartElement("period-start");
                xml.WriteAttributeString("iso-date", ReportText.Date(DateOnly.FromDateTime(report.Quarter.Start.UtcDateTime)));
                xml.WriteEndElement();
                xml.WriteStartElement("period-end");
                xml.WriteAttributeString("iso-date", ReportText.Date(DateOnly.FromDateTime(report.Quarter.End.UtcDateTime).AddDays(-1)));
                xml.WriteEndElement();
                xml.WriteStartElement("target");
                xml.WriteAttributeString("value", IndicatorValue.Format(indicator.Target));
                xml.WriteEndElement();
                foreach (BenchmarkValueReport value in indicator.Values)
                {
                    xml.WriteStartElement("actual");
                    xml.WriteAttributeString("value", IndicatorValue.Format(value.Value));
                    xml.WriteStartElement("comment");
                    WriteNarrative($"verified by {value.Verifier} ({value.Group}) on {ReportText.Date(value.VerifiedOn)}, leaf {value.Leaf.ToString(CultureInfo.InvariantCulture)}");
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        private void WriteTransaction(BudgetReport budget, ReportTransaction transaction, bool activityHumanitarian)
        {
            xml.WriteStartElement("transaction");
            if (transaction.Reference is not null)
            {
                xml.WriteAttributeString("ref", UntrustedText.ForXml(transaction.Reference));
            }

            if (activityHumanitarian && transaction.Kind == ReportTransactionKind.Commitment
                && HumanitarianFlags.TrancheIsHumanitarian(budget, transaction.Tranche) is bool trancheHumanitarian)
            {
                xml.WriteAttributeString("humanitarian", trancheHumanitarian ? "1" : "0");
            }

            string type = transaction.IatiTransactionType.ToString(CultureInfo.InvariantCulture);
            xml.WriteStartElement("transaction-type");
            xml.WriteAttributeString("code", Code(IatiCodes.Lists.TransactionType, type, "transaction type"));
            xml.WriteEndElement();

            string date = ReportText.Date(transaction.Date);
            xml.WriteStartElement("transaction-date");
            xml.WriteAttributeString("iso-date", date);
            xml.WriteEndElement();

            xml.WriteStartElement("value");
            xml.WriteAttributeString("currency", Code(IatiCodes.Lists.Currency, transaction.Value.Currency.Code, "a transaction's currency"));
            xml.WriteAttributeString("value-date", date);
            xml.WriteString(transaction.Value.ToDecimalString());
            xml.WriteEndElement();

            xml.WriteStartElement("description");
            WriteNarrative(TransactionDescription(budget, transaction));
            xml.WriteEndElement();

            switch (transaction.Kind)
            {
                case ReportTransactionKind.IncomingFunds:
                    WriteOrg("provider-org", budget.Donor);
                    break;
                case ReportTransactionKind.Disbursements or ReportTransactionKind.Reversals when transaction.Program is not null:
                    WriteOrg("receiver-org", ProgramLabel(transaction.Program));
                    break;
                default:
                    break;
            }

            WriteLeaves(transaction);
            xml.WriteEndElement();
        }

        private void WriteLeaves(ReportTransaction transaction)
        {
            if (transaction.EntryCount == 1 && transaction.FirstLeaf == transaction.LastLeaf)
            {
                WriteLeaf(transaction.FirstLeaf, transaction.FirstLeafHash.ToHex());
                return;
            }

            xml.WriteStartElement(IatiLedgerExtension.Prefix, "leaf-range", IatiLedgerExtension.Namespace);
            xml.WriteAttributeString("count", transaction.EntryCount.ToString(CultureInfo.InvariantCulture));
            WriteLeaf(transaction.FirstLeaf, transaction.FirstLeafHash.ToHex());
            WriteLeaf(transaction.LastLeaf, transaction.LastLeafHash.ToHex());
            xml.WriteEndElement();
        }

        private void WriteLeaf(ulong index, string hashHex)
        {
            xml.WriteStartElement(IatiLedgerExtension.Prefix, "leaf", IatiLedgerExtension.Namespace);
            xml.WriteAttributeString("index", index.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("hash", hashHex);
            xml.WriteEndElement();
        }

        private void WriteCheckpoint()
        {
            ReportCheckpoint checkpoint = report.Checkpoint;
            xml.WriteStartElement(IatiLedgerExtension.Prefix, "checkpoint", IatiLedgerExtension.Namespace);
            xml.WriteAttributeString("quarter", report.Quarter.ToString());
            xml.WriteAttributeString("origin", UntrustedText.ForXml(checkpoint.Origin));
            xml.WriteAttributeString("size", checkpoint.Size.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("root", checkpoint.RootHex);
            xml.WriteString(UntrustedText.ForXml(checkpoint.SignedNote));
            xml.WriteEndElement();
        }

        private void WriteParticipatingOrg(string role, string name)
        {
            xml.WriteStartElement("participating-org");
            xml.WriteAttributeString("role", Code(IatiCodes.Lists.OrganisationRole, role, "a participating organisation's role"));
            WriteNarrative(name);
            xml.WriteEndElement();
        }

        private void WriteOrg(string element, string name)
        {
            xml.WriteStartElement(element);
            WriteNarrative(name);
            xml.WriteEndElement();
        }

        private void WriteNarrative(string text) => xml.WriteElementString("narrative", UntrustedText.ForXml(text));

        private IEnumerable<string> Agencies(BudgetReport budget)
        {
            IEnumerable<string> programs = budget.EligiblePrograms.Concat(
                _transactions[budget.Budget].Select(t => t.Program).OfType<string>());
            return programs
                .Select(program => _programs.TryGetValue(program, out ProgramReport? found) ? found.Agency : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal);
        }

        private string ProgramLabel(string program) =>
            _programs.TryGetValue(program, out ProgramReport? found) ? $"{found.Agency} (program {program})" : $"program {program}";

        private string Description(BudgetReport budget, bool humanitarian)
        {
            ReportCheckpoint checkpoint = report.Checkpoint;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Ring-fenced budget {budget.Budget}, opened on {ReportText.Date(DateOnly.FromDateTime(budget.OpenedAt.UtcDateTime))} by donor {budget.Donor} ")
                .Append(CultureInfo.InvariantCulture, $"for DAC purpose {budget.Purpose} in {budget.Country}: {budget.Pledged} pledged in {budget.Tranches.Count} tranche(s).");
            if (humanitarian)
            {
                text.Append(" It funds humanitarian activities (a humanitarian tranche or an exemption in force).");
            }

            if (budget.FrozenAtQuarterEnd)
            {
                text.Append(" It was frozen (snap-back) at the end of the quarter.");
            }

            text.Append(CultureInfo.InvariantCulture, $" Transactions of {report.Quarter} as recorded in the public log {checkpoint.Origin}, ")
                .Append(CultureInfo.InvariantCulture, $"computed at its checkpoint of tree size {checkpoint.Size} (root {checkpoint.RootHex}). ")
                .Append("Disbursements are added up per program and month; every transaction cites the log entries it stands for.");
            return text.ToString();
        }

        private string TransactionDescription(BudgetReport budget, ReportTransaction transaction)
        {
            string leaves = transaction.FirstLeaf == transaction.LastLeaf
                ? $"log entry {transaction.FirstLeaf}"
                : $"log entries {transaction.FirstLeaf} to {transaction.LastLeaf}";
            return transaction.Kind switch
            {
                ReportTransactionKind.IncomingFunds =>
                    $"Funds received from donor {budget.Donor} (payment reference {transaction.Reference ?? "none"}), {leaves}.",
                ReportTransactionKind.Commitment =>
                    $"Tranche {transaction.Tranche} released by the budget owner: money made available to disburse, {leaves}.",
                ReportTransactionKind.Disbursements =>
                    $"{Count(transaction.EntryCount, "disbursement")} to beneficiaries by {ProgramLabel(transaction.Program ?? "?")} in {transaction.Month}, {leaves}.",
                _ =>
                    $"{Count(transaction.EntryCount, "reversal")} of disbursements by {ProgramLabel(transaction.Program ?? "?")} in {transaction.Month}, {leaves}.",
            };
        }

        private string Code(string codelist, string code, string usedFor) =>
            options.Codelists is { } lists ? lists.Require(codelist, code, usedFor) : code;

        private static string Count(long count, string noun) =>
            string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
    }
}
