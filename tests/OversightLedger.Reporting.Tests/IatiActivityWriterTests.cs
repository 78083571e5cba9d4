using System.Globalization;
using System.Text;
using System.Xml;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;
using OversightLedger.Reporting.Rendering;
using OversightLedger.Reporting.Tests.Rendering;
using OversightLedger.Reporting.Tests.TestSupport;

namespace OversightLedger.Reporting.Tests;

/// <summary>
/// The IATI 2.03 activity file of a report computed from a real log: valid against the published schema for two
/// independent validators (.NET's XmlSchemaSet and libxml2's xmllint), every code from its IATI codelist, every
/// transaction citing the log entries the model names, and values that add up to the report's figures.
/// </summary>
public sealed class IatiActivityWriterTests
{
    private const string OrgRef = "XM-OL-TRANSPARENCY";

    private static readonly Lazy<IatiCodelists> Codelists = new(() => IatiCodelists.Load(SharedIatiKit.Codelists));

    private static IatiWriterOptions Options => new()
    {
        ReportingOrgRef = OrgRef,
        ReportingOrgName = "OversightLedger <public> ledger & co",
        ReportingOrgType = "21",
        Codelists = Codelists.Value,
    };

    [Fact]
    public async Task The_file_is_valid_IATI_2_03_for_the_dotnet_schema_validator_with_no_error_or_warning()
    {
        byte[] xml = await WriteAsync();

        Assert.Empty(IatiSchemaValidator.Validate(xml, withExtension: true));

        // Without the extension's schema the IATI wildcard is lax: .NET only warns that it knows nothing of the extension.
        IReadOnlyList<string> iatiOnly = IatiSchemaValidator.Validate(xml, withExtension: false);
        string[] lines = Encoding.UTF8.GetString(xml).Split('\n');
        Assert.NotEmpty(iatiOnly);
        Assert.All(iatiOnly, warning =>
        {
            Assert.StartsWith("Warning at line ", warning, StringComparison.Ordinal);
            Assert.Contains("Could not find schema information", warning, StringComparison.Ordinal);
            int line = int.Parse(warning["Warning at line ".Length..warning.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            Assert.Contains("<ol:", lines[line - 1], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_file_is_valid_IATI_2_03_for_xmllint()
    {
        byte[] xml = await WriteAsync();
        using var temp = new TemporaryDirectory();
        string path = temp.File("2026-Q4.xml");
        await File.WriteAllBytesAsync(path, xml, TestContext.Current.CancellationToken);

        (int exitCode, string output) = await Xmllint.ValidateAsync(SharedIatiKit.ActivitySchema, path);

        Assert.True(exitCode == 0, $"xmllint exit {exitCode}: {output}");
        Assert.Contains("validates", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validators_reject_the_legacy_v1_example()
    {
        IReadOnlyList<string> problems = IatiSchemaValidator.ValidateFile(SharedIatiKit.InvalidLegacyExample, withExtension: false);
        Assert.Contains(problems, p => p.Contains("other-identifier", StringComparison.Ordinal) && p.Contains("reporting-org", StringComparison.Ordinal));

        (int exitCode, string output) = await Xmllint.ValidateAsync(SharedIatiKit.ActivitySchema, SharedIatiKit.InvalidLegacyExample);
        Assert.Equal(3, exitCode);
        Assert.Contains("fails to validate", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> ValidExamples => [.. SharedIatiKit.ValidExampleNames];

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public async Task The_validators_accept_the_kits_valid_examples(string example)
    {
        string path = Path.Combine(SharedIatiKit.Folder, example);

        Assert.Empty(IatiSchemaValidator.ValidateFile(path, withExtension: true));
        (int exitCode, string output) = await Xmllint.ValidateAsync(SharedIatiKit.ActivitySchema, path);
        Assert.True(exitCode == 0, $"xmllint exit {exitCode}: {output}");
    }

    [Fact]
    public async Task The_extension_schema_is_enforced_so_a_malformed_leaf_hash_fails()
    {
        string xml = Encoding.UTF8.GetString(await WriteAsync());
        int at = xml.IndexOf("hash=\"", StringComparison.Ordinal) + "hash=\"".Length;
        string broken = string.Concat(xml.AsSpan(0, at), "NOT-HEX", xml.AsSpan(at + 64));

        IReadOnlyList<string> problems = IatiSchemaValidator.Validate(Encoding.UTF8.GetBytes(broken), withExtension: true);

        Assert.Contains(problems, p => p.Contains("hash", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Elements_follow_the_schemas_order_and_the_extension_sits_last_in_each_transaction()
    {
        XmlDocument document = await LoadAsync();

        foreach (XmlElement activity in Elements(document, "/iati-activities/iati-activity"))
        {
            string[] expectedHead =
            [
                "iati-identifier", "reporting-org", "title", "description", "participating-org",
            ];
            string[] names = [.. activity.ChildNodes.OfType<XmlElement>().Select(e => e.LocalName)];
            Assert.Equal(expectedHead, names.Take(expectedHead.Length));
            Assert.Equal(
                ["activity-status", "activity-date", "recipient-country", "sector"],
                names.SkipWhile(n => n is "iati-identifier" or "reporting-org" or "title" or "description" or "participating-org").TakeWhile(n => n != "transaction"));
            foreach (XmlElement transaction in activity.SelectNodes("transaction")!.OfType<XmlElement>())
            {
                XmlElement last = transaction.ChildNodes.OfType<XmlElement>().Last();
                Assert.Equal(IatiLedgerExtension.Namespace, last.NamespaceURI);
                Assert.Single(transaction.ChildNodes.OfType<XmlElement>(), e => e.NamespaceURI == IatiLedgerExtension.Namespace);
            }
        }

        XmlElement tail = document.DocumentElement!.ChildNodes.OfType<XmlElement>().Last();
        Assert.Equal(("checkpoint", IatiLedgerExtension.Namespace), (tail.LocalName, tail.NamespaceURI));
    }

    [Fact]
    public async Task Every_code_is_an_active_code_of_its_IATI_codelist()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        XmlDocument document = Load(IatiActivityWriter.Write(scenario.Report, Options with { Codelists = null }));
        IatiCodelists lists = Codelists.Value;
        var checkedLists = new HashSet<string>(StringComparer.Ordinal);
        var notChecked = new SortedSet<string>(StringComparer.Ordinal);
        int codes = 0;

        var mapping = new XmlDocument();
        mapping.Load(SharedIatiKit.Mapping);
        foreach (XmlElement rule in mapping.SelectNodes("/mappings/mapping")!.OfType<XmlElement>())
        {
            string path = rule.SelectSingleNode("path")!.InnerText.Trim();
            string list = ((XmlElement)rule.SelectSingleNode("codelist")!).GetAttribute("ref");
            string? condition = rule.SelectSingleNode("condition")?.InnerText.Trim();
            foreach (XmlNode node in document.SelectNodes(Conditioned(path, condition), Namespaces(document))!)
            {
                string code = node.Value ?? node.InnerText;
                if (lists.HasList(list))
                {
                    Assert.True(lists.Contains(list, code), $"{path} = '{code}' is not an active code of {list}");
                    checkedLists.Add(list);
                    codes++;
                }
                else
                {
                    notChecked.Add($"{path}={code}");
                }
            }
        }

        // Checked: every list the kit ships that the file uses.
        Assert.Superset(
            new HashSet<string>(["ActivityStatus", "Country", "Currency", "OrganisationRole", "OrganisationType", "Sector", "SectorVocabulary", "TransactionType"]),
            checkedLists);
        Assert.True(codes > 30, $"only {codes} codes checked");

        // The codes whose lists the kit does not ship are the fixed ones the writer documents.
        Assert.Equal(["//@xml:lang=en", "//iati-activities/@version=2.03", "//iati-activity/activity-date/@type=2"], notChecked);
    }

    [Fact]
    public async Task Each_transaction_cites_the_leaf_indices_and_hashes_of_the_model()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        QuarterlyReport report = scenario.Report;
        XmlDocument document = Load(IatiActivityWriter.Write(report, Options));
        XmlNamespaceManager ns = Namespaces(document);
        List<ReportTransaction> expected = [.. report.Budgets.SelectMany(b => report.Transactions.Where(t => t.Budget == b.Budget))];
        List<XmlElement> written = Elements(document, "/iati-activities/iati-activity/transaction");

        Assert.Equal(report.Transactions.Count, written.Count);
        Assert.Contains(expected, t => t.EntryCount > 1);
        for (int i = 0; i < expected.Count; i++)
        {
            ReportTransaction model = expected[i];
            XmlElement transaction = written[i];
            Assert.Equal($"{OrgRef}-{model.Budget}", transaction.SelectSingleNode("../iati-identifier")!.InnerText);
            Assert.Equal(model.IatiTransactionType.ToString(CultureInfo.InvariantCulture), Attribute(transaction, "transaction-type/@code"));
            Assert.Equal(model.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Attribute(transaction, "transaction-date/@iso-date"));
            Assert.Equal(model.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Attribute(transaction, "value/@value-date"));
            Assert.Equal(model.Value.Currency.Code, Attribute(transaction, "value/@currency"));
            Assert.Equal(model.Value.ToDecimalString(), transaction.SelectSingleNode("value")!.InnerText);

            if (model.EntryCount == 1)
            {
                XmlElement leaf = (XmlElement)transaction.SelectSingleNode("ol:leaf", ns)!;
                Assert.Equal(model.FirstLeaf.ToString(CultureInfo.InvariantCulture), leaf.GetAttribute("index"));
                Assert.Equal(model.FirstLeafHash.ToHex(), leaf.GetAttribute("hash"));
                Assert.Equal(model.FirstLeaf, model.LastLeaf);
            }
            else
            {
                XmlElement range = (XmlElement)transaction.SelectSingleNode("ol:leaf-range", ns)!;
                Assert.Equal(model.EntryCount.ToString(CultureInfo.InvariantCulture), range.GetAttribute("count"));
                XmlElement[] leaves = [.. range.SelectNodes("ol:leaf", ns)!.OfType<XmlElement>()];
                Assert.Equal(
                    [(model.FirstLeaf.ToString(CultureInfo.InvariantCulture), model.FirstLeafHash.ToHex()), (model.LastLeaf.ToString(CultureInfo.InvariantCulture), model.LastLeafHash.ToHex())],
                    leaves.Select(l => (l.GetAttribute("index"), l.GetAttribute("hash"))));
            }
        }

        XmlElement checkpoint = (XmlElement)document.SelectSingleNode("/iati-activities/ol:checkpoint", ns)!;
        Assert.Equal(report.Checkpoint.RootHex, checkpoint.GetAttribute("root"));
        Assert.Equal(report.Checkpoint.Size.ToString(CultureInfo.InvariantCulture), checkpoint.GetAttribute("size"));
        Assert.Equal(report.Checkpoint.SignedNote, checkpoint.InnerText);
        Assert.Contains("— " + RenderingScenario.WitnessName + " ", checkpoint.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_values_add_up_to_the_reports_figures_and_the_scenarios_own_sums()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        QuarterlyReport report = scenario.Report;
        XmlDocument document = Load(IatiActivityWriter.Write(report, Options));
        XmlNamespaceManager ns = Namespaces(document);

        Assert.Equal(report.Budgets.Count, Elements(document, "/iati-activities/iati-activity").Count);
        foreach (BudgetReport budget in report.Budgets)
        {
            XmlElement activity = (XmlElement)document.SelectSingleNode($"/iati-activities/iati-activity[iati-identifier='{OrgRef}-{budget.Budget}']")!;
            Assert.Equal(budget.Currency.Code, activity.GetAttribute("default-currency"));
            Assert.Equal(budget.Country, Attribute(activity, "recipient-country/@code"));
            Assert.Equal(budget.Purpose, Attribute(activity, "sector[@vocabulary='1']/@code"));
            Assert.Equal(budget.Donor, activity.SelectSingleNode("participating-org[@role='1']/narrative")!.InnerText);

            Assert.Equal(Major(budget.InQuarter.Received), Sum(activity, "1"));
            Assert.Equal(Major(budget.InQuarter.Released), Sum(activity, "2"));
            Assert.Equal(Major(budget.InQuarter.NetDisbursed), Sum(activity, "3"));
            Assert.Equal(Major(budget.InQuarter.Disbursed), Sum(activity, "3", positive: true));

            long payments = activity.SelectNodes("transaction[transaction-type/@code='3'][number(value) > 0]")!.OfType<XmlElement>()
                .Sum(t => t.SelectSingleNode("ol:leaf-range/@count", ns) is { } count ? long.Parse(count.Value!, CultureInfo.InvariantCulture) : 1);
            Assert.Equal(budget.InQuarter.DisbursementCount, payments);

            // The report's own figures, checked against the sums the scenario wrote.
            int decimals = budget.Currency.MinorUnitExponent;
            Assert.Equal(Expect.Amount(scenario.ExpectedMinorUnits[$"received:{budget.Budget}"], decimals), budget.InQuarter.Received.ToDecimalString());
            Assert.Equal(Expect.Amount(scenario.ExpectedMinorUnits[$"released:{budget.Budget}"], decimals), budget.InQuarter.Released.ToDecimalString());
            Assert.Equal(Expect.Amount(scenario.ExpectedMinorUnits[$"net:{budget.Budget}"], decimals), budget.InQuarter.NetDisbursed.ToDecimalString());
            Assert.Equal(scenario.ExpectedMinorUnits[$"payments:{budget.Budget}"], budget.InQuarter.DisbursementCount);
        }

        foreach (CurrencyTotals totals in report.Totals)
        {
            string code = totals.Currency.Code;
            decimal net = Elements(document, $"/iati-activities/iati-activity[@default-currency='{code}']/transaction[transaction-type/@code='3']")
                .Sum(t => decimal.Parse(t.SelectSingleNode("value")!.InnerText, CultureInfo.InvariantCulture));
            Assert.Equal(Major(totals.InQuarter.NetDisbursed), net);
        }
    }

    [Fact]
    public async Task Humanitarian_flags_mark_the_budget_and_each_commitment_by_its_tranche()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        XmlDocument document = Load(IatiActivityWriter.Write(scenario.Report, Options));

        XmlElement syria = Activity(document, "syria-eur");
        XmlElement yemen = Activity(document, "yemen-usd");
        Assert.Equal("1", syria.GetAttribute("humanitarian"));
        Assert.False(yemen.HasAttribute("humanitarian"));
        Assert.Empty(yemen.SelectNodes("transaction[@humanitarian]")!);

        Dictionary<string, string> commitments = syria.SelectNodes("transaction[transaction-type/@code='2']")!.OfType<XmlElement>()
            .ToDictionary(t => t.SelectSingleNode("description/narrative")!.InnerText.Split(' ')[1], t => t.GetAttribute("humanitarian"));
        Assert.Equal(new Dictionary<string, string> { ["t3-winter"] = "1", ["t2-recovery"] = "0" }, commitments);
        Assert.Empty(syria.SelectNodes("transaction[transaction-type/@code!='2'][@humanitarian]")!);

        // The same attribute forms as the kit's humanitarian should-pass tests.
        var flagged = new XmlDocument();
        flagged.Load(Path.Combine(SharedIatiKit.Folder, "test-humanitarian-02-transaction-flag.xml"));
        Assert.NotNull(flagged.SelectSingleNode("//iati-activity/transaction[@humanitarian='1']"));
    }

    [Fact]
    public async Task A_frozen_budget_is_suspended_and_an_open_one_is_in_implementation()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        QuarterlyReport report = scenario.Report;
        BudgetReport syria = report.Budgets.Single(b => b.Budget == "syria-eur");
        QuarterlyReport frozen = report with { Budgets = [.. report.Budgets.Select(b => b == syria ? b with { FrozenAtQuarterEnd = true } : b)] };

        Assert.Equal("2", Attribute(Activity(Load(IatiActivityWriter.Write(report, Options)), "syria-eur"), "activity-status/@code"));
        byte[] suspended = IatiActivityWriter.Write(frozen, Options);
        Assert.Equal("6", Attribute(Activity(Load(suspended), "syria-eur"), "activity-status/@code"));
        Assert.Empty(IatiSchemaValidator.Validate(suspended));
    }

    [Fact]
    public async Task The_same_report_gives_the_same_bytes_dated_by_the_report_not_the_clock()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();

        byte[] first = IatiActivityWriter.Write(scenario.Report, Options);
        byte[] second = IatiActivityWriter.Write(scenario.Report, Options);

        Assert.Equal(first, second);
        Assert.False(first.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]), "no byte order mark");
        XmlDocument document = Load(first);
        Assert.Equal("2027-01-01T00:00:00Z", document.DocumentElement!.GetAttribute("generated-datetime"));
        DateTimeOffset published = new(2027, 1, 2, 3, 4, 5, TimeSpan.Zero);
        XmlDocument stamped = Load(IatiActivityWriter.Write(scenario.Report, Options with { GeneratedAt = published }));
        Assert.Equal("2027-01-02T03:04:05Z", stamped.DocumentElement!.GetAttribute("generated-datetime"));
    }

    [Fact]
    public async Task Text_from_the_log_is_escaped_and_control_characters_are_replaced()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        QuarterlyReport report = scenario.Report;
        QuarterlyReport hostile = report with
        {
            Budgets = [.. report.Budgets.Select(b => b with { Donor = "Donor <x> & \"y\"\u0001" })],
        };

        byte[] xml = IatiActivityWriter.Write(hostile, Options);

        Assert.Empty(IatiSchemaValidator.Validate(xml));
        XmlDocument document = Load(xml);
        Assert.Equal("Donor <x> & \"y\"\uFFFD", document.SelectSingleNode("//participating-org[@role='1']/narrative")!.InnerText);
        Assert.Contains(RenderingScenario.MarkupProgram, document.SelectSingleNode("//transaction/receiver-org/narrative[contains(., 'idlib')]")!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_codelists_a_code_outside_its_list_is_refused_rather_than_published()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();
        QuarterlyReport report = scenario.Report;
        QuarterlyReport withdrawnSector = report with { Budgets = [report.Budgets[0] with { Purpose = "11321" }] };
        QuarterlyReport unknownCountry = report with { Budgets = [report.Budgets[0] with { Country = "ZZ" }] };

        Assert.True(Codelists.Value.IsWithdrawn("Sector", "11321"));
        InvalidOperationException sector = Assert.Throws<InvalidOperationException>(() => IatiActivityWriter.Write(withdrawnSector, Options));
        Assert.Contains("withdrawn", sector.Message, StringComparison.Ordinal);
        InvalidOperationException country = Assert.Throws<InvalidOperationException>(() => IatiActivityWriter.Write(unknownCountry, Options));
        Assert.Contains("Country", country.Message, StringComparison.Ordinal);
        Assert.NotEmpty(IatiActivityWriter.Write(unknownCountry, Options with { Codelists = null }));
    }

    [Fact]
    public async Task A_report_without_budgets_is_refused_since_IATI_needs_an_activity()
    {
        RenderingScenario scenario = await RenderingScenario.GetAsync();

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(
            () => IatiActivityWriter.Write(scenario.Report with { Budgets = [], Transactions = [] }, Options));

        Assert.Contains("at least one iati-activity", e.Message, StringComparison.Ordinal);
    }

    private static async Task<byte[]> WriteAsync() => IatiActivityWriter.Write((await RenderingScenario.GetAsync()).Report, Options);

    private static async Task<XmlDocument> LoadAsync() => Load(await WriteAsync());

    private static XmlDocument Load(byte[] xml)
    {
        var document = new XmlDocument { XmlResolver = null };
        using var stream = new MemoryStream(xml);
        document.Load(stream);
        return document;
    }

    private static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("ol", IatiLedgerExtension.Namespace);
        return ns;
    }

    private static List<XmlElement> Elements(XmlNode node, string xpath) => [.. node.SelectNodes(xpath)!.OfType<XmlElement>()];

    private static XmlElement Activity(XmlDocument document, string budget) =>
        (XmlElement)document.SelectSingleNode($"/iati-activities/iati-activity[iati-identifier='{OrgRef}-{budget}']")!;

    private static string? Attribute(XmlNode node, string xpath) => node.SelectSingleNode(xpath)?.Value;

    private static decimal Sum(XmlElement activity, string type, bool positive = false) =>
        Elements(activity, $"transaction[transaction-type/@code='{type}']")
            .Select(t => decimal.Parse(t.SelectSingleNode("value")!.InnerText, CultureInfo.InvariantCulture))
            .Where(v => !positive || v > 0)
            .Sum();

    private static decimal Major(Money money) => money.MinorUnits / (decimal)Math.Pow(10, money.Currency.MinorUnitExponent);

    /// <summary>The mapping's XPath with its condition applied to the element that holds the attribute or text.</summary>
    private static string Conditioned(string path, string? condition)
    {
        if (string.IsNullOrEmpty(condition))
        {
            return path;
        }

        int last = path.LastIndexOf('/');
        return $"{path[..last]}[{condition}]{path[last..]}";
    }
}
