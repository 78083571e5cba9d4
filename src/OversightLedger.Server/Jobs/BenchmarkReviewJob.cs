using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The daily review pass (issue 15 item 2): every budget opens each scheduled benchmark review whose window has opened
/// (<c>ReviewOpened</c>) and closes each whose window has passed (<c>ReviewClosed</c>: passed, failed or missed), and each
/// review opening within <see cref="WarnWithin"/> is logged as a warning for its verifiers. Idempotent: the entries' ids
/// name the review they record, so a second run, or a second silo's, logs nothing twice.
/// </summary>
public sealed partial class BenchmarkReviewJob(IGrainFactory grains, LedgerLog log, TimeProvider time, ILogger<BenchmarkReviewJob> logger)
{
    /// <summary>How long before a review opens its verifiers are warned.</summary>
    public static readonly TimeSpan WarnWithin = TimeSpan.FromDays(14);

    /// <summary>Runs the pass over every budget in the log; returns what it did.</summary>
    public async Task<IReadOnlyList<BenchmarkReviewOutcome>> RunAsync()
    {
        DateTimeOffset now = time.GetUtcNow();
        List<BenchmarkReviewOutcome> outcomes = [];
        foreach (string budget in await LoggedBudgets.ListAsync(log))
        {
            outcomes.AddRange(await grains.GetGrain<IReliefBudgetGrain>(budget).ApplyReviewsAsync(now, WarnWithin));
        }

        foreach (BenchmarkReviewOutcome outcome in outcomes)
        {
            switch (outcome.Action)
            {
                case BenchmarkReviewOutcome.Opened:
                    LogOpened(logger, outcome.Review, outcome.Benchmark, outcome.Tranche, outcome.Budget, outcome.OpensOn, outcome.ClosesOn, outcome.LeafIndex);
                    break;
                case BenchmarkReviewOutcome.Closed:
                    LogClosed(logger, outcome.Review, outcome.Benchmark, outcome.Tranche, outcome.Budget, outcome.Outcome, outcome.LeafIndex);
                    break;
                case BenchmarkReviewOutcome.ConsequenceApplied:
                    LogConsequenceApplied(logger, outcome.Budget, outcome.Outcome, outcome.Review, outcome.Benchmark, outcome.Tranche, outcome.LeafIndex);
                    break;
                case BenchmarkReviewOutcome.Contested:
                    LogContested(logger, outcome.Review, outcome.Benchmark, outcome.Tranche, outcome.Budget, outcome.OpensOn, outcome.ClosesOn);
                    break;
                default:
                    LogUpcoming(logger, outcome.Review, outcome.Benchmark, outcome.Tranche, outcome.Budget, outcome.OpensOn, outcome.ClosesOn);
                    break;
            }
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {Review} of benchmark {Benchmark} (tranche {Tranche}, budget {Budget}) opened: window {OpensOn:yyyy-MM-dd} to {ClosesOn:yyyy-MM-dd}, logged at leaf {LeafIndex}")]
    private static partial void LogOpened(ILogger logger, int review, string benchmark, string tranche, string budget, DateOnly opensOn, DateOnly closesOn, ulong? leafIndex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {Review} of benchmark {Benchmark} (tranche {Tranche}, budget {Budget}) closed as {Outcome}, logged at leaf {LeafIndex}")]
    private static partial void LogClosed(ILogger logger, int review, string benchmark, string tranche, string budget, string? outcome, ulong? leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget {Budget}: consequence {Action} applied for the failed or missed review {Review} of benchmark {Benchmark} (tranche {Tranche}), logged at leaf {LeafIndex}")]
    private static partial void LogConsequenceApplied(ILogger logger, string budget, string? action, int review, string benchmark, string tranche, ulong? leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {Review} of benchmark {Benchmark} (tranche {Tranche}, budget {Budget}) ended {ClosesOn:yyyy-MM-dd} with contested verifications (window from {OpensOn:yyyy-MM-dd}); it stays open until a further verification dated in the window settles it")]
    private static partial void LogContested(ILogger logger, int review, string benchmark, string tranche, string budget, DateOnly opensOn, DateOnly closesOn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verifiers of budget {Budget}: review {Review} of benchmark {Benchmark} (tranche {Tranche}) opens {OpensOn:yyyy-MM-dd} (within 14 days) and closes {ClosesOn:yyyy-MM-dd}; verifications dated in the window count for it")]
    private static partial void LogUpcoming(ILogger logger, int review, string benchmark, string tranche, string budget, DateOnly opensOn, DateOnly closesOn);
}
