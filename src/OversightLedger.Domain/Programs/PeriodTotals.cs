using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// A program's totals per beneficiary and cap period (what each pseudonym was paid, or holds in reservations, in each
/// period): one table per period, keyed by the pseudonym's bits, so a period's totals are one object that can be let go
/// of as a whole. Zero totals are not kept; the sum over everything is kept as it changes.
/// </summary>
internal sealed class PeriodTotals
{
    private readonly Dictionary<string, Dictionary<PseudonymBits, long>> _byPeriod = new(StringComparer.Ordinal);

    /// <summary>The sum of every total.</summary>
    public long Sum { get; private set; }

    /// <summary>The number of (beneficiary, period) totals held.</summary>
    public int Count => _byPeriod.Values.Sum(t => t.Count);

    /// <summary>The periods that hold a total.</summary>
    public IEnumerable<string> Periods => _byPeriod.Keys;

    /// <summary>The total of <paramref name="beneficiary"/> in <paramref name="period"/> (zero when none).</summary>
    public long Get(PseudonymBits beneficiary, string period) =>
        _byPeriod.TryGetValue(period, out Dictionary<PseudonymBits, long>? totals) ? totals.GetValueOrDefault(beneficiary) : 0;

    /// <summary>Adds <paramref name="units"/> (negative to take away) to the total of the beneficiary in the period.</summary>
    public void Add(PseudonymBits beneficiary, string period, long units)
    {
        if (!_byPeriod.TryGetValue(period, out Dictionary<PseudonymBits, long>? totals))
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
}
