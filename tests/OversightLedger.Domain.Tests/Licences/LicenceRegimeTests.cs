using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Licences;

/// <summary>The licence rule (DESIGN §5.10): scope, dates, amendments, expiry, jurisdictions, and the replay re-checking it.</summary>
public class LicenceRegimeTests
{
    private static readonly DateTimeOffset Now = Samples.Noon;
    private static readonly DateTimeOffset Issued = Now.AddDays(-10);
    private static readonly DateTimeOffset Expires = Now.AddDays(20);

    private static LicenceRegime Regime(params LedgerEntry[] entries)
    {
        var regime = new LicenceRegime();
        foreach (LedgerEntry entry in entries)
        {
            regime.Apply(entry);
        }

        return regime;
    }

    private static T Appended<T>(Decision<T> decision)
        where T : LedgerEntry
    {
        Assert.True(decision.ShouldAppend, decision.ToString());
        return decision.Entry;
    }

    private static LicenceRegime SyriaWithGl25(NameSet? sectors = null, NameSet? kinds = null, NameSet? excluded = null)
    {
        var regime = new LicenceRegime();
        regime.Apply(Appended(regime.DecideSanction(Now.AddDays(-20), "SY", "31 CFR part 542", "admin")));
        regime.Apply(Appended(regime.DecideRecord(
            Now.AddDays(-20), "gl-25", "OFAC", "OFAC GL 25", ["SY"], sectors ?? ["72010"], kinds ?? ["vendor"], excluded ?? ["cpty-bad"], Issued, Expires, "admin")));
        regime.Apply(Appended(regime.DecideAttach(Now.AddDays(-20), "gl-25", "budget-sy", "donor-1")));
        return regime;
    }

    [Fact]
    public void APaymentNotIntoASanctionedJurisdictionNeedsNoLicence()
    {
        LicenceRegime regime = SyriaWithGl25();

        LicenceCover cover = regime.CheckDisbursement("budget-ss", "SS", "12220", null, null, Now);

        Assert.Same(LicenceCover.NotRequired, cover);
    }

    [Fact]
    public void APaymentInsideTheLicenceIsCoveredByIt()
    {
        LicenceRegime regime = SyriaWithGl25();

        Assert.Equal("gl-25", regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Now).Licence);
        Assert.Equal("gl-25", regime.CheckDisbursement("budget-sy", "SY", "72010", "cpty-ok", CounterpartyKind.Vendor, Now).Licence);
    }

    [Theory]
    [InlineData("budget-other", "SY", "72010", null, null, "no licence attached")]
    [InlineData("budget-sy", "SY", "12220", null, null, "does not cover the purpose 12220")]
    [InlineData("budget-sy", "SY", "72010", "cpty-bad", CounterpartyKind.Vendor, "excludes the counterparty 'cpty-bad'")]
    [InlineData("budget-sy", "SY", "72010", "cpty-fsp", CounterpartyKind.FinancialServiceProvider, "counterparty of kind financial-service-provider")]
    [InlineData("budget-sy", "SY", "72010", "cpty-unknown", null, "counterparty of kind unknown")]
    public void APaymentOutsideTheLicenceIsUnlicensed(string budget, string country, string sector, string? counterparty, CounterpartyKind? kind, string why)
    {
        LicenceRegime regime = SyriaWithGl25();

        LicenceCover cover = regime.CheckDisbursement(budget, country, sector, counterparty, kind, Now);

        Assert.False(cover.Allowed);
        Assert.Equal(RejectionCode.Unlicensed, cover.Rejection!.Code);
        Assert.Contains(why, cover.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALicenceCoversFromItsIssueUpToButNotIncludingItsExpiry()
    {
        LicenceRegime regime = SyriaWithGl25();

        Assert.False(regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Issued.AddSeconds(-1)).Allowed);
        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Issued).Allowed);
        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Expires.AddMilliseconds(-1)).Allowed);
        Assert.False(regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Expires).Allowed);
    }

    [Fact]
    public void EmptySectorsAndKindsMeanAny()
    {
        LicenceRegime regime = SyriaWithGl25(sectors: [], kinds: []);

        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "99810", "cpty-x", CounterpartyKind.FinancialServiceProvider, Now).Allowed);
        Assert.False(regime.CheckDisbursement("budget-sy", "SY", "99810", "cpty-bad", CounterpartyKind.Vendor, Now).Allowed);
    }

    [Fact]
    public void AnAmendmentMovesTheExpiryAndTheScopeFromItsTime()
    {
        LicenceRegime regime = SyriaWithGl25();
        DateTimeOffset later = Expires.AddDays(90);

        LicenceAmended amended = Appended(regime.DecideAmend(Now, "gl-25", "gl-25a", "OFAC GL 25A", "admin", later, null, ["72010", "12220"], null, null));
        regime.Apply(amended);

        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "12220", null, null, Expires.AddDays(1)).Allowed);
        Assert.False(regime.CheckDisbursement("budget-sy", "SY", "12220", null, null, later).Allowed);
        Assert.Equal(["gl-25a"], regime.Licences["gl-25"].Amendments.Select(a => a.Amendment));
    }

    [Fact]
    public void AnAmendmentIsIdempotentByItsIdAndAnotherBodyUnderItIsADuplicate()
    {
        LicenceRegime regime = SyriaWithGl25();
        regime.Apply(Appended(regime.DecideAmend(Now, "gl-25", "gl-25a", "OFAC GL 25A", "admin", Expires.AddDays(5), null, null, null, null)));

        Decision<LicenceAmended> same = regime.DecideAmend(Now.AddHours(1), "gl-25", "gl-25a", "OFAC GL 25A", "admin", Expires.AddDays(5), null, null, null, null);
        Decision<LicenceAmended> other = regime.DecideAmend(Now.AddHours(1), "gl-25", "gl-25a", "OFAC GL 25A", "admin", Expires.AddDays(6), null, null, null, null);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, same.Outcome);
        Assert.Equal(RejectionCode.Duplicate, other.Rejection!.Code);
    }

    [Fact]
    public void AnAmendmentMustChangeSomethingNameAKnownLicenceAndKeepExpiryAfterIssue()
    {
        LicenceRegime regime = SyriaWithGl25();

        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideAmend(Now, "gl-25", "a", "ref", "admin", null, null, null, null, null).Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownLicence, regime.DecideAmend(Now, "gl-99", "a", "ref", "admin", Expires, null, null, null, null).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideAmend(Now, "gl-25", "a", "ref", "admin", Issued, null, null, null, null).Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideAmend(Now, "gl-25", "a", "ref", "admin", null, ["XX"], null, null, null).Rejection!.Code);
    }

    [Fact]
    public void ARecordIsRefusedWithAnExpiryNotAfterIssueUnknownCountriesOrKinds()
    {
        var regime = new LicenceRegime();

        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(Now, "l", "OFAC", "GL", ["SY"], [], [], [], Expires, Issued, "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(Now, "l", "OFAC", "GL", ["sy"], [], [], [], Issued, Expires, "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(Now, "l", "OFAC", "GL", [], [], [], [], Issued, Expires, "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(Now, "l", "OFAC", "GL", ["SY"], [], ["2"], [], Issued, Expires, "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideRecord(Now, "l", "OFAC", "GL", ["SY"], ["7201"], [], [], Issued, Expires, "admin").Rejection!.Code);
    }

    [Fact]
    public void ARecordIsIdempotentAndAnotherLicenceUnderItsIdIsADuplicate()
    {
        LicenceRegime regime = SyriaWithGl25();

        Decision<LicenceRecorded> same = regime.DecideRecord(Now, "gl-25", "OFAC", "OFAC GL 25", ["SY"], ["72010"], ["vendor"], ["cpty-bad"], Issued, Expires, "admin");
        Decision<LicenceRecorded> other = regime.DecideRecord(Now, "gl-25", "OFAC", "OFAC GL 26", ["SY"], ["72010"], ["vendor"], ["cpty-bad"], Issued, Expires, "admin");

        Assert.Equal(DecisionOutcome.AlreadyRecorded, same.Outcome);
        Assert.Equal(RejectionCode.Duplicate, other.Rejection!.Code);
    }

    [Fact]
    public void ExpiryIsRecordedOncePerExpiryAndNotBeforeIt()
    {
        LicenceRegime regime = SyriaWithGl25();

        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideExpire(Expires.AddSeconds(-1), "gl-25").Rejection!.Code);
        LicenceExpired expired = Appended(regime.DecideExpire(Expires, "gl-25"));
        regime.Apply(expired);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, regime.DecideExpire(Expires.AddDays(1), "gl-25").Outcome);

        // An amendment that moves the expiry makes it in force again and a later expiry is recorded anew.
        regime.Apply(Appended(regime.DecideAmend(Expires.AddDays(1), "gl-25", "renewal", "OFAC GL 25B", "admin", Expires.AddDays(30), null, null, null, null)));
        Assert.Null(regime.Licences["gl-25"].ExpiryRecorded);
        Assert.True(regime.CheckDisbursement("budget-sy", "SY", "72010", null, null, Expires.AddDays(2)).Allowed);
        Assert.NotEqual(expired.Id, Appended(regime.DecideExpire(Expires.AddDays(30), "gl-25")).Id);
    }

    [Fact]
    public void AJurisdictionIsSanctionedUntilLiftedAndEachActIsIdempotent()
    {
        var regime = new LicenceRegime();
        JurisdictionSanctioned sanctioned = Appended(regime.DecideSanction(Now, "SY", "31 CFR 542", "admin"));
        regime.Apply(sanctioned);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, regime.DecideSanction(Now.AddHours(1), "SY", "31 CFR 542", "admin").Outcome);
        Assert.Equal(RejectionCode.AlreadySanctioned, regime.DecideSanction(Now, "SY", "another basis", "admin").Rejection!.Code);
        Assert.False(regime.CheckDisbursement("b", "SY", "72010", null, null, Now).Allowed);

        JurisdictionLifted lifted = Appended(regime.DecideLift(Now.AddDays(1), "SY", "EO 14312", "admin"));
        regime.Apply(lifted);

        Assert.True(regime.CheckDisbursement("b", "SY", "72010", null, null, Now.AddDays(2)).Allowed);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, regime.DecideLift(Now.AddDays(2), "SY", "EO 14312", "admin").Outcome);
        Assert.Equal(RejectionCode.NotSanctioned, regime.DecideLift(Now.AddDays(2), "SY", "other", "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.NotSanctioned, regime.DecideLift(Now, "AF", "x", "admin").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, regime.DecideSanction(Now, "XX", "x", "admin").Rejection!.Code);

        // Sanctioned again after the lift: a new declaration with its own id.
        JurisdictionSanctioned again = Appended(regime.DecideSanction(Now.AddDays(3), "SY", "31 CFR 542", "admin"));
        Assert.NotEqual(sanctioned.Id, again.Id);
    }

    [Fact]
    public void AnAttachmentNeedsARecordedLicenceAndIsIdempotent()
    {
        LicenceRegime regime = SyriaWithGl25();

        Assert.Equal(RejectionCode.UnknownLicence, regime.DecideAttach(Now, "gl-99", "budget-sy", "donor-1").Rejection!.Code);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, regime.DecideAttach(Now, "gl-25", "budget-sy", "donor-1").Outcome);
        Assert.Equal(RejectionCode.Duplicate, regime.DecideAttach(Now, "gl-25", "budget-sy", "admin").Rejection!.Code);
        Assert.Equal(["budget-sy"], regime.Licences["gl-25"].Budgets);
    }

    [Fact]
    public void ReplayFlagsAPaymentIntoASanctionedJurisdictionOutsideAnyLicenceAndCountsIt()
    {
        LedgerScenario s = LedgerScenario.Funded(); // budget-1 pays into SS
        var regime = new LicenceRegime();
        regime.Apply(s.Append(regime.DecideSanction(s.Now, "SS", "EO 13664", "admin")));
        regime.Apply(s.Append(regime.DecideRecord(s.Now, "gl-ss", "OFAC", "OFAC GL SS-1", ["SS"], ["72010"], [], [], s.Now, s.Now.AddDays(30), "admin")));
        regime.Apply(s.Append(regime.DecideAttach(s.Now, "gl-ss", LedgerScenario.BudgetId, LedgerScenario.Owner)));
        s.Append(s.Disburse(s.Request("d-inside", "10", sector: "72010")));
        s.Append(s.Disburse(s.Request("d-outside", "20", sector: "12220")));
        s.Clock.Advance(TimeSpan.FromDays(31));
        s.Append(s.Disburse(s.Request("d-expired", "30", sector: "72010")));

        LedgerReplay replay = new LedgerReplay().ApplyAll(s.Log);

        Assert.Equal(
            [("d-outside", RejectionCode.Unlicensed), ("d-expired", RejectionCode.Unlicensed)],
            replay.Violations.Select(v => (v.EntryId!.Split('/')[^1], v.Code)));
        Assert.Equal(Samples.Eur("60"), replay.Budgets[LedgerScenario.BudgetId].Disbursed);
        Assert.Equal(["gl-ss"], replay.Licences.LicencesOf(LedgerScenario.BudgetId));
    }

    [Fact]
    public void ReplayFlagsLicenceEntriesTheRulesWouldHaveRefused()
    {
        DateTimeOffset t = Samples.Noon;
        List<(ulong, byte[])> log =
        [
            (0, new LicenceAttached(EntryIds.LicenceAttached("budget-x", "gl-1"), t, "gl-1", "budget-x", "admin").ToCanonicalJson()),
            (1, new JurisdictionLifted(EntryIds.JurisdictionLifted("SY", 0), t, "SY", "EO", "admin").ToCanonicalJson()),
            (2, new LicenceAmended(EntryIds.LicenceAmended("gl-1", "a"), t, "gl-1", "a", "GL 1A", "admin", t.AddDays(1)).ToCanonicalJson()),
        ];

        LedgerReplay replay = new LedgerReplay().ApplyAll(log);

        Assert.Equal([RejectionCode.UnknownBudget, RejectionCode.NotSanctioned, RejectionCode.UnknownLicence], replay.Violations.Select(v => v.Code));
    }
}
