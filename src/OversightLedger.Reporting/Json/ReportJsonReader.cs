using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Reporting.Model;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Reporting.Json;

/// <summary>
/// Reads a report written by <see cref="ReportJsonWriter"/> back into the model, strictly: every member must be there
/// with its type, no other member may be, and every figure is read as written (nothing is recomputed), so a figure
/// edited in the file is a different figure in the model. Member order and white space do not matter.
/// </summary>
public static class ReportJsonReader
{
    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    /// <summary>Reads a report from its UTF-8 JSON bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a report of this format; the message names the member at fault.</exception>
    public static QuarterlyReport Read(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, StrictJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the report is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var fields = new JsonObjectFields(document.RootElement, "$");
            QuarterlyReport report = ReadReport(fields);
            fields.EnsureAllRead();
            return report;
        }
    }

    /// <summary>Reads a report from a file.</summary>
    /// <exception cref="FormatException">The file is not a report of this format.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<QuarterlyReport> ReadFileAsync(string path, CancellationToken cancellationToken = default) =>
        Read(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    private static QuarterlyReport ReadReport(JsonObjectFields json)
    {
        string format = json.String("format");
        if (format != QuarterlyReport.FormatName)
        {
            throw json.Error("format", $"is '{format}'; this version reads '{QuarterlyReport.FormatName}'");
        }

        ReportQuarter quarter = json.Parse("quarter", ReportQuarter.Parse);
        Expect(json, "start", quarter.Start);
        Expect(json, "end", quarter.End);
        ReportCheckpoint checkpoint = Nested(json, "checkpoint", c =>
        {
            var read = new ReportCheckpoint(c.String("origin"), c.ULong("size"), c.Parse("root", MerkleHash.FromBase64), c.String("signedNote"));
            string hex = c.String("rootHex");
            return hex == read.RootHex ? read : throw c.Error("rootHex", $"is {hex}, but root is {read.RootHex} in hex");
        });
        ReportAnchor? anchor = json.HasMemberAddedLater("anchor") ? Nested(json, "anchor", ReadAnchor) : null;
        ReportCoverage coverage = Nested(json, "coverage", c => new ReportCoverage(
            c.ULong("entriesRead"), c.ULong("entriesBeforeQuarter"), c.ULong("entriesInQuarter"), c.ULong("entriesAfterQuarter"),
            c.NullableULong("firstLeafInQuarter"), c.NullableULong("lastLeafInQuarter"), c.ULong("malformedEntries"), c.ULong("uncountedEntries")));
        IReadOnlyList<CurrencyTotals> totals = json.Array("totals", t =>
        {
            Currency currency = t.Currency("currency");
            return new CurrencyTotals(
                currency, t.Long("budgets"), t.Money("pledged", currency), Nested(t, "inQuarter", f => ReadBudgetFlows(f, currency)),
                Nested(t, "atQuarterEnd", b => ReadBalances(b, currency)));
        });
        IReadOnlyList<BudgetReport> budgets = json.Array("budgets", ReadBudget);
        IReadOnlyList<ProgramReport> programs = json.Array("programs", ReadProgram);
        IReadOnlyList<SectorReport> sectors = json.Array("sectors", s => new SectorReport(s.String("sector"), CurrencyFlows(s)));
        IReadOnlyList<CountryReport> countries = json.Array("countries", c => new CountryReport(c.String("country"), CurrencyFlows(c)));
        IReadOnlyList<MonthReport> months = json.Array("months", m => new MonthReport(m.String("month"), CurrencyFlows(m)));
        FindingsSection findings = Nested(json, "findings", ReadFindings);
        IReadOnlyList<SnapBackEvent> snapBacks = json.Array("snapBacks", e => new SnapBackEvent(
            e.ULong("leaf"), e.Time("time"), e.String("budget"), e.Parse("kind", Enumerated<SnapBackEventKind>(ReportText.TryParse)),
            e.NullableString("finding"), e.String("reason")));
        IReadOnlyList<ConsequenceEvent>? consequences = json.HasMemberAddedLater("consequences")
            ? json.Array("consequences", e => new ConsequenceEvent(
                e.ULong("leaf"), e.Time("time"), e.String("budget"), e.String("event"), (int)e.Long("step"), e.String("action"), e.Names("tranches"),
                e.String("review"), e.NullableString("reason")))
            : null;
        IReadOnlyList<ExemptionReport> exemptions = json.Array("exemptions", e =>
        {
            string budget = e.String("budget"), exemption = e.String("exemption");
            var sectorCodes = e.Names("sectors");
            var modalities = e.Names("modalities");
            Currency currency = e.Currency("currency");
            return new ExemptionReport(
                budget, exemption, sectorCodes, modalities, e.Money("maxAmount", currency), e.Time("grantedAt"), e.ULong("grantedLeaf"),
                e.Time("sunset"), e.Long("renewals"), e.Boolean("sunsetWithin30Days"));
        });
        ScreeningSection? screening = json.HasMemberAddedLater("screening") ? Nested(json, "screening", ReadScreening) : null;
        IReadOnlyList<ReportTransaction> transactions = json.Array("transactions", ReadTransaction);
        IReadOnlyList<UncountedEntry> uncounted = json.Array("uncounted", u => new UncountedEntry(
            u.ULong("leaf"), u.NullableString("entryId"), u.NullableString("kind"), u.String("reason")));
        IReadOnlyList<LicenceReport>? licences = json.HasMemberAddedLater("licences") ? json.Array("licences", ReadLicence) : null;
        return new QuarterlyReport(
            quarter, checkpoint, coverage, totals, budgets, programs, sectors, countries, months, findings, snapBacks, exemptions, transactions, uncounted, anchor,
            screening, consequences, licences);
    }

    private static ScreeningSection ReadScreening(JsonObjectFields s) => new(
        s.Long("counterpartiesRegistered"), s.Long("screenings"), s.Long("counterpartiesScreened"), s.Long("hits"), s.Long("cleared"), s.Long("confirmed"),
        s.Long("unreviewedHitsAtQuarterEnd"), s.Long("confirmedAtQuarterEnd"),
        s.Array("lists", l => new ScreeningListVersion(
            l.String("source"), l.NullableString("publicationDate") is null ? null : l.Parse<DateOnly?>("publicationDate", text => ReportText.ParseDate(text)), l.String("sha256"),
            l.Long("entryCount"), l.Time("loadedAt"), l.ULong("leaf"))));

    private static LicenceReport ReadLicence(JsonObjectFields l) => new(
        l.String("licence"), l.String("authority"), l.String("reference"), l.Names("countries"), l.Time("issued"), l.Time("expires"), l.Long("amendments"),
        l.Names("budgets"), l.Array("paid", p =>
        {
            Currency currency = p.Currency("currency");
            return new LicencePayments(p.Long("payments"), p.Money("amount", currency));
        }));

    private static ReportAnchor ReadAnchor(JsonObjectFields a)
    {
        var read = new ReportAnchor(
            a.ULong("checkpointSize"), a.Parse("root", MerkleHash.FromBase64), a.String("network"), a.String("transactionId"), a.String("blockHash"),
            a.Long("blockHeight"), a.String("proofSha256"), a.ULong("leaf"));
        string hex = a.String("rootHex");
        if (hex != read.CheckpointRoot.ToHex())
        {
            throw a.Error("rootHex", $"is {hex}, but root is {read.CheckpointRoot.ToHex()} in hex");
        }

        string proof = a.String("proof");
        return proof == read.ProofPath ? read : throw a.Error("proof", $"is {proof}, but the proof of size {read.CheckpointSize} is at {read.ProofPath}");
    }

    private static BudgetReport ReadBudget(JsonObjectFields b)
    {
        string budget = b.String("budget"), donor = b.String("donor"), owner = b.String("owner"), purpose = b.String("purpose"), country = b.String("country");
        Currency currency = b.Currency("currency");
        PaymentListVettingCounts? vetting = b.HasMemberAddedLater("vetting")
            ? Nested(b, "vetting", v => new PaymentListVettingCounts(v.Long("listsSubmitted"), v.Long("listsVetted"), v.Long("rowsApproved"), v.Long("rowsRefused"), v.Long("listsExpired")))
            : null;
        return new BudgetReport(
            budget, donor, owner, purpose, country, currency, b.Money("pledged", currency), b.Names("snapBackClasses"), b.Time("openedAt"),
            b.ULong("openedLeaf"), b.Names("eligiblePrograms"), b.Boolean("frozenAtQuarterEnd"), Nested(b, "inQuarter", f => ReadBudgetFlows(f, currency)),
            Nested(b, "atQuarterEnd", f => ReadBalances(f, currency)),
            b.Array("tranches", t => new TrancheReport(
                t.String("tranche"), t.Money("amount", currency), t.Boolean("humanitarian"), t.Names("benchmarks"),
                t.Parse("status", Enumerated<TrancheStatus>(ReportText.TryParse)), t.Money("released", currency), t.NullableTime("releasedAt"),
                t.NullableULong("releaseLeaf"), t.NullableString("releasedBy"), t.Money("netDisbursed", currency),
                t.Array("verifications", v => new BenchmarkVerificationReport(
                    v.String("benchmark"), v.String("verifier"), v.String("evidenceSha256"), v.Date("verifiedOn"), v.Time("recordedAt"), v.ULong("leaf"))),
                t.Array("indicators", i => new BenchmarkIndicatorReport(
                    i.String("benchmark"), i.Date("definedOn"), i.String("indicator"), i.String("unit"), IndicatorNumber(i, "baseline"), IndicatorNumber(i, "target"), i.String("direction"),
                    i.Date("dueOn"), (int)i.Long("requiredVerifications"), (int)i.Long("requiredGroups"), i.String("status"), i.NullableString("decidedBy"),
                    i.Array("values", v => new BenchmarkValueReport(v.String("verifier"), v.String("group"), IndicatorNumber(v, "value"), v.Date("verifiedOn"), v.ULong("leaf"))))))),
            vetting);
    }

    private static decimal IndicatorNumber(JsonObjectFields fields, string name)
    {
        string text = fields.String(name);
        return IndicatorValue.TryParse(text, out decimal value) && IndicatorValue.Format(value) == text
            ? value
            : throw new FormatException($"'{name}' must be a number such as \"82.5\", not '{text}'");
    }

    private static ProgramReport ReadProgram(JsonObjectFields p)
    {
        string program = p.String("program"), agency = p.String("agency");
        Currency currency = p.Currency("currency");
        return new ProgramReport(
            program, agency, currency, p.Money("capPerPeriod", currency), p.Parse("period", Enumerated<CapPeriod>(ReportText.TryParse)),
            p.Time("openedAt"), p.ULong("openedLeaf"), p.Names("budgets"), p.Long("beneficiariesEnrolled"),
            Nested(p, "inQuarter", f => ReadFlows(f, currency)), p.Long("beneficiariesReached"),
            p.Array("byBudget", b => new ProgramBudgetFlows(b.String("budget"), Nested(b, "inQuarter", f => ReadFlows(f, currency)))));
    }

    private static FindingsSection ReadFindings(JsonObjectFields f) => new(
        f.Long("raisedInQuarter"), f.Long("disputedInQuarter"), f.Long("dismissedInQuarter"), f.Long("confirmedInQuarter"), f.Long("openAtQuarterEnd"),
        f.Array("findings", x => new FindingReport(
            x.String("finding"), x.String("watchdog"), x.String("class"), x.Names("budgets"), x.Names("programs"), x.Longs("leaves"), x.String("summary"),
            x.Time("raisedAt"), x.ULong("raisedLeaf"), x.Parse("status", Enumerated<FindingStatus>(ReportText.TryParse)), x.NullableTime("disputedAt"),
            x.NullableULong("disputedLeaf"), x.NullableString("disputedBy"), x.NullableTime("resolvedAt"), x.NullableULong("resolvedLeaf"),
            x.NullableString("resolvedBy"), x.NullableString("action"))));

    private static ReportTransaction ReadTransaction(JsonObjectFields t)
    {
        string budget = t.String("budget");
        ReportTransactionKind kind = t.Parse("kind", Enumerated<ReportTransactionKind>(ReportText.TryParse));
        long iatiType = t.Long("iatiTransactionType");
        Currency currency = t.Currency("currency");
        var transaction = new ReportTransaction(
            budget, kind, t.NullableString("program"), t.NullableString("tranche"), t.NullableString("month"), t.Date("date"), t.Money("value", currency),
            t.Long("entries"), t.ULong("firstLeaf"), t.Parse("firstLeafHash", MerkleHash.FromHex), t.ULong("lastLeaf"),
            t.Parse("lastLeafHash", MerkleHash.FromHex), t.NullableString("reference"));
        return transaction.IatiTransactionType == iatiType
            ? transaction
            : throw t.Error("iatiTransactionType", $"is {iatiType}, but a {ReportText.Of(kind)} transaction is type {transaction.IatiTransactionType}");
    }

    private static DisbursementFlows CurrencyFlows(JsonObjectFields json)
    {
        Currency currency = json.Currency("currency");
        return Nested(json, "inQuarter", f => ReadFlows(f, currency));
    }

    private static DisbursementFlows ReadFlows(JsonObjectFields f, Currency currency) => new(
        f.Money("disbursed", currency), f.Money("reversed", currency), f.Money("netDisbursed", currency), f.Long("disbursements"), f.Long("reversals"), f.MoneyAddedLater("delivered", currency), f.LongAddedLater("deliveries"));

    private static BudgetFlows ReadBudgetFlows(JsonObjectFields f, Currency currency) => new(
        f.Money("received", currency), f.Money("released", currency), f.Money("disbursed", currency), f.Money("reversed", currency),
        f.Money("netDisbursed", currency), f.Long("disbursements"), f.Long("reversals"), f.MoneyAddedLater("delivered", currency), f.LongAddedLater("deliveries"));

    private static BudgetBalances ReadBalances(JsonObjectFields f, Currency currency) => new(
        f.Money("received", currency), f.Money("released", currency), f.Money("disbursed", currency), f.Money("reversed", currency),
        f.Money("netDisbursed", currency), f.Money("available", currency), f.Long("disbursements"), f.Long("reversals"), f.MoneyAddedLater("delivered", currency), f.LongAddedLater("deliveries"));

    private static T Nested<T>(JsonObjectFields parent, string name, Func<JsonObjectFields, T> read)
    {
        JsonObjectFields fields = parent.Object(name);
        T value = read(fields);
        fields.EnsureAllRead();
        return value;
    }

    private static void Expect(JsonObjectFields json, string name, DateTimeOffset expected)
    {
        DateTimeOffset actual = json.Time(name);
        if (actual != expected)
        {
            throw json.Error(name, $"is {ReportText.Time(actual)}, but the quarter's is {ReportText.Time(expected)}");
        }
    }

    private delegate bool TryParseText<T>(string text, out T value);

    private static Func<string, T> Enumerated<T>(TryParseText<T> tryParse) =>
        text => tryParse(text, out T value) ? value : throw new FormatException($"'{text}' is not a known value");
}
