using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Counterparties;

/// <summary>DESIGN §5.10: a hit blocks payments until cleared; a confirmed hit stays blocked; reviews are once per screening.</summary>
public class CounterpartyTests
{
    private static readonly DateTimeOffset Now = Samples.Noon;
    private static readonly string Reason = new('a', 64);

    private static Counterparty Registered()
    {
        var counterparty = new Counterparty("cpty-1");
        counterparty.Apply(counterparty.DecideRegister(Now, "agency-1", CounterpartyKind.Vendor, Samples.AcmePseudonym).Entry!);
        return counterparty;
    }

    private static Counterparty Screened(bool hit, NameSet? lists = null)
    {
        Counterparty counterparty = Registered();
        counterparty.Apply(counterparty.DecideScreening(Now, lists ?? Samples.Lists, hit ? 0.95m : 0.4m, hit, "OFAC-SDN:306").Entry!);
        return counterparty;
    }

    [Fact]
    public void AnUnscreenedCounterpartyIsBlocked()
    {
        Counterparty counterparty = Registered();

        Assert.Equal(ScreeningStatus.Unscreened, counterparty.Status);
        Assert.True(counterparty.IsBlocked);
    }

    [Fact]
    public void AClearScreeningAllowsPaymentsAndCannotBeReviewed()
    {
        Counterparty counterparty = Screened(hit: false);

        Assert.Equal(ScreeningStatus.Clear, counterparty.Status);
        Assert.False(counterparty.IsBlocked);
        Assert.Null(counterparty.LatestScreening!.MatchedEntry);
        Assert.Equal(RejectionCode.NoHitToReview, counterparty.DecideReview(Now, "compliance-1", clear: true, Reason).Rejection!.Code);
    }

    [Fact]
    public void AHitBlocksUntilCleared()
    {
        Counterparty counterparty = Screened(hit: true);
        Assert.Equal(ScreeningStatus.Hit, counterparty.Status);
        Assert.True(counterparty.IsBlocked);

        Decision<LedgerEntry> clear = counterparty.DecideReview(Now, "compliance-1", clear: true, Reason);
        ScreeningCleared cleared = Assert.IsType<ScreeningCleared>(clear.Entry);
        Assert.Equal(0.95m, cleared.Score);
        Assert.Equal(Samples.Lists, cleared.Lists);
        counterparty.Apply(cleared);

        Assert.Equal(ScreeningStatus.Cleared, counterparty.Status);
        Assert.False(counterparty.IsBlocked);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, counterparty.DecideReview(Now.AddHours(1), "compliance-1", clear: true, Reason).Outcome);
        Assert.Equal(RejectionCode.AlreadyReviewed, counterparty.DecideReview(Now, "compliance-1", clear: false, Reason).Rejection!.Code);
    }

    [Fact]
    public void AConfirmedHitStaysBlockedAndCannotBeClearedAfterwards()
    {
        Counterparty counterparty = Screened(hit: true);
        counterparty.Apply(counterparty.DecideReview(Now, "compliance-1", clear: false, Reason).Entry!);

        Assert.Equal(ScreeningStatus.Confirmed, counterparty.Status);
        Assert.True(counterparty.IsBlocked);
        Assert.Equal(RejectionCode.AlreadyReviewed, counterparty.DecideReview(Now, "compliance-2", clear: true, Reason).Rejection!.Code);
    }

    [Fact]
    public void ANewScreeningAgainstOtherListVersionsNeedsItsOwnReview()
    {
        Counterparty counterparty = Screened(hit: true);
        counterparty.Apply(counterparty.DecideReview(Now, "compliance-1", clear: true, Reason).Entry!);
        var newer = new NameSet(["OFAC-SDN:" + new string('b', 64)]);

        counterparty.Apply(counterparty.DecideScreening(Now, newer, 0.97m, hit: true, "OFAC-SDN:306").Entry!);

        Assert.Equal(ScreeningStatus.Hit, counterparty.Status);
        Assert.True(counterparty.IsBlocked);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, counterparty.DecideScreening(Now, newer, 0.97m, hit: true, "OFAC-SDN:306").Outcome);
    }

    [Fact]
    public void RegistrationIsOnceAndIdempotent()
    {
        Counterparty counterparty = Registered();

        Assert.Equal(DecisionOutcome.AlreadyRecorded, counterparty.DecideRegister(Now.AddDays(1), "agency-1", CounterpartyKind.Vendor, Samples.AcmePseudonym).Outcome);
        Assert.Equal(RejectionCode.CounterpartyExists, counterparty.DecideRegister(Now, "agency-2", CounterpartyKind.Vendor, Samples.AcmePseudonym).Rejection!.Code);
        Assert.Equal(RejectionCode.CounterpartyExists, counterparty.DecideRegister(Now, "agency-1", CounterpartyKind.ImplementingPartner, Samples.AcmePseudonym).Rejection!.Code);
    }

    [Fact]
    public void NothingButARegistrationIsDecidedForAnUnknownCounterparty()
    {
        var counterparty = new Counterparty("cpty-x");

        Assert.Equal(RejectionCode.UnknownCounterparty, counterparty.DecideScreening(Now, Samples.Lists, 0.1m, false, null).Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownCounterparty, counterparty.DecideReview(Now, "c", true, Reason).Rejection!.Code);
    }

    [Fact]
    public void EntriesRefuseMalformedFieldsNamingTheField()
    {
        NameSet lists = Samples.Lists;
        string screened = EntryIds.CounterpartyScreened("cpty-1", lists), reviewed = EntryIds.ScreeningReviewed("cpty-1", lists);

        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyRegistered("req-1", Now, "cpty-1", "a", CounterpartyKind.Vendor, Samples.AcmePseudonym)).ParamName);
        Assert.Equal("counterpartyKind", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyRegistered(EntryIds.CounterpartyRegistered("cpty-1"), Now, "cpty-1", "a", (CounterpartyKind)0, Samples.AcmePseudonym)).ParamName);
        Assert.Equal("name", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyRegistered(EntryIds.CounterpartyRegistered("cpty-1"), Now, "cpty-1", "a", CounterpartyKind.Vendor, null!)).ParamName);
        Assert.Equal("score", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(screened, Now, "cpty-1", lists, 1.5m, true, "x")).ParamName);
        Assert.Equal("score", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(screened, Now, "cpty-1", lists, 0.12345m, true, "x")).ParamName);
        Assert.Equal("matchedEntry", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(screened, Now, "cpty-1", lists, 0.9m, true, null)).ParamName);
        Assert.Equal("matchedEntry", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(screened, Now, "cpty-1", lists, 0.2m, false, "x")).ParamName);
        Assert.Equal("lists", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(screened, Now, "cpty-1", NameSet.Empty, 0.2m, false, null)).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new CounterpartyScreened(reviewed, Now, "cpty-1", lists, 0.2m, false, null)).ParamName);
        Assert.Equal("reasonSha256", Assert.ThrowsAny<ArgumentException>(() => new ScreeningCleared(reviewed, Now, "cpty-1", "c", lists, 0.9m, "a reason in words")).ParamName);
        Assert.Equal("id", Assert.ThrowsAny<ArgumentException>(() => new ScreeningConfirmed(screened, Now, "cpty-1", "c", lists, 0.9m, Reason)).ParamName);
        Assert.Equal("entryCount", Assert.ThrowsAny<ArgumentException>(() => new SanctionsListLoaded("x", Now, "OFAC-SDN", null, Reason, 0)).ParamName);
        Assert.Equal("sha256", Assert.ThrowsAny<ArgumentException>(() => new SanctionsListLoaded("x", Now, "OFAC-SDN", null, "abc", 3)).ParamName);
    }

    [Theory]
    [InlineData("0.93")]
    [InlineData("1.0001")]
    [InlineData("0.9300 ")]
    [InlineData("-0.1000")]
    [InlineData("2.0000")]
    public void TheParserRefusesAScoreNotWrittenAsFourDecimals(string score)
    {
        string entry = "{\"counterparty\":\"cpty-1\",\"hit\":false,\"id\":\"" + EntryIds.CounterpartyScreened("cpty-1", Samples.Lists) +
            "\",\"kind\":\"CounterpartyScreened\",\"lists\":[\"OFAC-SDN:" + Samples.Evidence + "\"],\"score\":\"" + score +
            "\",\"time\":\"2026-11-25T12:00:00Z\",\"v\":1}";

        Assert.False(LedgerEntryParser.TryParse(System.Text.Encoding.UTF8.GetBytes(entry), out _, out string? error));
        Assert.Contains("score", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheParserRefusesANumericCounterpartyKind()
    {
        string entry = "{\"agency\":\"a\",\"counterparty\":\"cpty-1\",\"counterpartyKind\":\"2\",\"id\":\"counterparty-registered/cpty-1\"," +
            "\"kind\":\"CounterpartyRegistered\",\"name\":\"" + Samples.AcmePseudonym.Value + "\",\"time\":\"2026-11-25T12:00:00Z\",\"v\":1}";

        Assert.False(LedgerEntryParser.TryParse(System.Text.Encoding.UTF8.GetBytes(entry), out _, out string? error));
        Assert.Contains("counterpartyKind", error, StringComparison.Ordinal);
    }
}
