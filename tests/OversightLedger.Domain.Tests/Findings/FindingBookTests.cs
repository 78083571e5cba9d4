using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Findings;

/// <summary>The findings lifecycle: raised → disputed → resolved, every step decided, logged, then applied.</summary>
public class FindingBookTests
{
    private const string Raiser = "watchdog-1";
    private const string Agency = "agency-key-9";

    private static readonly DateTimeOffset Now = Samples.Noon;

    [Fact]
    public void AFindingGoesFromRaisedToDisputedToResolved()
    {
        FindingBook book = BookWith(out FindingRaised raised);
        Assert.Equal(FindingState.Raised, book.StateOf(raised.Finding));

        FindingDisputed disputed = Append(book, book.DecideDispute("d-1", Now, raised.Finding, Agency, "the payments were for two households"));
        Assert.Equal(FindingState.Disputed, book.StateOf(raised.Finding));

        FindingResolved resolved = Append(book, book.DecideResolve("r-1", Now, raised.Finding, Raiser, FindingOutcome.Confirmed, "recover 40.00 EUR"));
        FindingRecord record = book.Find(raised.Finding)!;

        Assert.Equal(FindingState.Resolved, record.State);
        Assert.True(record.IsConfirmed);
        Assert.Same(resolved, record.Resolution);
        Assert.Equal([disputed], record.Disputes);
        Assert.Same(raised, record.Raised);
    }

    [Fact]
    public void AFindingMayBeResolvedWithoutADisputeAndDismissed()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        Append(book, book.DecideResolve("r-1", Now, raised.Finding, Raiser, FindingOutcome.Dismissed, "a data entry error, corrected"));

        FindingRecord record = book.Find(raised.Finding)!;
        Assert.True(record.IsResolved);
        Assert.False(record.IsConfirmed);
        Assert.Empty(record.Disputes);
    }

    [Fact]
    public void AnOpenFindingMayBeDisputedMoreThanOnce()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        Append(book, book.DecideDispute("d-1", Now, raised.Finding, Agency, "first answer"));
        Append(book, book.DecideDispute("d-2", Now, raised.Finding, Agency, "new evidence: the bank statement"));

        Assert.Equal(["d-1", "d-2"], book.Find(raised.Finding)!.Disputes.Select(d => d.Id));
        Assert.Equal(FindingState.Disputed, book.StateOf(raised.Finding));
    }

    [Fact]
    public void AnUnknownFindingCanBeNeitherDisputedNorResolved()
    {
        FindingBook book = BookWith(out _);

        Assert.Equal(RejectionCode.UnknownFinding, book.DecideDispute("d-1", Now, "f-unknown", Agency, "why").Rejection!.Code);
        Assert.Equal(RejectionCode.UnknownFinding, book.DecideResolve("r-1", Now, "f-unknown", Raiser, FindingOutcome.Confirmed, "act").Rejection!.Code);
        Assert.Null(book.StateOf("f-unknown"));
    }

    [Fact]
    public void AResolvedFindingIsClosed()
    {
        FindingBook book = BookWith(out FindingRaised raised);
        Append(book, book.DecideResolve("r-1", Now, raised.Finding, Raiser, FindingOutcome.Dismissed, "explained"));

        Decision<FindingDisputed> dispute = book.DecideDispute("d-1", Now, raised.Finding, Agency, "too late?");
        Decision<FindingResolved> again = book.DecideResolve("r-2", Now, raised.Finding, Raiser, FindingOutcome.Confirmed, "changed my mind");

        Assert.Equal(RejectionCode.FindingClosed, dispute.Rejection!.Code);
        Assert.Equal(RejectionCode.FindingClosed, again.Rejection!.Code);
        Assert.False(book.Find(raised.Finding)!.IsConfirmed);
    }

    [Fact]
    public void OnlyTheWatchdogThatRaisedAFindingResolvesIt()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        Decision<FindingResolved> byAnother = book.DecideResolve("r-1", Now, raised.Finding, "watchdog-2", FindingOutcome.Dismissed, "not ours to keep");
        Decision<FindingResolved> byTheAgency = book.DecideResolve("r-2", Now, raised.Finding, Agency, FindingOutcome.Dismissed, "we disagree");

        Assert.Equal(RejectionCode.NotTheRaiser, byAnother.Rejection!.Code);
        Assert.Equal(RejectionCode.NotTheRaiser, byTheAgency.Rejection!.Code);
        Assert.Equal(FindingState.Raised, book.StateOf(raised.Finding));
    }

    [Fact]
    public void ReplayingADecisionWithTheSameIdAndContentIsIdempotent()
    {
        FindingBook book = BookWith(out FindingRaised raised);
        FindingDisputed disputed = Append(book, book.DecideDispute("d-1", Now, raised.Finding, Agency, "answer"));
        FindingResolved resolved = Append(book, book.DecideResolve("r-1", Now, raised.Finding, Raiser, FindingOutcome.Confirmed, "recover"));

        Decision<FindingDisputed> disputeRetry = book.DecideDispute("d-1", Now.AddMinutes(5), raised.Finding, Agency, "answer");
        Decision<FindingResolved> resolveRetry = book.DecideResolve("r-1", Now.AddMinutes(5), raised.Finding, Raiser, FindingOutcome.Confirmed, "recover");
        Decision<FindingRaised> raiseRetry = book.DecideRaise(raised with { });

        Assert.Equal(DecisionOutcome.AlreadyRecorded, disputeRetry.Outcome);
        Assert.Same(disputed, disputeRetry.Entry);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, resolveRetry.Outcome);
        Assert.Same(resolved, resolveRetry.Entry);
        Assert.Equal(DecisionOutcome.AlreadyRecorded, raiseRetry.Outcome);
        Assert.Null(book.Apply(resolved));
        Assert.Single(book.Find(raised.Finding)!.Disputes);
    }

    [Fact]
    public void TheSameIdWithOtherContentIsADuplicate()
    {
        FindingBook book = BookWith(out FindingRaised raised);
        Append(book, book.DecideDispute("d-1", Now, raised.Finding, Agency, "answer"));

        Assert.Equal(RejectionCode.Duplicate, book.DecideDispute("d-1", Now, raised.Finding, Agency, "another answer").Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, book.DecideResolve("d-1", Now, raised.Finding, Raiser, FindingOutcome.Dismissed, "x").Rejection!.Code);
        Assert.Equal(
            RejectionCode.Duplicate,
            book.DecideRaise(new FindingRaised(raised.Finding, Now, Raiser, "velocity", [], [], [1], "another finding")).Rejection!.Code);
        Assert.Equal(RejectionCode.Duplicate, book.Apply(new FindingDisputed("d-1", Now, raised.Finding, Agency, "rewritten"))!.Code);
        Assert.Equal("answer", book.Find(raised.Finding)!.Disputes[0].Response);
    }

    [Fact]
    public void DecidingChangesNothingUntilTheEntryIsApplied()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        Decision<FindingResolved> decision = book.DecideResolve("r-1", Now, raised.Finding, Raiser, FindingOutcome.Confirmed, "recover");

        Assert.True(decision.ShouldAppend);
        Assert.Equal(FindingState.Raised, book.StateOf(raised.Finding));
        Assert.Null(book.FindEntry("r-1"));
    }

    [Fact]
    public void AMalformedRequestIsRefusedAsInvalid()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        Assert.Equal(RejectionCode.InvalidRequest, book.DecideDispute("d-1", Now, raised.Finding, Agency, " ").Rejection!.Code);
        Assert.Equal(RejectionCode.InvalidRequest, book.DecideResolve("r-1", Now, raised.Finding, Raiser, (FindingOutcome)9, "x").Rejection!.Code);
    }

    [Fact]
    public void AnEntryThatBypassedTheRulesIsNotCountedAndTheReasonIsReturned()
    {
        FindingBook book = BookWith(out FindingRaised raised);

        DomainRejection? foreign = book.Apply(new FindingResolved("r-1", Now, raised.Finding, "watchdog-2", FindingOutcome.Confirmed, "snap back"));
        DomainRejection? orphan = book.Apply(new FindingDisputed("d-1", Now, "f-unknown", Agency, "?"));
        DomainRejection? other = book.Apply(new ProgramEligible("e-1", Now, "budget-1", "program-1", "agency-1"));

        Assert.Equal(RejectionCode.NotTheRaiser, foreign!.Code);
        Assert.Equal(RejectionCode.UnknownFinding, orphan!.Code);
        Assert.Null(other);
        Assert.Equal(FindingState.Raised, book.StateOf(raised.Finding));
        Assert.Null(book.FindEntry("e-1"));
        Assert.Single(book.Findings);
        Assert.Throws<ArgumentException>(() => book.Check(new ProgramEligible("e-2", Now, "budget-1", "program-1", "agency-1")));
    }

    private static FindingBook BookWith(out FindingRaised raised)
    {
        FindingBook book = new();
        raised = Append(
            book,
            book.DecideRaise(new FindingRaised("f-1", Now, Raiser, "duplicate-beneficiary", ["budget-1"], ["program-1"], [10, 12], "paid twice in 2026-11")));
        return book;
    }

    private static TEntry Append<TEntry>(FindingBook book, Decision<TEntry> decision)
        where TEntry : LedgerEntry
    {
        Assert.True(decision.ShouldAppend, decision.ToString());
        Assert.Null(book.Apply(decision.Entry));
        return decision.Entry;
    }
}
