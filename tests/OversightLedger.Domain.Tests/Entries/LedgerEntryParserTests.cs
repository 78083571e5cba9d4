using System.Text;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Entries;

public class LedgerEntryParserTests
{
    private const string Tail = ",\"time\":\"2026-11-25T12:00:00Z\",\"v\":1}";

    private static readonly string Disbursed =
        "{\"amount\":\"25.00\",\"beneficiary\":\"" + Samples.Alice.Value + "\",\"budget\":\"budget-1\",\"currency\":\"EUR\",\"disbursement\":\"disb-1\"," +
        "\"id\":\"disb-1\",\"kind\":\"Disbursed\",\"modality\":\"cash\",\"period\":\"2026-11\",\"program\":\"program-1\",\"sector\":\"72010\"," +
        "\"time\":\"2026-11-25T12:00:00Z\",\"tranche\":\"t-1\",\"v\":1}";

    private static readonly string Tranche =
        "{\"amount\":\"500.00\",\"benchmarks\":[\"b-1\",\"b-2\"],\"budget\":\"budget-1\",\"currency\":\"EUR\",\"humanitarian\":true,\"id\":\"req-3\"," +
        "\"kind\":\"TrancheAdded\",\"time\":\"2026-11-25T12:00:00Z\",\"tranche\":\"t-1\",\"v\":1}";

    [Fact]
    public void ReadsTheSampleEntries()
    {
        Assert.IsType<Disbursed>(LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(Disbursed)));
        Assert.IsType<TrancheAdded>(LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(Tranche)));
    }

    [Theory]
    // Missing, mistyped, malformed and unexpected fields: the message names the field.
    [InlineData("missing", "{\"agency\":\"a\",\"budget\":\"budget-1\",\"id\":\"r\",\"kind\":\"ProgramEligible\"" + Tail, "'program'")]
    [InlineData("missing id", "{\"agency\":\"a\",\"budget\":\"budget-1\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'id'")]
    [InlineData("missing kind", "{\"budget\":\"budget-1\",\"id\":\"r\",\"program\":\"p\"" + Tail, "'kind'")]
    [InlineData("missing v", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\",\"time\":\"2026-11-25T12:00:00Z\"}", "'v'")]
    [InlineData("wrong type", "{\"agency\":\"a\",\"budget\":1,\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'budget'")]
    [InlineData("null", "{\"agency\":\"a\",\"budget\":null,\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'budget'")]
    [InlineData("empty id", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'id'")]
    [InlineData("unknown kind", "{\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramRemoved\",\"program\":\"p\"" + Tail, "'kind'")]
    [InlineData("version 2", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\",\"time\":\"2026-11-25T12:00:00Z\",\"v\":2}", "'v'")]
    [InlineData("version as string", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\",\"time\":\"2026-11-25T12:00:00Z\",\"v\":\"1\"}", "'v'")]
    [InlineData("extra field", "{\"agency\":\"a\",\"budget\":\"b\",\"extra\":\"x\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'extra'")]
    [InlineData("duplicate field", "{\"agency\":\"a\",\"budget\":\"b\",\"budget\":\"c\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\"" + Tail, "'budget'")]
    [InlineData("milliseconds", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\",\"time\":\"2026-11-25T12:00:00.000Z\",\"v\":1}", "'time'")]
    [InlineData("offset", "{\"agency\":\"a\",\"budget\":\"b\",\"id\":\"r\",\"kind\":\"ProgramEligible\",\"program\":\"p\",\"time\":\"2026-11-25T13:00:00+01:00\",\"v\":1}", "'time'")]
    [InlineData("bad sector", "{\"budget\":\"b\",\"country\":\"SS\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"7201\",\"snapBackClasses\":[]" + Tail, "'purpose'")]
    [InlineData("bad country", "{\"budget\":\"b\",\"country\":\"ss\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'country'")]
    [InlineData("country not in the IATI codelist", "{\"budget\":\"b\",\"country\":\"XX\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'country'")]
    [InlineData("withdrawn country", "{\"budget\":\"b\",\"country\":\"AN\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'country'")]
    [InlineData("unknown currency", "{\"budget\":\"b\",\"country\":\"SS\",\"currency\":\"EUX\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'currency'")]
    [InlineData("too many decimals", "{\"budget\":\"b\",\"country\":\"SS\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.001\",\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'pledged'")]
    [InlineData("money as number", "{\"budget\":\"b\",\"country\":\"SS\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":1.5,\"purpose\":\"72010\",\"snapBackClasses\":[]" + Tail, "'pledged'")]
    [InlineData("list of numbers", "{\"budget\":\"b\",\"country\":\"SS\",\"currency\":\"EUR\",\"donor\":\"d\",\"id\":\"r\",\"kind\":\"BudgetOpened\",\"owner\":\"o\",\"pledged\":\"1.00\",\"purpose\":\"72010\",\"snapBackClasses\":[1]" + Tail, "'snapBackClasses'")]
    [InlineData("boolean as string", "{\"amount\":\"5.00\",\"benchmarks\":[],\"budget\":\"b\",\"currency\":\"EUR\",\"humanitarian\":\"true\",\"id\":\"r\",\"kind\":\"TrancheAdded\",\"time\":\"2026-11-25T12:00:00Z\",\"tranche\":\"t\",\"v\":1}", "'humanitarian'")]
    [InlineData("bad evidence", "{\"benchmark\":\"b\",\"budget\":\"b\",\"evidenceSha256\":\"ABC\",\"id\":\"r\",\"kind\":\"BenchmarkVerified\",\"time\":\"2026-11-25T12:00:00Z\",\"tranche\":\"t\",\"v\":1,\"verifiedOn\":\"2026-11-20\",\"verifier\":\"x\"}", "'evidenceSha256'")]
    [InlineData("bad date", "{\"benchmark\":\"b\",\"budget\":\"b\",\"evidenceSha256\":\"" + Samples.Evidence + "\",\"id\":\"r\",\"kind\":\"BenchmarkVerified\",\"time\":\"2026-11-25T12:00:00Z\",\"tranche\":\"t\",\"v\":1,\"verifiedOn\":\"2026-11-20T00:00:00Z\",\"verifier\":\"x\"}", "'verifiedOn'")]
    [InlineData("bad period kind", "{\"agency\":\"a\",\"capPerPeriod\":\"1.00\",\"currency\":\"EUR\",\"id\":\"r\",\"kind\":\"ProgramOpened\",\"period\":\"week\",\"program\":\"p\"" + Tail, "'period'")]
    [InlineData("bad pseudonym", "{\"beneficiary\":\"AGY-000123\",\"id\":\"r\",\"kind\":\"BeneficiaryEnrolled\",\"program\":\"p\"" + Tail, "'beneficiary'")]
    public void RefusesMalformedEntriesNamingTheField(string name, string json, string field)
    {
        FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.True(error.Message.Contains(field, StringComparison.Ordinal), $"{name}: '{error.Message}' should name {field}");
        Assert.False(LedgerEntryParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out string? reason));
        Assert.Equal(error.Message, reason);
    }

    [Fact]
    public void RefusesADisbursementWhoseIdIsNotItsDisbursement()
    {
        string json = Disbursed.Replace("\"id\":\"disb-1\"", "\"id\":\"disb-2\"", StringComparison.Ordinal);

        FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("'disbursement'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("white space after a colon", "\"amount\": \"25.00\"")]
    [InlineData("white space at the end", "\"v\":1} ")]
    [InlineData("a newline at the end", "\"v\":1}\n")]
    [InlineData("one decimal", "\"amount\":\"25.0\"")]
    [InlineData("no decimals", "\"amount\":\"25\"")]
    [InlineData("an escaped slash", "\"modality\":\"ca\\/sh\"")]
    [InlineData("an escaped letter", "\"modality\":\"\\u0063ash\"")]
    [InlineData("an escaped key", "\"\\u0061mount\":\"25.00\"")]
    [InlineData("version 1.0", "\"v\":1.0}")]
    [InlineData("version 1e0", "\"v\":1e0}")]
    [InlineData("a byte order mark", "\uFEFF{")]
    public void RefusesNonCanonicalBytes(string name, string variant)
    {
        string json = name switch
        {
            "white space after a colon" => Disbursed.Replace("\"amount\":\"25.00\"", variant, StringComparison.Ordinal),
            "one decimal" or "no decimals" => Disbursed.Replace("\"amount\":\"25.00\"", variant, StringComparison.Ordinal),
            "an escaped slash" or "an escaped letter" => Disbursed.Replace("\"modality\":\"cash\"", variant, StringComparison.Ordinal),
            "an escaped key" => Disbursed.Replace("\"amount\":\"25.00\"", variant, StringComparison.Ordinal),
            "a byte order mark" => variant + Disbursed[1..],
            _ => Disbursed.Replace("\"v\":1}", variant, StringComparison.Ordinal),
        };
        Assert.NotEqual(Disbursed, json);

        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void RefusesKeysOutOfOrderAndListsOutOfOrderOrRepeated()
    {
        string reordered = Tranche.Replace("\"amount\":\"500.00\",\"benchmarks\":[\"b-1\",\"b-2\"]", "\"benchmarks\":[\"b-1\",\"b-2\"],\"amount\":\"500.00\"", StringComparison.Ordinal);
        string unsortedList = Tranche.Replace("[\"b-1\",\"b-2\"]", "[\"b-2\",\"b-1\"]", StringComparison.Ordinal);
        string repeatedItem = Tranche.Replace("[\"b-1\",\"b-2\"]", "[\"b-1\",\"b-1\",\"b-2\"]", StringComparison.Ordinal);

        foreach (string json in new[] { reordered, unsortedList, repeatedItem })
        {
            Assert.NotEqual(Tranche, json);
            FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));
            Assert.Contains("canonical", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"Disbursed\"")]
    [InlineData("{")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{/*c*/}")]
    public void RefusesWhatIsNotOneJsonObject(string json) =>
        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void RefusesInvalidUtf8AndEscapedLoneSurrogates()
    {
        byte[] invalidUtf8 = Encoding.UTF8.GetBytes(Disbursed.Replace("cash", "c#sh", StringComparison.Ordinal));
        invalidUtf8[Array.IndexOf(invalidUtf8, (byte)'#')] = 0xFF;
        string loneSurrogate = Disbursed.Replace("\"modality\":\"cash\"", "\"modality\":\"ca\\ud800sh\"", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(invalidUtf8));
        Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(Encoding.UTF8.GetBytes(loneSurrogate)));
    }

    [Fact]
    public void RefusesEntriesLargerThanABundleAllows()
    {
        byte[] huge = new byte[LedgerEntry.MaxEncodedLength + 1];

        FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(huge));
        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }
}
