using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>A tranche as the builder follows it up to the end of the quarter.</summary>
internal sealed class TrancheState(TrancheAdded added)
{
    private readonly Dictionary<string, BenchmarkVerificationReport> _latest = new(StringComparer.Ordinal);

    public TrancheAdded Added { get; } = added;

    public TrancheReleased? Release { get; private set; }

    public ulong ReleaseLeaf { get; private set; }

    public long ReleasedUnits { get; private set; }

    public long NetDisbursedUnits { get; set; }

    /// <summary>The verifications the release relied on, as recorded before it.</summary>
    public IReadOnlyList<BenchmarkVerificationReport>? VerificationsAtRelease { get; private set; }

    /// <summary>Records a benchmark's verification; false when it already has one (the rules refuse a second, and so does the count).</summary>
    public bool RecordVerification(BenchmarkVerified verified, ulong leaf) =>
        _latest.TryAdd(
            verified.Benchmark,
            new BenchmarkVerificationReport(verified.Benchmark, verified.Verifier, verified.EvidenceSha256, verified.VerifiedOn, verified.Time, leaf));

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
