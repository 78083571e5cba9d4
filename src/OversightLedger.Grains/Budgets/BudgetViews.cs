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
        [.. budget.VerifierGroups.Select(v => new VerifierView(v.Key, v.Value))]);

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
