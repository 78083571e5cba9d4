using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;

namespace OversightLedger.Domain.Tests.Decisions;

/// <summary>The template every Decide… method shares: malformed, retried, reused id, refused by the rules, appended.</summary>
public sealed class IdempotentDecisionTests
{
    private static readonly DateTimeOffset T = TestSupport.Samples.Noon;
    private static readonly FindingDisputed Recorded = new("req-1", T, "f-1", "agency-1", "It was the flood response.");

    [Fact]
    public void A_malformed_field_is_an_invalid_request_and_the_rules_are_not_asked()
    {
        bool asked = false;
        Decision<FindingDisputed> decision = IdempotentDecision.Decide(
            () => new FindingDisputed("req-2", T, "f-1", "agency-1", "   "), _ => null, _ => { asked = true; return null; });

        Assert.Equal(DecisionOutcome.Rejected, decision.Outcome);
        Assert.Equal(RejectionCode.InvalidRequest, decision.Rejection!.Code);
        Assert.Contains("response", decision.Rejection.Message, StringComparison.Ordinal);
        Assert.False(asked);
    }

    [Fact]
    public void The_same_entry_again_is_the_recorded_one_and_other_content_under_its_id_is_a_duplicate()
    {
        Func<string, LedgerEntry?> log = id => id == Recorded.Id ? Recorded : null;

        Decision<FindingDisputed> retry = IdempotentDecision.Decide(() => new FindingDisputed("req-1", T.AddMinutes(5), "f-1", "agency-1", "It was the flood response."), log, _ => Rejection());
        Decision<FindingDisputed> other = IdempotentDecision.Decide(() => new FindingDisputed("req-1", T, "f-1", "agency-1", "Another answer."), log, _ => null);
        Decision<FindingResolved> otherKind = IdempotentDecision.Decide(() => new FindingResolved("req-1", T, "f-1", "w-1", FindingOutcome.Dismissed, "explained"), log, _ => null);

        Assert.Equal(DecisionOutcome.AlreadyRecorded, retry.Outcome);
        Assert.Same(Recorded, retry.Entry);
        Assert.Equal((DecisionOutcome.Rejected, RejectionCode.Duplicate), (other.Outcome, other.Rejection!.Code));
        Assert.Equal((DecisionOutcome.Rejected, RejectionCode.Duplicate), (otherKind.Outcome, otherKind.Rejection!.Code));
        Assert.Equal(IdempotentDecision.DuplicateOf("req-1").Message, other.Rejection.Message);
    }

    [Fact]
    public void A_new_id_is_appended_unless_the_rules_refuse_it()
    {
        DomainRejection refusal = Rejection();
        Decision<FindingDisputed> appended = IdempotentDecision.Decide(() => new FindingDisputed("req-3", T, "f-1", "agency-1", "Yes."), _ => null, _ => null);
        Decision<FindingDisputed> refused = IdempotentDecision.Decide(() => new FindingDisputed("req-4", T, "f-1", "agency-1", "Yes."), _ => null, _ => refusal);

        Assert.Equal(DecisionOutcome.Append, appended.Outcome);
        Assert.Equal("req-3", appended.Entry!.Id);
        Assert.Equal(DecisionOutcome.Rejected, refused.Outcome);
        Assert.Same(refusal, refused.Rejection);
        Assert.Null(refused.Entry);
    }

    private static DomainRejection Rejection() => new(RejectionCode.UnknownFinding, "no such finding");
}
