namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// One subject's leaves in the sequencer's in-memory indexes (<see cref="LogEntryIndex"/>, <see cref="LogIndexGeneration"/>,
/// <see cref="SnapshottedLogIndex"/>), ascending, as runs of consecutive leaves: a batch of a program's entries is one run
/// of its program's and its budget's subjects, so a subject that names millions of entries takes a few bytes per batch
/// rather than eight per entry (twelve per run at worst, when no two of its entries are adjacent). Its runs can be read
/// back one by one for a snapshot.
/// </summary>
/// <remarks>Not thread-safe while it grows; once a snapshot or a merge holds it, it is only read.</remarks>
internal sealed class SubjectLeafRuns
{
    private ulong[] _starts;
    private uint[] _lengths;

    /// <summary>No leaves, room for <paramref name="capacity"/> runs.</summary>
    public SubjectLeafRuns(int capacity = 2)
    {
        _starts = new ulong[Math.Max(1, capacity)];
        _lengths = new uint[Math.Max(1, capacity)];
    }

    /// <summary>The number of runs.</summary>
    public int RunCount { get; private set; }

    /// <summary>The number of leaves (counted over the runs).</summary>
    public long Count
    {
        get
        {
            long count = 0;
            for (int run = 0; run < RunCount; run++)
            {
                count += _lengths[run];
            }

            return count;
        }
    }

    /// <summary>The run at <paramref name="run"/>: its first leaf and its length.</summary>
    public (ulong Start, uint Length) RunAt(int run) => (_starts[run], _lengths[run]);

    /// <summary>The last leaf, or null when there is none.</summary>
    public ulong? Last => RunCount == 0 ? null : _starts[RunCount - 1] + _lengths[RunCount - 1] - 1;

    /// <summary>Adds <paramref name="leaf"/>, above every leaf added before.</summary>
    public void Add(ulong leaf) => AddRun(leaf, 1);

    /// <summary>Adds the <paramref name="length"/> leaves from <paramref name="start"/>, above every leaf added before.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The run is empty, or not above the last leaf.</exception>
    public void AddRun(ulong start, uint length)
    {
        ArgumentOutOfRangeException.ThrowIfZero(length);
        if (Last is { } last)
        {
            if (start <= last)
            {
                throw new ArgumentOutOfRangeException(nameof(start), start, $"Leaves are added in ascending order; the last one is {last}.");
            }

            if (start == last + 1 && _lengths[RunCount - 1] <= uint.MaxValue - length)
            {
                _lengths[RunCount - 1] += length;
                return;
            }
        }

        if (RunCount == _starts.Length)
        {
            Array.Resize(ref _starts, RunCount * 2);
            Array.Resize(ref _lengths, RunCount * 2);
        }

        _starts[RunCount] = start;
        _lengths[RunCount] = length;
        RunCount++;
    }

    /// <summary>A copy with room for <paramref name="moreRuns"/> more runs.</summary>
    public SubjectLeafRuns Copy(int moreRuns)
    {
        var copy = new SubjectLeafRuns(RunCount + moreRuns) { RunCount = RunCount };
        Array.Copy(_starts, copy._starts, RunCount);
        Array.Copy(_lengths, copy._lengths, RunCount);
        return copy;
    }

    /// <summary>The leaves at or after <paramref name="fromIndex"/>, ascending.</summary>
    public ulong[] From(ulong fromIndex)
    {
        int first = FirstRunEndingAtOrAfter(fromIndex);
        long count = 0;
        for (int run = first; run < RunCount; run++)
        {
            count += _lengths[run] - (long)(run == first && _starts[run] < fromIndex ? fromIndex - _starts[run] : 0);
        }

        var leaves = new ulong[count];
        int next = 0;
        for (int run = first; run < RunCount; run++)
        {
            ulong end = _starts[run] + _lengths[run];
            for (ulong leaf = Math.Max(_starts[run], fromIndex); leaf < end; leaf++)
            {
                leaves[next++] = leaf;
            }
        }

        return leaves;
    }

    /// <summary>Appends the leaves at or after <paramref name="fromIndex"/> to <paramref name="leaves"/>, ascending.</summary>
    public void AppendFrom(ulong fromIndex, List<ulong> leaves)
    {
        for (int run = FirstRunEndingAtOrAfter(fromIndex); run < RunCount; run++)
        {
            ulong end = _starts[run] + _lengths[run];
            for (ulong leaf = Math.Max(_starts[run], fromIndex); leaf < end; leaf++)
            {
                leaves.Add(leaf);
            }
        }
    }

    /// <summary>The first run that ends at or after <paramref name="fromIndex"/> (<see cref="RunCount"/> when none does).</summary>
    private int FirstRunEndingAtOrAfter(ulong fromIndex)
    {
        int low = 0, high = RunCount;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (_starts[middle] + _lengths[middle] - 1 < fromIndex)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
