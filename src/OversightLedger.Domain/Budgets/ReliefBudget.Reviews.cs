using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>Scheduled reviews of benchmarks that require sustained compliance (issue 15 item 2).</summary>
public sealed partial class ReliefBudget
{
    /// <summary>Every review of every scheduled benchmark of the budget, with its tranche and benchmark, in tranche order.</summary>
    public IEnumerable<(Tranche Tranche, Benchmark Benchmark, ReviewWindow Window)> ScheduledReviews =>
        from tranche in _tranches
        from name in tranche.Benchmarks
        let benchmark = tranche.BenchmarkStates[name]
        where benchmark.Definition?.ReviewCadence is not null
        from window in benchmark.Definition!.ReviewWindows
        select (tranche, benchmark, window);

    /// <summary>Decides opening a scheduled review (the daily job's act): only on or after the day its window opens, once.</summary>
    public Decision<ReviewOpened> DecideOpenReview(string entryId, DateTimeOffset now, string tranche, string benchmark, ReviewWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Decide(() => new ReviewOpened(entryId, now, BudgetId, tranche, benchmark, window.Number, window.OpensOn, window.ClosesOn));
    }

    /// <summary>
    /// Decides closing an opened review after its window with <paramref name="outcome"/>, which must be what the
    /// verifications dated in the window give (<see cref="Benchmark.ReviewOutcomeOf"/>).
    /// </summary>
    public Decision<ReviewClosed> DecideCloseReview(string entryId, DateTimeOffset now, string tranche, string benchmark, int review, ReviewOutcome outcome) =>
        Decide(() => new ReviewClosed(entryId, now, BudgetId, tranche, benchmark, review, outcome));

    private DomainRejection? CheckReviewOpened(ReviewOpened opened)
    {
        if (FindBenchmark(opened.Tranche, opened.Benchmark, out Benchmark? benchmark) is { } unknown)
        {
            return unknown;
        }

        if (benchmark!.Definition?.ReviewWindowOf(opened.Review) is not { } window || window != opened.Window)
        {
            return Rejection(
                RejectionCode.UnknownReview,
                $"the benchmark '{opened.Benchmark}' has no review {opened.Review} from {opened.OpensOn:yyyy-MM-dd} to {opened.ClosesOn:yyyy-MM-dd} in its schedule");
        }

        if (DateOnly.FromDateTime(opened.Time.UtcDateTime) < window.OpensOn)
        {
            return Rejection(RejectionCode.ReviewNotDue, $"review {opened.Review} of '{opened.Benchmark}' opens on {window.OpensOn:yyyy-MM-dd}, not before");
        }

        return benchmark.Reviews.ContainsKey(opened.Review)
            ? Rejection(RejectionCode.ReviewAlreadyRecorded, $"review {opened.Review} of '{opened.Benchmark}' is already open")
            : null;
    }

    private DomainRejection? CheckReviewClosed(ReviewClosed closed)
    {
        if (FindBenchmark(closed.Tranche, closed.Benchmark, out Benchmark? benchmark) is { } unknown)
        {
            return unknown;
        }

        if (!benchmark!.Reviews.TryGetValue(closed.Review, out BenchmarkReview? review))
        {
            return Rejection(RejectionCode.ReviewNotOpen, $"review {closed.Review} of '{closed.Benchmark}' was never opened");
        }

        if (review.Closed is not null)
        {
            return Rejection(RejectionCode.ReviewAlreadyRecorded, $"review {closed.Review} of '{closed.Benchmark}' is already closed");
        }

        if (DateOnly.FromDateTime(closed.Time.UtcDateTime) <= review.Window.ClosesOn)
        {
            return Rejection(RejectionCode.ReviewWindowOpen, $"review {closed.Review} of '{closed.Benchmark}' runs until {review.Window.ClosesOn:yyyy-MM-dd} inclusive");
        }

        return benchmark.ReviewOutcomeOf(review.Window) switch
        {
            null => Rejection(
                RejectionCode.ReviewContested,
                $"the verifications dated in review {closed.Review} of '{closed.Benchmark}' disagree: it stays open until a further verification dated in its window settles it"),
            { } outcome when outcome != closed.Outcome => Rejection(
                RejectionCode.ReviewOutcomeUnsupported,
                $"review {closed.Review} of '{closed.Benchmark}' is recorded as {ReviewOutcomes.NameOf(closed.Outcome)}; the verifications dated in its window give {ReviewOutcomes.NameOf(outcome)}"),
            _ => null,
        };
    }

    private void ApplyReviewOpened(ReviewOpened opened)
    {
        Benchmark benchmark = BenchmarkToApply(opened, opened.Tranche, opened.Benchmark);
        if (benchmark.Reviews.ContainsKey(opened.Review))
        {
            throw NotApplicable(opened, $"review {opened.Review} is already open");
        }

        benchmark.OpenReview(opened);
    }

    private void ApplyReviewClosed(ReviewClosed closed)
    {
        Benchmark benchmark = BenchmarkToApply(closed, closed.Tranche, closed.Benchmark);
        if (!benchmark.Reviews.TryGetValue(closed.Review, out BenchmarkReview? review) || review.Closed is not null)
        {
            throw NotApplicable(closed, $"review {closed.Review} is not open");
        }

        review.Close(closed);
    }
}
