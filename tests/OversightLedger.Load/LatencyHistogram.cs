using System.Numerics;

namespace OversightLedger.Load;

/// <summary>
/// Latencies in microseconds in log-linear buckets (256 per power of two: under 0.4% error), like HdrHistogram:
/// constant memory, cheap to record, mergeable. Not thread-safe: one per client, merged at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int HalfSubBuckets = SubBuckets / 2;

    private readonly long[] _counts = new long[SubBuckets + ((64 - SubBucketBits) * HalfSubBuckets)];

    public long Count { get; private set; }

    public long MaxMicroseconds { get; private set; }

    public void Record(long microseconds)
    {
        long value = Math.Max(0, microseconds);
        _counts[Index(value)]++;
        Count++;
        MaxMicroseconds = Math.Max(MaxMicroseconds, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        MaxMicroseconds = Math.Max(MaxMicroseconds, other.MaxMicroseconds);
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the recorded values lie (the bucket's midpoint).</summary>
    public double PercentileMilliseconds(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                (long low, long width) = Bucket(i);
                return Math.Min(low + (width / 2.0), MaxMicroseconds) / 1000.0;
            }
        }

        return MaxMicroseconds / 1000.0;
    }

    private static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        int highestBit = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = highestBit - (SubBucketBits - 1);
        int subBucket = (int)(value >> shift);
        return SubBuckets + ((shift - 1) * HalfSubBuckets) + (subBucket - HalfSubBuckets);
    }

    private static (long Low, long Width) Bucket(int index)
    {
        if (index < SubBuckets)
        {
            return (index, 1);
        }

        int relative = index - SubBuckets;
        int shift = (relative / HalfSubBuckets) + 1;
        long subBucket = (relative % HalfSubBuckets) + HalfSubBuckets;
        return (subBucket << shift, 1L << shift);
    }
}
