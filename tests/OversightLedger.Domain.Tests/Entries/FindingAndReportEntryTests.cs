using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Entries;

/// <summary>FindingRaised, FindingDisputed, FindingResolved and ReportPublished: what the parser and the constructors refuse.</summary>
public class FindingAndReportEntryTests
{
    private const string Tail = ",\"time\":\"2026-11-25T12:00:00Z\",\"v\":1";

    private static readonly string Sha = Samples.Evidence;

    [Theory]
    [InlineData("leaves not ascending", "[17,3]", "'leaves'")]
    [InlineData("leaves repeated", "[3,3]", "'leaves'")]
    [InlineData("no leaves", "[]", "'leaves'")]
    [InlineData("a negative leaf", "[-1]", "'leaves'")]
    [InlineData("a leaf beyond 2^53 - 1", "[9007199254740992]", "'leaves'")]
    [InlineData("a leaf as a string", "[\"3\"]", "'leaves'")]
    [InlineData("a fractional leaf", "[1.5]", "'leaves'")]
    [InlineData("leaves not an array", "3", "'leaves'")]
    public void FindingRaisedRefusesBadLeavesNamingTheField(string name, string leaves, string field) =>
        AssertRefused(name, Raised(leaves: leaves), field);

    [Fact]
    public void FindingRaisedRefusesMoreLeavesThanItMayCite()
    {
        string tooMany = "[" + string.Join(",", Enumerable.Range(0, FindingRaised.MaxLeaves + 1)) + "]";
        string allowed = "[" + string.Join(",", Enumerable.Range(0, FindingRaised.MaxLeaves)) + "]";

        AssertRefused("257 leaves", Raised(leaves: tooMany), "'leaves'");
        Assert.Equal(FindingRaised.MaxLeaves, ((FindingRaised)LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(Raised(leaves: allowed)))).Leaves.Count);
    }

    [Theory]
    [InlineData("finding is not the id", "f-2", "f-1", "c", "s", "'finding'")]
    [InlineData("empty class", "f-1", "f-1", "", "s", "'class'")]
    [InlineData("blank summary", "f-1", "f-1", "c", "  ", "'summary'")]
    public void FindingRaisedRefusesBadFieldsNamingThem(string name, string finding, string id, string findingClass, string summary, string field) =>
        AssertRefused(name, Raised(finding: finding, id: id, findingClass: findingClass, summary: summary), field);

    [Fact]
    public void TheSampleFindingRaisedParses() =>
        Assert.IsType<FindingRaised>(LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(Raised())));

    [Theory]
    [InlineData("upheld")]
    [InlineData("Confirmed")]
    [InlineData("")]
    public void FindingResolvedRefusesAnOutcomeOtherThanDismissedOrConfirmed(string outcome) =>
        AssertRefused(outcome, Resolved(outcome), "'outcome'");

    [Fact]
    public void FindingResolvedAndDisputedRefuseABlankActionOrResponse()
    {
        AssertRefused("blank action", Resolved("confirmed", action: " "), "'action'");
        string disputed = "{\"by\":\"agency-key\",\"finding\":\"f-1\",\"id\":\"d-1\",\"kind\":\"FindingDisputed\",\"response\":\"\"" + Tail + "}";
        AssertRefused("blank response", disputed, "'response'");
        AssertRefused("no finding", disputed.Replace("\"finding\":\"f-1\",", string.Empty, StringComparison.Ordinal), "'finding'");
    }

    [Theory]
    [InlineData("a fifth quarter", "2026-Q5")]
    [InlineData("a month", "2026-11")]
    [InlineData("year zero", "0000-Q1")]
    [InlineData("lower-case q", "2026-q4")]
    [InlineData("two-digit year", "26-Q4")]
    public void ReportPublishedRefusesABadQuarter(string name, string quarter) =>
        AssertRefused(name, Report(quarter: quarter, id: "report-" + quarter), "'quarter'");

    [Theory]
    [InlineData("upper-case hex", "checkpointRoot")]
    [InlineData("upper-case hex", "htmlSha256")]
    [InlineData("upper-case hex", "jsonSha256")]
    [InlineData("upper-case hex", "csvSha256")]
    [InlineData("upper-case hex", "xmlSha256")]
    public void ReportPublishedRefusesADigestThatIsNotLowerCaseSha256(string name, string field)
    {
        AssertRefused(name, Report(replace: (field, Sha.ToUpperInvariant())), $"'{field}'");
        AssertRefused("too short", Report(replace: (field, Sha[..63])), $"'{field}'");
    }

    [Fact]
    public void ReportPublishedRefusesANegativeSizeAndAnIdThatIsNotTheQuarters()
    {
        AssertRefused("negative size", Report(size: "-1"), "'checkpointSize'");
        AssertRefused("size as a string", Report(size: "\"5\""), "'checkpointSize'");
        AssertRefused("another quarter's id", Report(id: "report-2026-Q2"), "'id'");
        AssertRefused("a free id", Report(id: "req-9"), "'id'");
        Assert.Equal("report-2026-Q3", ReportPublished.IdFor("2026-Q3"));
        Assert.IsType<ReportPublished>(LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(Report())));
    }

    [Fact]
    public void CheckpointAnchoredRefusesAnIdThatIsNotItsSizesAnUnknownNetworkAndBadHashes()
    {
        DateTimeOffset t = Samples.Noon;
        string id = EntryIds.CheckpointAnchored(42);

        Assert.Equal("checkpoint-anchored/42", id);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(EntryIds.CheckpointAnchored(41), t, 42, Sha, "main", Sha, Sha, 1, Sha)).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored("req-1", t, 42, Sha, "main", Sha, Sha, 1, Sha)).ParamName);
        Assert.Equal("checkpointSize", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(EntryIds.CheckpointAnchored(0), t, 0, Sha, "main", Sha, Sha, 1, Sha)).ParamName);
        Assert.Equal("network", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "Main", Sha, Sha, 1, Sha)).ParamName);
        Assert.Equal("network", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "0", Sha, Sha, 1, Sha)).ParamName);
        Assert.Equal("transactionId", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "main", Sha.ToUpperInvariant(), Sha, 1, Sha)).ParamName);
        Assert.Equal("blockHash", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "main", Sha, Sha[..63], 1, Sha)).ParamName);
        Assert.Equal("blockHeight", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "main", Sha, Sha, -1, Sha)).ParamName);
        Assert.Equal("proofSha256", Assert.ThrowsAny<ArgumentException>(() => new CheckpointAnchored(id, t, 42, Sha, "main", Sha, Sha, 1, null!)).ParamName);
    }

    [Fact]
    public void WitnessRetiredRefusesAnIdThatIsNotItsKeysAnUnknownReasonAndBadNames()
    {
        DateTimeOffset t = Samples.Noon;
        const string Key = "witness-w1+4b2a9c1e+AUx3Mv3Q4kJ8a9nJ6mGqJ0m0rBq7mHcUAe+8v0vW3X2b";
        string id = EntryIds.WitnessRetired("witness-w1", Key);

        Assert.StartsWith("witness-retired/witness-w1/", id, StringComparison.Ordinal);
        Assert.NotEqual(id, EntryIds.WitnessRetired("witness-w1", Key + "x"));
        Assert.NotEqual(id, EntryIds.WitnessRetired("witness-w2", Key));
        Assert.Equal(Key, new WitnessRetired(id, t, "witness-w1", Key, "w1", "server-generated").VerifierKey);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(EntryIds.WitnessRetired("witness-w2", Key), t, "witness-w1", Key, "w1", "server-generated")).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired("req-1", t, "witness-w1", Key, "w1", "server-generated")).ParamName);
        Assert.Equal("reason", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(id, t, "witness-w1", Key, "w1", "compromised")).ParamName);
        Assert.Equal("reason", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(id, t, "witness-w1", Key, "w1", "0")).ParamName);
        Assert.Equal("verifierKey", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(id, t, "witness-w1", " " + Key, "w1", "server-generated")).ParamName);
        Assert.Equal("witness", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(id, t, null!, Key, "w1", "server-generated")).ParamName);
        Assert.Equal("watchdog", Assert.ThrowsAny<ArgumentException>(() => new WitnessRetired(id, t, "witness-w1", Key, "", "server-generated")).ParamName);
    }

    [Fact]
    public void ConstructorsNameTheFieldAtFault()
    {
        DateTimeOffset t = Samples.Noon;

        Assert.Equal("leaves", Assert.ThrowsAny<ArgumentException>(() => new FindingRaised("f-1", t, "w", "c", [], [], [5, 4], "s")).ParamName);
        Assert.Equal("leaves", Assert.ThrowsAny<ArgumentException>(() => new FindingRaised("f-1", t, "w", "c", [], [], [], "s")).ParamName);
        Assert.Equal("leaves", Assert.ThrowsAny<ArgumentException>(() => new FindingRaised("f-1", t, "w", "c", [], [], null!, "s")).ParamName);
        Assert.Equal("watchdog", Assert.ThrowsAny<ArgumentException>(() => new FindingRaised("f-1", t, " w", "c", [], [], [1], "s")).ParamName);
        Assert.Equal("outcome", Assert.ThrowsAny<ArgumentException>(() => new FindingResolved("r", t, "f-1", "w", (FindingOutcome)7, "a")).ParamName);
        Assert.Equal("by", Assert.ThrowsAny<ArgumentException>(() => new FindingDisputed("d", t, "f-1", "", "why")).ParamName);
        Assert.Equal("quarter", Assert.ThrowsAny<ArgumentException>(() => ReportPublished.IdFor("2026-Q0")).ParamName);
    }

    [Fact]
    public void AFindingRaisedEqualsItsParsedCopyAndKeepsItsLeavesToItself()
    {
        List<long> leaves = [1, 5, 9];
        FindingRaised raised = new("f-1", Samples.Noon, "w", "velocity", ["b-1"], ["p-1"], leaves, "summary");
        leaves.Add(12);

        LedgerEntry parsed = LedgerEntryParser.Parse(raised.ToCanonicalJson());

        Assert.Equal([1L, 5, 9], raised.Leaves);
        Assert.Equal(raised, parsed);
        Assert.Equal(raised.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(raised, new FindingRaised("f-1", Samples.Noon, "w", "velocity", ["b-1"], ["p-1"], [1, 5, 10], "summary"));
        Assert.False(raised.Leaves is IList<long> { IsReadOnly: false }, "the leaves must not be writable through a cast");
    }

    [Fact]
    public void WritesIntegerArraysInOrderAndRefusesUnsafeIntegers()
    {
        byte[] json = new CanonicalJsonWriter().WriteIntegerArray("b", [3, -2, 0]).WriteIntegerArray("a", []).ToUtf8Bytes();

        Assert.Equal("{\"a\":[],\"b\":[3,-2,0]}", Encoding.UTF8.GetString(json));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CanonicalJsonWriter().WriteIntegerArray("a", [CanonicalJsonWriter.MaxSafeInteger + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CanonicalJsonWriter().WriteIntegerArray("a", [-CanonicalJsonWriter.MaxSafeInteger - 1]));
    }

    private static void AssertRefused(string name, string json, string field)
    {
        FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.True(error.Message.Contains(field, StringComparison.Ordinal), $"{name}: '{error.Message}' should name {field}");
    }

    private static string Raised(
        string leaves = "[3,17]", string finding = "f-1", string id = "f-1", string findingClass = "duplicate-beneficiary", string summary = "seen twice") =>
        $"{{\"budgets\":[\"budget-1\"],\"class\":\"{findingClass}\",\"finding\":\"{finding}\",\"id\":\"{id}\",\"kind\":\"FindingRaised\",\"leaves\":{leaves}," +
        $"\"programs\":[\"program-1\"],\"summary\":\"{summary}\"{Tail},\"watchdog\":\"watchdog-1\"}}";

    private static string Resolved(string outcome, string action = "recover the funds") =>
        $"{{\"action\":\"{action}\",\"by\":\"watchdog-1\",\"finding\":\"f-1\",\"id\":\"r-1\",\"kind\":\"FindingResolved\",\"outcome\":\"{outcome}\"{Tail}}}";

    private static string Report(string quarter = "2026-Q3", string id = "report-2026-Q3", string size = "10", (string Field, string Value)? replace = null)
    {
        string Digest(string field) => replace is { } r && r.Field == field ? r.Value : Sha;
        return $"{{\"checkpointRoot\":\"{Digest("checkpointRoot")}\",\"checkpointSize\":{size},\"csvSha256\":\"{Digest("csvSha256")}\"," +
            $"\"htmlSha256\":\"{Digest("htmlSha256")}\",\"id\":\"{id}\",\"jsonSha256\":\"{Digest("jsonSha256")}\",\"kind\":\"ReportPublished\"," +
            $"\"quarter\":\"{quarter}\"{Tail},\"xmlSha256\":\"{Digest("xmlSha256")}\"}}";
    }
}
