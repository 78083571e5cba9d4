using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>A tranche as the builder follows it up to the end of the quarter.</summary>
internal sealed class TrancheState(TrancheAdded added, ulong addedLeaf)
{
    private readonly Dictionary<string, BenchmarkVerificationReport> _latest = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DefinedBenchmark> _defined = new(StringComparer.Ordinal);

    public TrancheAdded Added { get; } = added;

    /// <summary>The leaf of <see cref="Added"/>.</summary>
    public ulong AddedLeaf { get; } = addedLeaf;

    public TrancheReleased? Release { get; private set; }

    public ulong ReleaseLeaf { get; private set; }

    public long ReleasedUnits { get; private set; }

    public long NetDisbursedUnits { get; set; }

    /// <summary>The verifications the release relied on, as recorded before it.</summary>
    public IReadOnlyList<BenchmarkVerificationReport>? VerificationsAtRelease { get; private set; }

    /// <summary>Whether the benchmark has a <c>BenchmarkDefined</c> entry (indicator, target, rule).</summary>
    public bool IsDefined(string benchmark) => _defined.ContainsKey(benchmark);

    /// <summary>Records a benchmark's definition; false when it has one or a verification already (the rules refuse it, and so does the count).</summary>
    public bool RecordDefinition(BenchmarkDefined defined) =>
        Added.Benchmarks.Contains(defined.Benchmark) && Release is null && !_latest.ContainsKey(defined.Benchmark)
        && _defined.TryAdd(defined.Benchmark, new DefinedBenchmark(defined));

    /// <summary>Records the owner's decision; false unless the benchmark is defined and contested (the rules refuse it, and so does the count).</summary>
    public bool RecordDecision(BenchmarkDecided decided)
    {
        if (!_defined.TryGetValue(decided.Benchmark, out DefinedBenchmark? benchmark) || benchmark.Status != BenchmarkStatus.Contested)
        {
            return false;
        }

        benchmark.Decision = decided;
        return true;
    }

    /// <summary>
    /// Records a benchmark's verification; false when a bare benchmark already has one (the rules refuse a second, and so
    /// does the count). A defined benchmark takes verifications from several verifiers: the latest is the one shown.
    /// </summary>
    public bool RecordVerification(BenchmarkVerified verified, ulong leaf, string? group)
    {
        BenchmarkVerificationReport report = new(verified.Benchmark, verified.Verifier, verified.EvidenceSha256, verified.VerifiedOn, verified.Time, leaf);
        if (_defined.TryGetValue(verified.Benchmark, out DefinedBenchmark? benchmark))
        {
            _latest[verified.Benchmark] = report;
            benchmark.Counted[verified.Verifier] = new BenchmarkValueReport(verified.Verifier, group!, verified.Value!.Value, verified.VerifiedOn, leaf);
            benchmark.Decision = null;
            return true;
        }

        return _latest.TryAdd(verified.Benchmark, report);
    }

    /// <summary>Records the release; false when the tranche is already released (the rules refuse a second release, and so does the count).</summary>
    public bool RecordRelease(TrancheReleased release, ulong leaf)
    {
        if (Release is not null)
        {
            return false;
        }

        ReleasedUnits = release.Amount.MinorUnits;
        Release = release;
        ReleaseLeaf = leaf;
        VerificationsAtRelease = [.. release.Verifications.Where(_latest.ContainsKey).Select(benchmark => _latest[benchmark])];
        return true;
    }

    public TrancheReport ToReport(Currency currency)
    {
        TrancheStatus status = Release is not null ? TrancheStatus.Released
            : Added.Benchmarks.All(b => _defined.TryGetValue(b, out DefinedBenchmark? defined) ? defined.Status == BenchmarkStatus.Met : _latest.ContainsKey(b)) ? TrancheStatus.Ready
            : TrancheStatus.AwaitingBenchmarks;
        IReadOnlyList<BenchmarkVerificationReport> verifications = VerificationsAtRelease
            ?? [.. _latest.Values.OrderBy(v => v.Benchmark, StringComparer.Ordinal)];
        return new TrancheReport(
            Added.Tranche, Added.Amount, Added.Humanitarian, Added.Benchmarks, status, new Money(currency, ReleasedUnits),
            Release?.Time, Release is null ? null : ReleaseLeaf, Release?.ReleasedBy, new Money(currency, NetDisbursedUnits), verifications,
            [.. _defined.Values.Select(b => b.ToReport())]);
    }
}
