namespace OversightLedger.Domain.Decisions;

/// <summary>The stable codes of <see cref="DomainRejection"/> and <c>RuleViolation</c>. Clients may switch on them.</summary>
public static class RejectionCode
{
    /// <summary>R1: the budget does not list the program as eligible.</summary>
    public const string RingFence = "ring-fence";

    /// <summary>R2: no released tranche has enough left (released − reserved − disbursed).</summary>
    public const string InsufficientReleasedFunds = "insufficient-released-funds";

    /// <summary>R3: a release exceeds what was received and not yet released.</summary>
    public const string InsufficientReceivedFunds = "insufficient-received-funds";

    /// <summary>R4: the budget is frozen and the tranche is not humanitarian or the payment is not covered by any exemption.</summary>
    public const string Frozen = "frozen";

    /// <summary>R5: the only exemptions whose scope covers the payment are past their sunset.</summary>
    public const string ExemptionExpired = "exemption-expired";

    /// <summary>R6: the beneficiary would receive more than the program's cap in the period.</summary>
    public const string CapExceeded = "cap-exceeded";

    /// <summary>R3: a benchmark verification is dated after the day it is recorded (beyond a day's tolerance).</summary>
    public const string VerificationInFuture = "verification-in-future";

    /// <summary>R6: the pseudonym is not enrolled in the program.</summary>
    public const string UnknownBeneficiary = "unknown-beneficiary";

    /// <summary>R1: the amount's currency differs from the budget's or the program's.</summary>
    public const string CurrencyMismatch = "currency-mismatch";

    /// <summary>The budget is not open (or the entry names another budget).</summary>
    public const string UnknownBudget = "unknown-budget";

    /// <summary>The program is not open (or the entry names another program).</summary>
    public const string UnknownProgram = "unknown-program";

    /// <summary>The tranche does not exist in the budget.</summary>
    public const string UnknownTranche = "unknown-tranche";

    /// <summary>The benchmark is not one of the tranche's.</summary>
    public const string UnknownBenchmark = "unknown-benchmark";

    /// <summary>The exemption does not exist in the budget.</summary>
    public const string UnknownExemption = "unknown-exemption";

    /// <summary>The disbursement is not recorded.</summary>
    public const string UnknownDisbursement = "unknown-disbursement";

    /// <summary>R2: the tranche named is not released.</summary>
    public const string TrancheNotReleased = "tranche-not-released";

    /// <summary>R3: the tranche is already released.</summary>
    public const string TrancheAlreadyReleased = "tranche-already-released";

    /// <summary>R3: a benchmark of the tranche has no recorded verification.</summary>
    public const string BenchmarkNotVerified = "benchmark-not-verified";

    /// <summary>R3 (DESIGN §5.9): verifiers of a defined benchmark disagree (one counted value meets the target, another does not); no release until settled.</summary>
    public const string BenchmarkContested = "benchmark-contested";

    /// <summary>R3 (DESIGN §5.9): a defined benchmark's rule is satisfied but its values miss the target, or its owner decided it not met.</summary>
    public const string BenchmarkNotMet = "benchmark-not-met";

    /// <summary>R3 (DESIGN §5.9): only a decision on a contested benchmark may be recorded.</summary>
    public const string BenchmarkNotContested = "benchmark-not-contested";

    /// <summary>
    /// Replay (DESIGN §5.9): a <c>BenchmarkDecided</c> names another decider than the budget's owner. Unlike a release by
    /// another key (<c>not-budget-owner</c>, counted because money moved), such a decision is not counted.
    /// </summary>
    public const string DecisionNotByOwner = "decision-not-by-owner";

    /// <summary>R3 (DESIGN §5.9): the benchmark already has a definition, or already has verifications and so can no longer be defined.</summary>
    public const string AlreadyDefined = "already-defined";

    /// <summary>R3 (DESIGN §5.9): a defined benchmark is verified only by a verifier registered with the budget.</summary>
    public const string VerifierNotRegistered = "verifier-not-registered";

    /// <summary>R3 (DESIGN §5.9): the verifier is already registered with the budget.</summary>
    public const string AlreadyRegistered = "already-registered";

    /// <summary>R3 (DESIGN §5.9): a verification of a defined benchmark must record the measured value.</summary>
    public const string ValueRequired = "value-required";

    /// <summary>R3 (DESIGN §5.9): a benchmark's due date is before the day it is defined.</summary>
    public const string InvalidDueDate = "invalid-due-date";

    /// <summary>R3: the benchmark already has a recorded verification.</summary>
    public const string AlreadyVerified = "already-verified";

    /// <summary>R3: the verifier is the budget owner, so the verification is not independent.</summary>
    public const string VerifierNotIndependent = "verifier-not-independent";

    /// <summary>R3 and roles: only the budget owner's key may do this.</summary>
    public const string NotBudgetOwner = "not-budget-owner";

    /// <summary>R7: the id is already used by a different request (or entry).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>An amount is zero or negative, or above what the tranche or exemption allows.</summary>
    public const string InvalidAmount = "invalid-amount";

    /// <summary>A request field is malformed (the message names it).</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>R6: the period is not of the program's kind, or lies after the period of the decision time.</summary>
    public const string InvalidPeriod = "invalid-period";

    /// <summary>R5: a sunset is not after the decision time, or a renewal does not move it later.</summary>
    public const string InvalidSunset = "invalid-sunset";

    /// <summary>R5: an exemption cannot be recorded as expired before its sunset.</summary>
    public const string ExemptionInForce = "exemption-in-force";

    /// <summary>The exemption is already recorded as expired.</summary>
    public const string AlreadyExpired = "already-expired";

    /// <summary>The budget is already open.</summary>
    public const string BudgetExists = "budget-exists";

    /// <summary>The program is already open.</summary>
    public const string ProgramExists = "program-exists";

    /// <summary>The tranche id is already used in the budget.</summary>
    public const string TrancheExists = "tranche-exists";

    /// <summary>The exemption id is already used in the budget.</summary>
    public const string ExemptionExists = "exemption-exists";

    /// <summary>The program is already eligible.</summary>
    public const string AlreadyEligible = "already-eligible";

    /// <summary>The pseudonym is already enrolled.</summary>
    public const string AlreadyEnrolled = "already-enrolled";

    /// <summary>The budget is already frozen.</summary>
    public const string AlreadyFrozen = "already-frozen";

    /// <summary>The budget is not frozen.</summary>
    public const string NotFrozen = "not-frozen";

    /// <summary>The disbursement is already reversed.</summary>
    public const string AlreadyReversed = "already-reversed";

    /// <summary>A Reversed entry does not match the disbursement it names (program, budget, tranche or currency).</summary>
    public const string ReversalMismatch = "reversal-mismatch";

    /// <summary>A reversal would give back more than is left of the disbursement (paid minus what earlier reversals gave back).</summary>
    public const string ReversalExceedsPaid = "reversal-exceeds-paid";

    /// <summary>The disbursement's delivery is already confirmed.</summary>
    public const string AlreadyDelivered = "already-delivered";

    /// <summary>A delivered disbursement cannot have failed: after its Delivered entry only <c>returned</c> or <c>recovered</c> reverse it.</summary>
    public const string DeliveredNotFailed = "delivered-not-failed";

    /// <summary>A Delivered entry's amount is not what is left of the disbursement when it is recorded.</summary>
    public const string DeliveryMismatch = "delivery-mismatch";

    /// <summary>Replay only: the leaf is not a well-formed canonical entry.</summary>
    public const string MalformedEntry = "malformed-entry";

    /// <summary>Findings: no FindingRaised entry with this finding id is recorded.</summary>
    public const string UnknownFinding = "unknown-finding";

    /// <summary>Findings: the finding is resolved (dismissed or confirmed); it can be neither disputed nor resolved again.</summary>
    public const string FindingClosed = "finding-closed";

    /// <summary>Findings: only the watchdog that raised a finding may resolve it.</summary>
    public const string NotTheRaiser = "not-the-raiser";

    /// <summary>Screening (R10): the counterparty has an unreviewed or confirmed sanctions hit, or was never screened.</summary>
    public const string CounterpartyBlocked = "counterparty-blocked";

    /// <summary>Screening: no counterparty with this id is registered.</summary>
    public const string UnknownCounterparty = "unknown-counterparty";

    /// <summary>Screening: a counterparty with this id is registered with other details.</summary>
    public const string CounterpartyExists = "counterparty-exists";

    /// <summary>Screening: the counterparty's latest screening is not a hit, so there is nothing to clear or confirm.</summary>
    public const string NoHitToReview = "no-hit-to-review";

    /// <summary>Screening: the latest screening's hit was already cleared or confirmed.</summary>
    public const string AlreadyReviewed = "already-reviewed";

    /// <summary>Reviews: the benchmark has no review schedule, or no review of that number, or the entry's window is not the schedule's.</summary>
    public const string UnknownReview = "unknown-review";

    /// <summary>Reviews: the review's window opens after the day of the entry.</summary>
    public const string ReviewNotDue = "review-not-due";

    /// <summary>Reviews: the review is already opened (or, for a closing, already closed).</summary>
    public const string ReviewAlreadyRecorded = "review-already-recorded";

    /// <summary>Reviews: a closing of a review that was never opened.</summary>
    public const string ReviewNotOpen = "review-not-open";

    /// <summary>Reviews: a closing recorded on or before the last day of the review's window.</summary>
    public const string ReviewWindowOpen = "review-window-open";

    /// <summary>Reviews: the verifications dated in the window are contested, so the review stays open until a further one settles it.</summary>
    public const string ReviewContested = "review-contested";

    /// <summary>Replay (DESIGN §5.9): a closing's outcome is not what the verifications dated in its window give.</summary>
    public const string ReviewOutcomeUnsupported = "review-outcome-unsupported";

    /// <summary>Consequences (issue 15 item 3): a release or a payment against a tranche a ladder step has paused or frozen.</summary>
    public const string ConsequenceInForce = "consequence-in-force";

    /// <summary>Consequences: a step that is not the ladder's answer to the failed or missed review it cites (no ladder, wrong step or action).</summary>
    public const string ConsequenceNotInLadder = "consequence-not-in-ladder";

    /// <summary>Consequences: a step applied before an earlier step that was due.</summary>
    public const string ConsequenceOutOfOrder = "consequence-out-of-order";

    /// <summary>Consequences: a step that names other tranches than the ladder's rule holds at that point.</summary>
    public const string ConsequenceTranchesMismatch = "consequence-tranches-mismatch";

    /// <summary>Consequences: a step cites a review that is not a failed or missed review of the budget.</summary>
    public const string ConsequenceReviewNotFailed = "consequence-review-not-failed";

    /// <summary>Consequences: the step is applied already (for that review or that step).</summary>
    public const string AlreadyApplied = "already-applied";

    /// <summary>Consequences: a lift of a step that was never applied.</summary>
    public const string UnknownConsequence = "unknown-consequence";

    /// <summary>Consequences: the step is lifted already.</summary>
    public const string AlreadyLifted = "already-lifted";

    /// <summary>Consequences: a lift without a passed review of the budget recorded after the step.</summary>
    public const string LiftNeedsPassedReview = "lift-needs-passed-review";

    /// <summary>Licences (DESIGN §5.10): a disbursement into a sanctioned jurisdiction that no licence in force attached to its budget covers.</summary>
    public const string Unlicensed = "unlicensed";

    /// <summary>Licences: no licence with this id is recorded.</summary>
    public const string UnknownLicence = "unknown-licence";

    /// <summary>Licences: the country is already declared a sanctioned jurisdiction (by another declaration).</summary>
    public const string AlreadySanctioned = "already-sanctioned";

    /// <summary>Licences: the country is not declared a sanctioned jurisdiction, so there is nothing to lift.</summary>
    public const string NotSanctioned = "not-sanctioned";

    // Vetting before money moves (issue 15 item 4).

    /// <summary>A payment above the budget's vetting threshold (or any payment, with a zero threshold) is not an approved row of a vetted list.</summary>
    public const string VettingRequired = "vetting-required";

    /// <summary>The budget's terms do not require vetting: its payment lists are paid directly.</summary>
    public const string VettingNotRequired = "vetting-not-required";

    /// <summary>The row was refused by the list's vetting body; it is never paid.</summary>
    public const string RowRefused = "row-refused";

    /// <summary>The key is not a vetting body registered with the budget.</summary>
    public const string VetterNotRegistered = "vetter-not-registered";

    /// <summary>A vetting body must be independent: not the budget's owner, not the list's agency.</summary>
    public const string VetterNotIndependent = "vetter-not-independent";

    /// <summary>The program has no payment list with this id waiting on the budget.</summary>
    public const string UnknownPaymentList = "unknown-payment-list";

    /// <summary>A vetting names a row id the list does not hold, or leaves one of its rows out.</summary>
    public const string RowNotInList = "row-not-in-list";

    /// <summary>The list is already vetted (by this or another decision).</summary>
    public const string AlreadyVetted = "already-vetted";

    /// <summary>The list waited its whole time: it can no longer be vetted, and its rows are never paid.</summary>
    public const string PaymentListExpired = "payment-list-expired";

    /// <summary>An expiry recorded before the list's time was up.</summary>
    public const string PaymentListNotExpired = "payment-list-not-expired";

    /// <summary>The approved rows of a list paid more than the list's total.</summary>
    public const string VettedTotalExceeded = "vetted-total-exceeded";

    /// <summary>The budget already requires vetting (its term is set once).</summary>
    public const string AlreadyRequired = "already-required";

    /// <summary>A vetted list holds at most <c>PaymentListSubmitted.MaxRows</c> rows of one budget.</summary>
    public const string PaymentListTooLarge = "payment-list-too-large";
}
