using System.Text.Encodings.Web;
using System.Text.Json;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Json;

/// <summary>
/// Writes a <see cref="QuarterlyReport"/> as indented JSON (UTF-8, no byte order mark, <c>\n</c> line ends), every
/// figure with its properties in a fixed order and every null written out, so the same report always gives the same
/// bytes. Money is a decimal string with the currency's minor-unit decimals; times are UTC RFC 3339; leaf hashes and
/// SHA-256 digests are lower-case hex; the checkpoint root is base64, as in the checkpoint text.
/// <see cref="ReportJsonReader"/> reads it back.
/// </summary>
public static class ReportJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        // Non-ASCII text (names, the em dash of signature lines) is written as UTF-8, not \u escapes; HTML renderers escape for themselves.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report's JSON bytes.</summary>
    public static byte[] ToUtf8Bytes(QuarterlyReport report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the report's JSON to <paramref name="stream"/>, ending in a newline.</summary>
    public static void Write(QuarterlyReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            WriteReport(json, report);
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteReport(Utf8JsonWriter json, QuarterlyReport report)
    {
        json.WriteStartObject();
        json.WriteString("format", QuarterlyReport.FormatName);
        json.WriteString("quarter", report.Quarter.ToString());
        json.WriteString("start", ReportText.Time(report.Quarter.Start));
        json.WriteString("end", ReportText.Time(report.Quarter.End));

        json.WriteStartObject("checkpoint");
        json.WriteString("origin", report.Checkpoint.Origin);
        json.WriteNumber("size", report.Checkpoint.Size);
        json.WriteString("root", report.Checkpoint.Root.ToBase64());
        json.WriteString("rootHex", report.Checkpoint.RootHex);
        json.WriteString("signedNote", report.Checkpoint.SignedNote);
        json.WriteEndObject();

        // Only when the log records an anchor: a report without one keeps the bytes it had before anchors existed.
        if (report.Anchor is { } anchor)
        {
            json.WriteStartObject("anchor");
            json.WriteNumber("checkpointSize", anchor.CheckpointSize);
            json.WriteString("root", anchor.CheckpointRoot.ToBase64());
            json.WriteString("rootHex", anchor.CheckpointRoot.ToHex());
            json.WriteString("network", anchor.Network);
            json.WriteString("transactionId", anchor.TransactionId);
            json.WriteString("blockHash", anchor.BlockHash);
            json.WriteNumber("blockHeight", anchor.BlockHeight);
            json.WriteString("proofSha256", anchor.ProofSha256);
            json.WriteString("proof", anchor.ProofPath);
            json.WriteNumber("leaf", anchor.Leaf);
            json.WriteEndObject();
        }

        ReportCoverage coverage = report.Coverage;
        json.WriteStartObject("coverage");
        json.WriteNumber("entriesRead", coverage.EntriesRead);
        json.WriteNumber("entriesBeforeQuarter", coverage.EntriesBeforeQuarter);
        json.WriteNumber("entriesInQuarter", coverage.EntriesInQuarter);
        json.WriteNumber("entriesAfterQuarter", coverage.EntriesAfterQuarter);
        Number(json, "firstLeafInQuarter", coverage.FirstLeafInQuarter);
        Number(json, "lastLeafInQuarter", coverage.LastLeafInQuarter);
        json.WriteNumber("malformedEntries", coverage.MalformedEntries);
        json.WriteNumber("uncountedEntries", coverage.UncountedEntries);
        json.WriteEndObject();

        Array(json, "totals", report.Totals, (j, t) =>
        {
            j.WriteString("currency", t.Currency.Code);
            j.WriteNumber("budgets", t.Budgets);
            Amount(j, "pledged", t.Pledged);
            BudgetFlows(j, "inQuarter", t.InQuarter);
            Balances(j, "atQuarterEnd", t.AtQuarterEnd);
        });
        Array(json, "budgets", report.Budgets, WriteBudget);
        Array(json, "programs", report.Programs, WriteProgram);
        Array(json, "sectors", report.Sectors, (j, s) =>
        {
            j.WriteString("sector", s.Sector);
            j.WriteString("currency", s.InQuarter.Currency.Code);
            Flows(j, "inQuarter", s.InQuarter);
        });
        Array(json, "countries", report.Countries, (j, c) =>
        {
            j.WriteString("country", c.Country);
            j.WriteString("currency", c.InQuarter.Currency.Code);
            Flows(j, "inQuarter", c.InQuarter);
        });
        Array(json, "months", report.Months, (j, m) =>
        {
            j.WriteString("month", m.Month);
            j.WriteString("currency", m.InQuarter.Currency.Code);
            Flows(j, "inQuarter", m.InQuarter);
        });
        WriteFindings(json, report.Findings);
        Array(json, "snapBacks", report.SnapBacks, (j, e) =>
        {
            j.WriteNumber("leaf", e.Leaf);
            j.WriteString("time", ReportText.Time(e.Time));
            j.WriteString("budget", e.Budget);
            j.WriteString("kind", ReportText.Of(e.Kind));
            j.WriteString("finding", e.Finding);
            j.WriteString("reason", e.Reason);
        });
        // Only when a ladder stepped in the quarter: a report without one keeps the bytes it had before ladders existed.
        if (report.Consequences is { Count: > 0 } consequences)
        {
            Array(json, "consequences", consequences, (j, e) =>
            {
                j.WriteNumber("leaf", e.Leaf);
                j.WriteString("time", ReportText.Time(e.Time));
                j.WriteString("budget", e.Budget);
                j.WriteString("event", e.Event);
                j.WriteNumber("step", e.Step);
                j.WriteString("action", e.Action);
                Names(j, "tranches", e.Tranches);
                j.WriteString("review", e.Review);
                j.WriteString("reason", e.Reason);
            });
        }

        Array(json, "exemptions", report.Exemptions, (j, e) =>
        {
            j.WriteString("budget", e.Budget);
            j.WriteString("exemption", e.Exemption);
            Names(j, "sectors", e.Sectors);
            Names(j, "modalities", e.Modalities);
            j.WriteString("currency", e.MaxAmount.Currency.Code);
            Amount(j, "maxAmount", e.MaxAmount);
            j.WriteString("grantedAt", ReportText.Time(e.GrantedAt));
            j.WriteNumber("grantedLeaf", e.GrantedLeaf);
            j.WriteString("sunset", ReportText.Time(e.Sunset));
            j.WriteNumber("renewals", e.Renewals);
            j.WriteBoolean("sunsetWithin30Days", e.SunsetWithin30Days);
        });
        // Only when the log registers a counterparty or records a list: other reports keep the bytes they had before.
        if (report.Screening is { } screening)
        {
            json.WriteStartObject("screening");
            json.WriteNumber("counterpartiesRegistered", screening.CounterpartiesRegistered);
            json.WriteNumber("screenings", screening.Screenings);
            json.WriteNumber("counterpartiesScreened", screening.CounterpartiesScreened);
            json.WriteNumber("hits", screening.Hits);
            json.WriteNumber("cleared", screening.Cleared);
            json.WriteNumber("confirmed", screening.Confirmed);
            json.WriteNumber("unreviewedHitsAtQuarterEnd", screening.UnreviewedHitsAtQuarterEnd);
            json.WriteNumber("confirmedAtQuarterEnd", screening.ConfirmedAtQuarterEnd);
            Array(json, "lists", screening.Lists, (j, l) =>
            {
                j.WriteString("source", l.Source);
                j.WriteString("publicationDate", l.PublicationDate is { } date ? ReportText.Date(date) : null);
                j.WriteString("sha256", l.Sha256);
                j.WriteNumber("entryCount", l.EntryCount);
                j.WriteString("loadedAt", ReportText.Time(l.LoadedAt));
                j.WriteNumber("leaf", l.Leaf);
            });
            json.WriteEndObject();
        }

        Array(json, "transactions", report.Transactions, (j, t) =>
        {
            j.WriteString("budget", t.Budget);
            j.WriteString("kind", ReportText.Of(t.Kind));
            j.WriteNumber("iatiTransactionType", t.IatiTransactionType);
            j.WriteString("program", t.Program);
            j.WriteString("tranche", t.Tranche);
            j.WriteString("month", t.Month);
            j.WriteString("date", ReportText.Date(t.Date));
            j.WriteString("currency", t.Value.Currency.Code);
            Amount(j, "value", t.Value);
            j.WriteNumber("entries", t.EntryCount);
            j.WriteNumber("firstLeaf", t.FirstLeaf);
            j.WriteString("firstLeafHash", t.FirstLeafHash.ToHex());
            j.WriteNumber("lastLeaf", t.LastLeaf);
            j.WriteString("lastLeafHash", t.LastLeafHash.ToHex());
            j.WriteString("reference", t.Reference);
        });
        Array(json, "uncounted", report.Uncounted, (j, u) =>
        {
            j.WriteNumber("leaf", u.Leaf);
            j.WriteString("entryId", u.EntryId);
            j.WriteString("kind", u.Kind);
            j.WriteString("reason", u.Reason);
        });

        // Only when the log records a licence: a report without one keeps the bytes it had before licences existed.
        if (report.Licences is { } licences)
        {
            Array(json, "licences", licences, (j, l) =>
            {
                j.WriteString("licence", l.Licence);
                j.WriteString("authority", l.Authority);
                j.WriteString("reference", l.Reference);
                Names(j, "countries", l.Countries);
                j.WriteString("issued", ReportText.Time(l.Issued));
                j.WriteString("expires", ReportText.Time(l.Expires));
                j.WriteNumber("amendments", l.Amendments);
                Names(j, "budgets", l.Budgets);
                Array(j, "paid", l.Paid, (p, paid) =>
                {
                    p.WriteString("currency", paid.Amount.Currency.Code);
                    p.WriteNumber("payments", paid.Payments);
                    Amount(p, "amount", paid.Amount);
                });
            });
        }

        json.WriteEndObject();
    }

    private static void WriteBudget(Utf8JsonWriter json, BudgetReport budget)
    {
        json.WriteString("budget", budget.Budget);
        json.WriteString("donor", budget.Donor);
        json.WriteString("owner", budget.Owner);
        json.WriteString("purpose", budget.Purpose);
        json.WriteString("country", budget.Country);
        json.WriteString("currency", budget.Currency.Code);
        Amount(json, "pledged", budget.Pledged);
        Names(json, "snapBackClasses", budget.SnapBackClasses);
        json.WriteString("openedAt", ReportText.Time(budget.OpenedAt));
        json.WriteNumber("openedLeaf", budget.OpenedLeaf);
        Names(json, "eligiblePrograms", budget.EligiblePrograms);
        json.WriteBoolean("frozenAtQuarterEnd", budget.FrozenAtQuarterEnd);
        BudgetFlows(json, "inQuarter", budget.InQuarter);
        Balances(json, "atQuarterEnd", budget.AtQuarterEnd);
        if (budget.Vetting is { } vetting)
        {
            // Only when the budget had vetted lists in the quarter, so every report before them keeps its bytes.
            json.WriteStartObject("vetting");
            json.WriteNumber("listsSubmitted", vetting.ListsSubmitted);
            json.WriteNumber("listsVetted", vetting.ListsVetted);
            json.WriteNumber("rowsApproved", vetting.RowsApproved);
            json.WriteNumber("rowsRefused", vetting.RowsRefused);
            json.WriteNumber("listsExpired", vetting.ListsExpired);
            json.WriteEndObject();
        }

        Array(json, "tranches", budget.Tranches, (j, t) =>
        {
            j.WriteString("tranche", t.Tranche);
            Amount(j, "amount", t.Amount);
            j.WriteBoolean("humanitarian", t.Humanitarian);
            Names(j, "benchmarks", t.Benchmarks);
            j.WriteString("status", ReportText.Of(t.Status));
            Amount(j, "released", t.Released);
            j.WriteString("releasedAt", t.ReleasedAt is { } at ? ReportText.Time(at) : null);
            Number(j, "releaseLeaf", t.ReleaseLeaf);
            j.WriteString("releasedBy", t.ReleasedBy);
            Amount(j, "netDisbursed", t.NetDisbursed);
            Array(j, "verifications", t.Verifications, (jv, v) =>
            {
                jv.WriteString("benchmark", v.Benchmark);
                jv.WriteString("verifier", v.Verifier);
                jv.WriteString("evidenceSha256", v.EvidenceSha256);
                jv.WriteString("verifiedOn", ReportText.Date(v.VerifiedOn));
                jv.WriteString("recordedAt", ReportText.Time(v.RecordedAt));
                jv.WriteNumber("leaf", v.Leaf);
            });
            Array(j, "indicators", t.Indicators, (ji, i) =>
            {
                ji.WriteString("benchmark", i.Benchmark);
                ji.WriteString("definedOn", ReportText.Date(i.DefinedOn));
                ji.WriteString("indicator", i.Indicator);
                ji.WriteString("unit", i.Unit);
                ji.WriteString("baseline", IndicatorValue.Format(i.Baseline));
                ji.WriteString("target", IndicatorValue.Format(i.Target));
                ji.WriteString("direction", i.Direction);
                ji.WriteString("dueOn", ReportText.Date(i.DueOn));
                ji.WriteNumber("requiredVerifications", i.RequiredVerifications);
                ji.WriteNumber("requiredGroups", i.RequiredGroups);
                ji.WriteString("status", i.Status);
                ji.WriteString("decidedBy", i.DecidedBy);
                Array(ji, "values", i.Values, (jv, v) =>
                {
                    jv.WriteString("verifier", v.Verifier);
                    jv.WriteString("group", v.Group);
                    jv.WriteString("value", IndicatorValue.Format(v.Value));
                    jv.WriteString("verifiedOn", ReportText.Date(v.VerifiedOn));
                    jv.WriteNumber("leaf", v.Leaf);
                });
            });
        });
    }

    private static void WriteProgram(Utf8JsonWriter json, ProgramReport program)
    {
        json.WriteString("program", program.Program);
        json.WriteString("agency", program.Agency);
        json.WriteString("currency", program.Currency.Code);
        Amount(json, "capPerPeriod", program.CapPerPeriod);
        json.WriteString("period", ReportText.Of(program.Period));
        json.WriteString("openedAt", ReportText.Time(program.OpenedAt));
        json.WriteNumber("openedLeaf", program.OpenedLeaf);
        Names(json, "budgets", program.Budgets);
        json.WriteNumber("beneficiariesEnrolled", program.BeneficiariesEnrolled);
        Flows(json, "inQuarter", program.InQuarter);
        json.WriteNumber("beneficiariesReached", program.BeneficiariesReached);
        Array(json, "byBudget", program.ByBudget, (j, b) =>
        {
            j.WriteString("budget", b.Budget);
            Flows(j, "inQuarter", b.InQuarter);
        });
    }

    private static void WriteFindings(Utf8JsonWriter json, FindingsSection findings)
    {
        json.WriteStartObject("findings");
        json.WriteNumber("raisedInQuarter", findings.RaisedInQuarter);
        json.WriteNumber("disputedInQuarter", findings.DisputedInQuarter);
        json.WriteNumber("dismissedInQuarter", findings.DismissedInQuarter);
        json.WriteNumber("confirmedInQuarter", findings.ConfirmedInQuarter);
        json.WriteNumber("openAtQuarterEnd", findings.OpenAtQuarterEnd);
        Array(json, "findings", findings.Findings, (j, f) =>
        {
            j.WriteString("finding", f.Finding);
            j.WriteString("watchdog", f.Watchdog);
            j.WriteString("class", f.Class);
            Names(j, "budgets", f.Budgets);
            Names(j, "programs", f.Programs);
            j.WriteStartArray("leaves");
            foreach (long leaf in f.Leaves)
            {
                j.WriteNumberValue(leaf);
            }

            j.WriteEndArray();
            j.WriteString("summary", f.Summary);
            j.WriteString("raisedAt", ReportText.Time(f.RaisedAt));
            j.WriteNumber("raisedLeaf", f.RaisedLeaf);
            j.WriteString("status", ReportText.Of(f.Status));
            j.WriteString("disputedAt", f.DisputedAt is { } disputed ? ReportText.Time(disputed) : null);
            Number(j, "disputedLeaf", f.DisputedLeaf);
            j.WriteString("disputedBy", f.DisputedBy);
            j.WriteString("resolvedAt", f.ResolvedAt is { } resolved ? ReportText.Time(resolved) : null);
            Number(j, "resolvedLeaf", f.ResolvedLeaf);
            j.WriteString("resolvedBy", f.ResolvedBy);
            j.WriteString("action", f.Action);
        });
        json.WriteEndObject();
    }

    private static void Flows(Utf8JsonWriter json, string name, DisbursementFlows flows)
    {
        json.WriteStartObject(name);
        Amount(json, "disbursed", flows.Disbursed);
        Amount(json, "reversed", flows.Reversed);
        Amount(json, "netDisbursed", flows.NetDisbursed);
        json.WriteNumber("disbursements", flows.DisbursementCount);
        json.WriteNumber("reversals", flows.ReversalCount);
        Amount(json, "delivered", flows.Delivered);
        json.WriteNumber("deliveries", flows.DeliveryCount);
        json.WriteEndObject();
    }

    private static void BudgetFlows(Utf8JsonWriter json, string name, BudgetFlows flows)
    {
        json.WriteStartObject(name);
        Amount(json, "received", flows.Received);
        Amount(json, "released", flows.Released);
        Amount(json, "disbursed", flows.Disbursed);
        Amount(json, "reversed", flows.Reversed);
        Amount(json, "netDisbursed", flows.NetDisbursed);
        json.WriteNumber("disbursements", flows.DisbursementCount);
        json.WriteNumber("reversals", flows.ReversalCount);
        Amount(json, "delivered", flows.Delivered);
        json.WriteNumber("deliveries", flows.DeliveryCount);
        json.WriteEndObject();
    }

    private static void Balances(Utf8JsonWriter json, string name, BudgetBalances balances)
    {
        json.WriteStartObject(name);
        Amount(json, "received", balances.Received);
        Amount(json, "released", balances.Released);
        Amount(json, "disbursed", balances.Disbursed);
        Amount(json, "reversed", balances.Reversed);
        Amount(json, "netDisbursed", balances.NetDisbursed);
        Amount(json, "available", balances.Available);
        json.WriteNumber("disbursements", balances.DisbursementCount);
        json.WriteNumber("reversals", balances.ReversalCount);
        Amount(json, "delivered", balances.Delivered);
        json.WriteNumber("deliveries", balances.DeliveryCount);
        json.WriteEndObject();
    }

    private static void Amount(Utf8JsonWriter json, string name, Money amount) => json.WriteString(name, amount.ToDecimalString());

    private static void Names(Utf8JsonWriter json, string name, NameSet names)
    {
        json.WriteStartArray(name);
        foreach (string value in names)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter json, string name, ulong? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Array<T>(Utf8JsonWriter json, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> writeFields)
    {
        json.WriteStartArray(name);
        foreach (T item in items)
        {
            json.WriteStartObject();
            writeFields(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
