using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// A program's totals per beneficiary and cap period (what each pseudonym was paid, or holds in reservations, in each
/// period): one table per period, keyed by the pseudonym's bits, so a period's totals are one object that can be let go
/// of as a whole. Zero totals are not kept; the sum over everything is kept as it changes.
/// </summary>
/// <remarks>
/// With a <see cref="ClosedPeriodFile"/> (a bounded replay), <see cref="CloseBefore"/> moves the tables of closed periods
/// to the file; a late entry that names one brings its table back (exact, if slow), until the next closing.
/// A log-backed program's grain instead stores closed periods itself (<see cref="Encode"/>, <see cref="CloseOutside"/>,
/// <see cref="Reopen"/>): a period held outside is only named (<see cref="ClosedPeriodTotals"/>), and reading or changing
/// its totals before it is reopened throws rather than answer zero.
/// </remarks>
internal sealed class PeriodTotals(ClosedPeriodFile? closedPeriods = null)
{
    private readonly Dictionary<string, PeriodTable> _byPeriod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Offset, int Count)> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClosedPeriodTotals> _outside = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    private long _changes;

    /// <summary>The sum of every total.</summary>
    public long Sum { get; private set; }

    /// <summary>The periods whose totals are in memory.</summary>
    public IEnumerable<string> PeriodsInMemory => _byPeriod.Keys;

    /// <summary>The closed periods held outside memory, by what names their stored copy.</summary>
    public IReadOnlyCollection<ClosedPeriodTotals> Outside => _outside.Values;

    /// <summary>Whether <paramref name="period"/> is held outside memory (reopen it before reading or changing it).</summary>
    public bool IsOutside(string period) => _outside.ContainsKey(period);

    /// <summary>The named copy of a period held outside, or null.</summary>
    public ClosedPeriodTotals? OutsideCopy(string period) => _outside.GetValueOrDefault(period);

    /// <summary>The stored form of <paramref name="period"/>'s totals (in memory) for <paramref name="programId"/>.</summary>
    public ClosingPeriod Encode(string programId, string period)
    {
        PeriodTable totals = _byPeriod[period];
        (byte[] content, ClosedPeriodTotals named) = ClosedPeriodCodec.Encode(programId, period, totals);
        return new ClosingPeriod(named, content, _changedAt.GetValueOrDefault(period));
    }

    /// <summary>
    /// Lets go of a period's totals once their stored copy is written, keeping only its name; false (kept in memory) when
    /// they changed since <see cref="Encode"/>.
    /// </summary>
    public bool CloseOutside(ClosingPeriod closing)
    {
        string period = closing.Totals.Period;
        if (!_byPeriod.ContainsKey(period) || _changedAt.GetValueOrDefault(period) != closing.Stamp)
        {
            return false;
        }

        _byPeriod.Remove(period);
        _outside.Add(period, closing.Totals);
        return true;
    }

    /// <summary>Takes back a period held outside with its totals (read from its stored copy, or rebuilt from the log).</summary>
    public void Reopen(string period, Dictionary<PseudonymBits, long> totals)
    {
        if (!_outside.Remove(period, out ClosedPeriodTotals? named))
        {
            throw new InvalidOperationException($"The period '{period}' is not held outside.");
        }

        Sum = checked(Sum - named.Sum + totals.Values.Sum());
        _changedAt[period] = ++_changes;
        if (totals.Count > 0)
        {
            _byPeriod.Add(period, new PeriodTable(totals));
        }
    }

    /// <summary>The total of <paramref name="beneficiary"/> in <paramref name="period"/> (zero when none).</summary>
    public long Get(PseudonymBits beneficiary, string period) =>
        Reopened(period).TryGetValue(period, out PeriodTable? totals) ? totals.Get(beneficiary) : 0;

    /// <summary>Moves the totals of every period that sorts before <paramref name="firstOpenPeriod"/> to the file of closed periods.</summary>
    public void CloseBefore(string firstOpenPeriod)
    {
        if (closedPeriods is null)
        {
            return;
        }

        foreach (string period in _byPeriod.Keys.Where(p => string.CompareOrdinal(p, firstOpenPeriod) < 0).ToList())
        {
            _closed.Add(period, closedPeriods.Write(_byPeriod[period]));
            _byPeriod.Remove(period);
        }
    }

    /// <summary>Adds <paramref name="units"/> (negative to take away) to the total of the beneficiary in the period.</summary>
    public void Add(PseudonymBits beneficiary, string period, long units)
    {
        if (!Reopened(period).TryGetValue(period, out PeriodTable? totals))
        {
            totals = new PeriodTable();
            _byPeriod.Add(period, totals);
        }

        _changedAt[period] = ++_changes;
        totals.Add(beneficiary, units);
        if (totals.Count == 0)
        {
            _byPeriod.Remove(period);
        }

        Sum = checked(Sum + units);
    }

    /// <summary>The totals changed since the tables' sorted arrays, summed over the periods in memory (a total may count twice).</summary>
    public long ChangedCount => _byPeriod.Values.Sum(t => (long)t.ChangedCount);

    /// <summary>Freezes every period's changes for a new base (<see cref="PeriodTable.Freeze"/>).</summary>
    public List<FrozenPeriod> FreezeBase() =>
        [.. _byPeriod.Select(p => new FrozenPeriod(p.Key, p.Value, p.Value.Freeze()))];

    /// <summary>The base of <paramref name="frozen"/> is stored: each table still in memory stands on its merged arrays.</summary>
    public void AdoptBase(IEnumerable<FrozenPeriod> frozen)
    {
        foreach (FrozenPeriod period in frozen)
        {
            period.Table.Adopt(period.Merged.Keys, period.Merged.Totals);
        }
    }

    /// <summary>The base of <paramref name="frozen"/> was not stored: the frozen changes are changes again.</summary>
    public static void ThawBase(IEnumerable<FrozenPeriod> frozen)
    {
        foreach (FrozenPeriod period in frozen)
        {
            period.Table.Thaw();
        }
    }

    /// <summary>
    /// Writes what changed since the base (a grain's regular snapshot): for every period in memory, whether it stands on
    /// the base's table and its changes (<see cref="PeriodTable.WriteChanges"/>); then the names of the periods held outside.
    /// </summary>
    public void WriteChanges(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_byPeriod.Count);
        foreach ((string period, PeriodTable totals) in _byPeriod)
        {
            writer.Write(period);
            writer.Write(totals.HasSorted);
            totals.WriteChanges(writer);
        }

        WriteOutside(writer);
    }

    /// <summary>
    /// Reads what <see cref="WriteChanges"/> wrote into these empty totals, onto the base's tables
    /// <paramref name="baseTables"/> (a base table not named is of a period emptied or closed since: dropped).
    /// </summary>
    /// <exception cref="InvalidDataException">A period is written twice, or stands on a table the base does not hold.</exception>
    public void ReadChanges(BinaryReader reader, Dictionary<string, PeriodTable> baseTables)
    {
        int periods = reader.Read7BitEncodedInt();
        for (int p = 0; p < periods; p++)
        {
            string period = reader.ReadString();
            bool onBase = reader.ReadBoolean();
            PeriodTable? totals = onBase ? baseTables.GetValueOrDefault(period) : new PeriodTable();
            if (totals is null || !baseTables.Remove(period) && onBase || _byPeriod.ContainsKey(period))
            {
                throw new InvalidDataException($"The snapshot holds the period '{period}' twice, or on a table its base does not hold.");
            }

            long sum = totals.ReadChanges(reader);
            _byPeriod.Add(period, totals);
            Sum = checked(Sum + sum);
        }

        ReadOutside(reader);
    }

    private void WriteOutside(BinaryWriter writer)
    {
        writer.Write7BitEncodedInt(_outside.Count);
        foreach (ClosedPeriodTotals named in _outside.Values)
        {
            writer.Write(named.Period);
            writer.Write7BitEncodedInt(named.Count);
            writer.Write7BitEncodedInt64(named.Sum);
            writer.Write(named.Digest);
        }
    }

    private void ReadOutside(BinaryReader reader)
    {
        int outside = reader.Read7BitEncodedInt();
        for (int p = 0; p < outside; p++)
        {
            var named = new ClosedPeriodTotals(reader.ReadString(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt64(), reader.ReadString());
            if (_byPeriod.ContainsKey(named.Period) || !_outside.TryAdd(named.Period, named) || named.Digest.Length != 64 || named.Count <= 0)
            {
                throw new InvalidDataException($"The snapshot names the closed period '{named.Period}' wrongly or twice.");
            }

            Sum = checked(Sum + named.Sum);
        }
    }

    /// <summary>The tables, with <paramref name="period"/>'s read back from the file if it was closed.</summary>
    private Dictionary<string, PeriodTable> Reopened(string period)
    {
        if (_closed.Remove(period, out (long Offset, int Count) where))
        {
            _byPeriod.Add(period, new PeriodTable(closedPeriods!.Read(where.Offset, where.Count)));
        }

        return _outside.ContainsKey(period)
            ? throw new InvalidOperationException($"The totals of the closed period '{period}' are held outside memory: reopen it first.")
            : _byPeriod;
    }
}
