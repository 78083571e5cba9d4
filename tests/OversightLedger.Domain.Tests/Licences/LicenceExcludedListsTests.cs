using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Licences;

/// <summary>
/// Licences excluding whole sanctions lists (issue 16 item 3): a payment naming a counterparty whose latest screening is a
/// hit on an excluded list — cleared or not — is not covered by that licence; other licences and other lists are unaffected.
/// </summary>
public class LicenceExcludedListsTests
{
    private static readonly DateTimeOffset Now = Samples.Noon;
    private static readonly string Reason = new('a', 64);
    private static readonly NameSet TwoLists = new(["OFAC-SDN:" + Samples.Evidence, "UN-SC-CONSOLIDATED:" + Samples.Evidence]);

    private static T Appended<T>(Decision<T> decision)
        where T : LedgerEntry
    {
        Assert.True(decision.ShouldAppend, decision.ToString());
        return decision.Entry;
    }

    private static LicenceRegime Syria(params (string Id, NameSet? ExcludedLists)[] licences)
    {
        var regime = new LicenceRegime();
        regime.Apply(Appended(regime.DecideSanction(Now.AddDays(-20), "SY", "31 CFR part 542", "admin")));
        foreach ((string id, NameSet? excludedLists) in licences)
        {
            regime.Apply(Appended(regime.DecideRecord(
                Now.AddDays(-20), id, "OFAC", id.ToUpperInvariant(), ["SY"], [], [], [], Now.AddDays(-10), Now.AddDays(20), "admin", excludedLists)));
            regime.Apply(Appended(regime.DecideAttach(Now.AddDays(-20), id, "budget-sy", "donor-1")));
        }

        return regime;
    }

    private static Counterparty Screened(string matchedEntry, bool hit = true, NameSet? lists = null)
    {
        var counterparty = new Counterparty("cpty-1");
        counterparty.Apply(counterparty.DecideRegister(Now, "agency-1", CounterpartyKind.Vendor, Samples.AcmePseudonym).Entry!);
        counterparty.Apply(counterparty.DecideScreening(Now, lists ?? TwoLists, hit ? 0.95m : 0.4m, hit, matchedEntry).Entry!);
        return counterparty;
    }

    [Fact]
    public void AHitOnAnExcludedListIsNotCoveredAndAHitOnAnotherListOrNoHitIs()
    {
        LicenceRegime regime = Syria(("gl-a", ["OFAC-SDN"]));

        LicenceCover excluded = regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", CounterpartyKind.Vendor, Now, "OFAC-SDN");

        Assert.Equal(RejectionCode.Unlicensed, excluded.Rejection!.Code);
        Assert.Contains("'gl-a' excludes counterparties screened as a hit on the list OFAC-SDN", excluded.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal("gl-a", regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", CounterpartyKind.Vendor, Now, "UN-SC-CONSOLIDATED").Licence);
        Assert.Equal("gl-a", regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", CounterpartyKind.Vendor, Now, null).Licence);
        Assert.Equal("gl-a", regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Now, null).Licence);
    }

    [Fact]
    public void AnotherLicenceWithoutTheExclusionCoversThePayment()
    {
        LicenceRegime regime = Syria(("gl-a", ["OFAC-SDN"]), ("gl-b", null));

        Assert.Equal("gl-b", regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", CounterpartyKind.Vendor, Now, "OFAC-SDN").Licence);
        Assert.Empty(regime.Licences["gl-b"].ExcludedLists);
        Assert.Equal(["OFAC-SDN"], regime.Licences["gl-a"].ExcludedLists);
    }

    [Fact]
    public void AnAmendmentSetsOrClearsTheExcludedListsFromItsTime()
    {
        LicenceRegime regime = Syria(("gl-a", null));
        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", null, Now, "EU-FSF").Allowed);

        regime.Apply(Appended(regime.DecideAmend(Now, "gl-a", "a1", "GL A1", "admin", null, null, null, null, null, ["EU-FSF"])));
        Assert.False(regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", null, Now, "EU-FSF").Allowed);
        Assert.Equal(["EU-FSF"], regime.Licences["gl-a"].ExcludedLists);

        regime.Apply(Appended(regime.DecideAmend(Now, "gl-a", "a2", "GL A2", "admin", null, null, null, null, null, [])));
        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-1", null, Now, "EU-FSF").Allowed);
    }

    [Fact]
    public void ExcludedListsAreCheckedAsNamesAndAtMost64()
    {
        var regime = new LicenceRegime();

        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(
            Now, "gl-x", "OFAC", "GL X", ["SY"], [], [], [], Now, Now.AddDays(1), "admin", new NameSet(Enumerable.Range(0, 65).Select(i => $"L{i}"))).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(
            Now, "gl-x", "OFAC", "GL X", ["SY"], [], [], [], Now, Now.AddDays(1), "admin", [" OFAC-SDN"]).Rejection!.Code);
        Assert.Throws<ArgumentException>(() => new LicenceAmended(EntryIds.LicenceAmended("gl-x", "a"), Now, "gl-x", "a", "GL XA", "admin", excludedLists: ["bad\nname"]));
    }

    [Fact]
    public void TheHitListIsTheSourceOfTheMatchedEntryWhetherTheHitIsUnreviewedClearedOrConfirmed()
    {
        Counterparty unreviewed = Screened("UN-SC-CONSOLIDATED:QDi.001");
        Counterparty cleared = Screened("OFAC-SDN:306");
        cleared.Apply(cleared.DecideReview(Now, "compliance-1", clear: true, Reason).Entry!);
        Counterparty confirmed = Screened("OFAC-SDN:306");
        confirmed.Apply(confirmed.DecideReview(Now, "compliance-1", clear: false, Reason).Entry!);

        Assert.Equal("UN-SC-CONSOLIDATED", unreviewed.HitList);
        Assert.Equal((ScreeningStatus.Cleared, "OFAC-SDN"), (cleared.Status, cleared.HitList));
        Assert.Equal((ScreeningStatus.Confirmed, "OFAC-SDN"), (confirmed.Status, confirmed.HitList));
        Assert.Null(Screened("x", hit: false).HitList);
        Assert.Null(new Counterparty("cpty-2").HitList);
    }

    [Fact]
    public void TheLongestSourceOfTheScreenedVersionsThatPrefixesTheMatchedEntryIsTheHitList()
    {
        NameSet lists = new(["EU:" + Samples.Evidence, "EU:FSF:" + Samples.Evidence]);

        Assert.Equal("EU:FSF", Screened("EU:FSF:13", lists: lists).HitList);
        Assert.Equal("EU", Screened("EU:13", lists: lists).HitList);
        Assert.Null(Screened("OFAC-SDN:13", lists: lists).HitList);
    }

    [Fact]
    public void ALaterCleanScreeningEndsTheHit()
    {
        Counterparty counterparty = Screened("OFAC-SDN:306");
        NameSet newer = new(["OFAC-SDN:" + new string('b', 64)]);
        counterparty.Apply(counterparty.DecideScreening(Now, newer, 0.2m, false, null).Entry!);

        Assert.Null(counterparty.HitList);
    }

    [Fact]
    public void ReplayFlagsAPaymentToAClearedHitOnAnExcludedListAndNotOneAfterTheExclusionIsAmendedAway()
    {
        LedgerScenario s = LedgerScenario.Funded(); // budget-1 pays into SS
        var regime = new LicenceRegime();
        regime.Apply(s.Append(regime.DecideSanction(s.Now, "SS", "EO 13664", "admin")));
        regime.Apply(s.Append(regime.DecideRecord(s.Now, "gl-ss", "OFAC", "OFAC GL SS-1", ["SS"], [], [], [], s.Now, s.Now.AddDays(30), "admin", ["OFAC-SDN"])));
        regime.Apply(s.Append(regime.DecideAttach(s.Now, "gl-ss", LedgerScenario.BudgetId, LedgerScenario.Owner)));
        var counterparty = new Counterparty("cpty-1");
        counterparty.Apply(s.Append(counterparty.DecideRegister(s.Now, LedgerScenario.Agency, CounterpartyKind.Vendor, Samples.AcmePseudonym)));
        counterparty.Apply(s.Append(counterparty.DecideScreening(s.Now, Samples.Lists, 0.95m, true, "OFAC-SDN:306")));
        counterparty.Apply(s.Append(counterparty.DecideReview(s.Now, "compliance-1", clear: true, Reason)));
        s.Append(s.Disburse(s.Request("d-excluded", "10", counterparty: "cpty-1")));
        s.Append(s.Disburse(s.Request("d-no-counterparty", "20")));
        regime.Apply(s.Append(regime.DecideAmend(s.Now, "gl-ss", "a1", "OFAC GL SS-1A", "admin", null, null, null, null, null, [])));
        s.Append(s.Disburse(s.Request("d-after-amendment", "30", counterparty: "cpty-1")));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        RuleViolation violation = Assert.Single(replay.Violations);
        Assert.Equal(("d-excluded", RejectionCode.Unlicensed), (violation.EntryId!.Split('/')[^1], violation.Code));
        Assert.Contains("OFAC-SDN", violation.Message, StringComparison.Ordinal);
    }
}
