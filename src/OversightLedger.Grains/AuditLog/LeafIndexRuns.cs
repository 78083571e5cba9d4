namespace OversightLedger.Grains.AuditLog;

/// <summary>
/// The leaf indices of one subject, ascending, held as runs of consecutive indices: a batch of a program's
/// disbursements is one run of its program's and its budget's subjects, so a subject that names millions of entries
/// takes a few bytes per batch rather than eight per entry (twelve per run at worst, when no two of its entries are
/// adjacent).
/// </summary>
/// <remarks>Not thread-safe: the sequencer's activation owns it.</remarks>
internal sealed class LeafIndexRuns
{
    private ulong[] _starts = new ulong[4];
    private uint[] _lengths = new uint[4];
    private int _runs;

    /// <summary>The number of indices.</summary>
    public long Count { get; private set; }

    /// <summary>Adds <paramref name="index"/>, which must be above every index added before.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not above the last one.</exception>
    public void Add(ulong index)
    {
        if (_runs > 0)
        {
            ulong last = _starts[_runs - 1] + _lengths[_runs - 1] - 1;
            if (index <= last)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf indices are added in ascending order; the last one is {last}.");
            }

            if (index == last + 1 && _lengths[_runs - 1] < uint.MaxValue)
            {
                _lengths[_runs - 1]++;
                Count++;
                return;
            }
        }

        if (_runs == _starts.Length)
        {
            Array.Resize(ref _starts, _runs * 2);
            Array.Resize(ref _lengths, _runs * 2);
        }

        _starts[_runs] = index;
        _lengths[_runs] = 1;
        _runs++;
        Count++;
    }

    /// <summary>The indices at or after <paramref name="fromIndex"/>, ascending.</summary>
    public ulong[] From(ulong fromIndex)
    {
        // The first run that ends at or after fromIndex.
        int low = 0, high = _runs;
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

        long count = 0;
        for (int run = low; run < _runs; run++)
        {
            count += _lengths[run] - (long)(run == low && _starts[run] < fromIndex ? fromIndex - _starts[run] : 0);
        }

        var indices = new ulong[count];
        int next = 0;
        for (int run = low; run < _runs; run++)
        {
            ulong first = run == low ? Math.Max(_starts[run], fromIndex) : _starts[run];
            ulong end = _starts[run] + _lengths[run];
            for (ulong index = first; index < end; index++)
            {
                indices[next++] = index;
            }
        }

        return indices;
    }
}
