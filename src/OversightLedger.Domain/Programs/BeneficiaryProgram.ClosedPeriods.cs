using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// Closed periods kept out of memory (issue 17, item 2): a log-backed program holds in memory the totals of the current
/// period of its latest entry and of the one before (where late payments and reversals land, as the bounded replay does);
/// its grain writes older periods' totals to a store beside the snapshot (<see cref="EncodeClosingPeriod"/>, then
/// <see cref="ClosePeriod"/>), and brings one back (<see cref="ReopenPeriod"/>, or <see cref="RebuildClosedPeriod"/> from
/// the log when the stored copy is missing or does not match) before anything that names it is decided or applied.
/// </summary>
public sealed partial class BeneficiaryProgram
{
    /// <summary>The closed periods whose totals are held outside memory.</summary>
    public IReadOnlyCollection<ClosedPeriodTotals> ClosedPeriods => _paid.Outside;

    /// <summary>
    /// The periods in memory that may be closed now: before the period of the latest applied entry less one period, with
    /// no reservation held in them. None for a program that keeps its disbursements, or before any entry is applied.
    /// </summary>
    public IReadOnlyList<string> PeriodsToClose()
    {
        if (_held is null || _latestTime == DateTimeOffset.MinValue || !IsOpen)
        {
            return [];
        }

        string firstOpen = PaymentPeriod.Of(CapPeriod, _latestTime.AddMonths(CapPeriod == CapPeriod.Month ? -1 : -3));
        HashSet<string> reserved = [.. _reserved.PeriodsInMemory];
        return [.. _paid.PeriodsInMemory.Where(p => string.CompareOrdinal(p, firstOpen) < 0 && !reserved.Contains(p)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The stored form of a period's totals, to be written under its store name before <see cref="ClosePeriod"/>.</summary>
    /// <exception cref="KeyNotFoundException">The period's totals are not in memory.</exception>
    public ClosingPeriod EncodeClosingPeriod(string period) => _paid.Encode(ProgramId, period);

    /// <summary>
    /// Lets go of a period's totals once <paramref name="closing"/> is stored: false (and nothing changes) if they changed
    /// since they were encoded or a reservation now holds the period.
    /// </summary>
    public bool ClosePeriod(ClosingPeriod closing)
    {
        ArgumentNullException.ThrowIfNull(closing);
        return !_reserved.PeriodsInMemory.Contains(closing.Totals.Period) && _paid.CloseOutside(closing);
    }

    /// <summary>Whether <paramref name="period"/> is held outside memory: reopen it before deciding or applying anything in it.</summary>
    public bool MustReopenPeriod(string? period) => period is not null && _paid.IsOutside(period);

    /// <summary>What names the stored copy of a period held outside memory, or null.</summary>
    public ClosedPeriodTotals? ClosedPeriod(string period) => _paid.OutsideCopy(period);

    /// <summary>The period of a committed disbursement the program holds (kept, since its snapshot, or recalled), or null.</summary>
    public string? PeriodOfDisbursement(string disbursementId) =>
        TryGetDisbursement(disbursementId, out ProgramDisbursement recorded) ? recorded.Facts.Period : null;

    /// <summary>
    /// The periods held outside memory that applying <paramref name="entries"/> would touch: a disbursement's period, the
    /// period of the payment a reversal names (when the program holds it: recall it first).
    /// </summary>
    public IReadOnlyList<string> ClosedPeriodsNamedBy(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var named = new HashSet<string>(StringComparer.Ordinal);
        var periods = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (LedgerEntry entry in entries)
        {
            string? period = entry switch
            {
                Disbursed d when d.Program == ProgramId => periods[d.Id] = d.Period,
                Reversed r when r.Program == ProgramId => periods.GetValueOrDefault(r.Disbursement) ?? PeriodOfDisbursement(r.Disbursement),
                _ => null,
            };
            if (MustReopenPeriod(period))
            {
                named.Add(period!);
            }
        }

        return [.. named];
    }

    /// <summary>Takes a closed period back into memory from its stored copy.</summary>
    /// <exception cref="InvalidDataException">The copy is not the one the program named (checksum, digest, program, period, count or sum).</exception>
    /// <exception cref="InvalidOperationException">The period is not held outside.</exception>
    public void ReopenPeriod(string period, ReadOnlySpan<byte> content)
    {
        ClosedPeriodTotals named = _paid.OutsideCopy(period) ?? throw new InvalidOperationException($"The period '{period}' of '{ProgramId}' is not held outside memory.");
        _paid.Reopen(period, ClosedPeriodCodec.Decode(ProgramId, named, content));
    }

    /// <summary>
    /// Takes a closed period back into memory by adding up its totals again from the program's entries in the log, in log
    /// order (when its stored copy is missing or does not match: the log stays the truth). Only entries the program has
    /// applied count, so an append on its way is counted once, when it is applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">The period is not held outside.</exception>
    public void RebuildClosedPeriod(string period, IEnumerable<(LedgerEntry Entry, ulong LeafIndex)> programEntries)
    {
        ArgumentNullException.ThrowIfNull(programEntries);
        if (!_paid.IsOutside(period))
        {
            throw new InvalidOperationException($"The period '{period}' of '{ProgramId}' is not held outside memory.");
        }

        var totals = new Dictionary<PseudonymBits, long>();
        var paidIn = new Dictionary<string, PseudonymBits>(StringComparer.Ordinal);
        foreach ((LedgerEntry entry, ulong leaf) in programEntries)
        {
            (PseudonymBits Who, long Units)? change = entry switch
            {
                Disbursed d when d.Program == ProgramId && d.Period == period && IsDisbursementApplied(d, leaf)
                    => (paidIn[d.Id] = PseudonymBits.Of(d.Beneficiary), d.Amount.MinorUnits),
                Reversed r when r.Program == ProgramId && _entries.ContainsKey(r.Id) && paidIn.TryGetValue(r.Disbursement, out PseudonymBits who)
                    => (who, -r.Amount.MinorUnits),
                _ => null,
            };
            if (change is { } c)
            {
                long total = checked(totals.GetValueOrDefault(c.Who) + c.Units);
                if (total == 0)
                {
                    totals.Remove(c.Who);
                }
                else
                {
                    totals[c.Who] = total;
                }
            }
        }

        _paid.Reopen(period, totals);
    }
}
