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
/// </remarks>
internal sealed class PeriodTotals(ClosedPeriodFile? closedPeriods = null)
{
    private readonly Dictionary<string, Dictionary<PseudonymBits, long>> _byPeriod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Offset, int Count)> _closed = new(StringComparer.Ordinal);

    /// <summary>The sum of every total.</summary>
    public long Sum { get; private set; }

    /// <summary>The periods whose totals are in memory.</summary>
    public IEnumerable<string> PeriodsInMemory => _byPeriod.Keys;

    /// <summary>The total of <paramref name="beneficiary"/> in <paramref name="period"/> (zero when none).</summary>
    public long Get(PseudonymBits beneficiary, string period) =>
        Reopened(period).TryGetValue(period, out Dictionary<PseudonymBits, long>? totals) ? totals.GetValueOrDefault(beneficiary) : 0;

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
        if (!Reopened(period).TryGetValue(period, out Dictionary<PseudonymBits, long>? totals))
        {
            totals = [];
            _byPeriod.Add(period, totals);
        }

        long total = checked(totals.GetValueOrDefault(beneficiary) + units);
        if (total == 0)
        {
            totals.Remove(beneficiary);
            if (totals.Count == 0)
            {
                _byPeriod.Remove(period);
            }
        }
        else
        {
            totals[beneficiary] = total;
        }

        Sum = checked(Sum + units);
    }

    /// <summary>The tables, with <paramref name="period"/>'s read back from the file if it was closed.</summary>
    private Dictionary<string, Dictionary<PseudonymBits, long>> Reopened(string period)
    {
        if (_closed.Remove(period, out (long Offset, int Count) where))
        {
            _byPeriod.Add(period, closedPeriods!.Read(where.Offset, where.Count));
        }

        return _byPeriod;
    }
}
