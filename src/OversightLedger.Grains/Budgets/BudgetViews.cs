using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Grains.Budgets;

/// <summary>Maps the domain budget to its wire view.</summary>
internal static class BudgetViews
{
    public static BudgetView From(ReliefBudget budget, DateTimeOffset now) => new(
        budget.BudgetId,
        budget.Owner,
        budget.Terms!.Donor,
        budget.Terms.Purpose,
        budget.Terms.Country,
        budget.Currency.Code,
        budget.Pledged.ToDecimalString(),
        budget.Received.ToDecimalString(),
        budget.Released.ToDecimalString(),
        budget.Reserved.ToDecimalString(),
        budget.Disbursed.ToDecimalString(),
        budget.Available.ToDecimalString(),
        budget.IsFrozen,
        [.. budget.EligiblePrograms.Order(StringComparer.Ordinal)],
        [.. budget.Tranches.Select(From)],
        [.. budget.Exemptions.Select(e => From(e, now))],
        [.. budget.VerifierGroups.Select(v => new VerifierView(v.Key, v.Value))],
        budget.Ladder is { } ladder
            ? [.. ladder.Steps.Select((s, i) => new ConsequenceStepView(i + 1, s.FailedReviews, ConsequenceActions.NameOf(s.Action)))]
            : null,
        [.. budget.Consequences.Select(From)],
        HeldBy(budget, ConsequenceAction.PauseNextTranche),
        HeldBy(budget, ConsequenceAction.FreezeUnreleased));

    private static ConsequenceView From(AppliedConsequence consequence) => new(
        consequence.Step,
        ConsequenceActions.NameOf(consequence.Applied.Action),
        [.. consequence.Applied.Tranches],
        consequence.Applied.Review,
        consequence.Applied.Time,
        consequence.Applied.Id,
        consequence.IsInForce,
        consequence.Lifted?.Time,
        consequence.Lifted?.Reason,
        consequence.Lifted?.Review);

    /// <summary>The tranches that steps in force of <paramref name="action"/> hold, in the order added.</summary>
    private static string[] HeldBy(ReliefBudget budget, ConsequenceAction action) =>
        [.. budget.Tranches.Where(t => budget.Consequences.Any(c => c.IsInForce && c.Applied.Action == action && c.Applied.Tranches.Contains(t.Id))).Select(t => t.Id)];

    private static ExemptionView From(Exemption exemption, DateTimeOffset now) => new(
        exemption.Id,
        [.. exemption.Sectors],
        [.. exemption.Modalities],
        exemption.MaxAmount.ToDecimalString(),
        exemption.Sunset,
        exemption.IsInForceAt(now) && !exemption.IsRecordedExpired,
        exemption.IsRecordedExpired);

    private static TrancheView From(Tranche tranche) => new(
        tranche.Id,
        tranche.Amount.ToDecimalString(),
        tranche.IsHumanitarian,
        [.. tranche.Benchmarks],
        [.. tranche.Verifications.Keys.Order(StringComparer.Ordinal)],
        tranche.IsReleased,
        tranche.Released.ToDecimalString(),
        tranche.Reserved.ToDecimalString(),
        tranche.Disbursed.ToDecimalString(),
        tranche.Available.ToDecimalString(),
        [.. tranche.Benchmarks.Select(name => From(tranche.BenchmarkStates[name]))]);

    private static BenchmarkView From(Benchmark benchmark)
    {
        BenchmarkDefined? definition = benchmark.Definition;
        HashSet<BenchmarkVerification> counted = [.. benchmark.CountedVerifications];
        return new BenchmarkView(
            benchmark.Name,
            BenchmarkStatusNames.NameOf(benchmark.Status),
            definition?.Indicator,
            definition?.Unit,
            definition is null ? null : IndicatorValue.Format(definition.Baseline),
            definition is null ? null : IndicatorValue.Format(definition.Target),
            definition is null ? null : TargetDirections.NameOf(definition.Direction),
            definition?.DueOn,
            definition?.RequiredVerifications,
            definition?.RequiredGroups,
            [.. benchmark.Verifications.Select(v => new BenchmarkVerificationView(
                v.Entry.Verifier,
                v.Group,
                v.Entry.Value is { } value ? IndicatorValue.Format(value) : null,
                v.Entry.EvidenceSha256,
                v.Entry.VerifiedOn,
                v.Entry.Time,
                counted.Contains(v),
                benchmark.Meets(v)))],
            benchmark.Decision is { } decided
                ? new BenchmarkDecisionView(decided.Met ? BenchmarkDecided.MetOutcome : BenchmarkDecided.NotMetOutcome, decided.Reason, decided.DecidedBy, decided.Time)
                : null,
            definition?.ReviewCadence is { } cadence ? ReviewCadences.NameOf(cadence) : null,
            definition?.ReviewCount,
            definition?.ReviewCadence is null
                ? null
                : [.. definition.ReviewWindows.Select(w => new BenchmarkReviewView(w.Number, w.OpensOn, w.ClosesOn, BenchmarkReviewStates.Of(benchmark, w)))]);
    }
}
