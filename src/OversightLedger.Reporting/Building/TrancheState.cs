using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>A tranche as the builder follows it up to the end of the quarter.</summary>
internal sealed class TrancheState(TrancheAdded added)
{
    private readonly Dictionary<string, BenchmarkVerificationReport> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);

    public TrancheAdded Added { get; } = added;

    public TrancheReleased? Release { get; private set; }

    public ulong ReleaseLeaf { get; private set; }

    public long ReleasedUnits { get; private set; }

    public long NetDisbursedUnits { get; set; }

    /// <summary>The verifications the release relied on, as recorded before it.</summary>
    public IReadOnlyList<BenchmarkVerificationReport>? VerificationsAtRelease { get; private set; }

    /// <summary>Whether the benchmark has a <c>BenchmarkDefined</c> entry (indicator, target, rule).</summary>
    public bool IsDefined(string benchmark) => _defined.Contains(benchmark);

    /// <summary>Records a benchmark's definition; false when it has one or a verification already (the rules refuse it, and so does the count).</summary>
    public bool RecordDefinition(BenchmarkDefined defined) =>
        Added.Benchmarks.Contains(defined.Benchmark) && !_latest.ContainsKey(defined.Benchmark) && _defined.Add(defined.Benchmark);

    /// <summary>
    /// Records a benchmark's verification; false when a bare benchmark already has one (the rules refuse a second, and so
    /// does the count). A defined benchmark takes verifications from several verifiers: the latest is the one shown.
    /// </summary>
    public bool RecordVerification(BenchmarkVerified verified, ulong leaf)
    {
        BenchmarkVerificationReport report = new(verified.Benchmark, verified.Verifier, verified.EvidenceSha256, verified.VerifiedOn, verified.Time, leaf);
        if (_defined.Contains(verified.Benchmark))
        {
            _latest[verified.Benchmark] = report;
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
            : Added.Benchmarks.All(_latest.ContainsKey) ? TrancheStatus.Ready
            : TrancheStatus.AwaitingBenchmarks;
        IReadOnlyList<BenchmarkVerificationReport> verifications = VerificationsAtRelease
            ?? [.. _latest.Values.OrderBy(v => v.Benchmark, StringComparer.Ordinal)];
        return new TrancheReport(
            Added.Tranche, Added.Amount, Added.Humanitarian, Added.Benchmarks, status, new Money(currency, ReleasedUnits),
            Release?.Time, Release is null ? null : ReleaseLeaf, Release?.ReleasedBy, new Money(currency, NetDisbursedUnits), verifications);
    }
}
