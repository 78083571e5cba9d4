using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

using OversightLedger.Domain.Money;

/// <summary>
/// The rules about one beneficiary pseudonym in one period: <c>duplicate-beneficiary</c> (paid by two programs in the
/// same or an overlapping period) and <c>over-cap</c> (above its program's cap net, or gross through repeated reversals
/// and re-payments). State: one <see cref="BeneficiaryShare"/> per pseudonym, period and program paid, for every period:
/// a payment may name any earlier period, and a late one under a second program must still be found (DESIGN §5.6), so no
/// period's shares are let go of. Kept compact: keyed by the pseudonym's 32 bytes, with one copy of each period,
/// program and budget name however many entries name it (parsed entries each carry their own strings). Only the quarters
/// of the latest payment's time and of the month before it are held in memory (a quarter with its months: they overlap):
/// older quarters are written to a temporary file (<see cref="ClosedShareFile"/>) and read back whole when a late
/// payment or a reversal names one of their periods, or when a snapshot is written.
/// </summary>
internal sealed class BeneficiaryPeriodRules(
    WatchdogRuleSettings settings, FindingOutbox outbox, IReadOnlyDictionary<string, BeneficiaryProgram> programs, ClosedShareFile file)
{
    private readonly Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> _shares = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Offset, int Length, int Shares)> _closed = new(StringComparer.Ordinal);
    private readonly ClosedShareFile _file = file;
    private string? _firstOpenQuarter;

    /// <summary>The shares kept, in memory or in the file: one per pseudonym, period and program paid.</summary>
    internal int ShareCount => _shares.Values.Sum(first => Chain(first).Count()) + _closed.Values.Sum(c => c.Shares);

    /// <summary>Whether no quarter is ever closed (the reference the tests compare with).</summary>
    internal bool KeepEveryQuarterInMemory { get; init; }

    /// <summary>The shares held in memory.</summary>
    internal int SharesInMemory => _shares.Values.Sum(first => Chain(first).Count());

    /// <summary>A Disbursed entry the replay counted, paid by <paramref name="program"/>.</summary>
    internal void OnDisbursed(Disbursed paid, long leaf, BeneficiaryProgram program)
    {
        CloseOldQuarters(paid.Time);
        Reopen(PeriodCalendar.QuarterOf(paid.Period));
        (PseudonymBits, string) key = (PseudonymBits.Of(paid.Beneficiary), Name(paid.Period));
        BeneficiaryShare? first = _shares.GetValueOrDefault(key);
        BeneficiaryShare? share = Of(first, paid.Program);
        bool firstPaymentOfProgram = share is null;
        if (share is null)
        {
            share = new BeneficiaryShare(Name(paid.Program), Name(paid.Budget), leaf) { Next = first };
            _shares[key] = share;
        }

        share.AddPayment(leaf, Name(paid.Budget), paid.Amount.MinorUnits);
        if (firstPaymentOfProgram)
        {
            CheckDuplicates(paid.Beneficiary, paid.Period, share);
        }

        CheckOverCap(paid.Beneficiary, paid.Period, share, program);
    }

    /// <summary>
    /// A Reversed entry the replay counted, of <paramref name="original"/>. A reversal lowers what was paid net and
    /// leaves the gross as it was, so over-cap is checked again only at the next payment: the re-payment.
    /// </summary>
    internal void OnReversed(DisbursementRecord original, long leaf)
    {
        Disbursed paid = original.Entry;
        Reopen(PeriodCalendar.QuarterOf(paid.Period));
        Of(_shares.GetValueOrDefault((PseudonymBits.Of(paid.Beneficiary), paid.Period)), paid.Program)?.AddReversal(leaf);
    }

    /// <summary>
    /// Writes the shares kept, in memory or in the file, quarter by quarter (ordinal order), each quarter's in (pseudonym,
    /// period) order and each chain in its order; a closed quarter is read back for it, one at a time.
    /// </summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(_firstOpenQuarter ?? string.Empty);
        Dictionary<string, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare>> open = GroupInMemory();
        List<string> quarters = [.. open.Keys.Concat(_closed.Keys).Order(StringComparer.Ordinal)];
        writer.Write7BitEncodedInt(quarters.Count);
        foreach (string quarter in quarters)
        {
            writer.Write(quarter);
            WriteQuarter(writer, open.GetValueOrDefault(quarter) ?? ReadClosed(quarter));
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) state; the quarters before the first open one go straight to the file.</summary>
    internal void Read(BinaryReader reader)
    {
        string firstOpen = reader.ReadString();
        _firstOpenQuarter = firstOpen.Length > 0 ? Name(firstOpen) : null;
        int quarters = WatchdogStateCodec.ReadCount(reader);
        string? previous = null;
        for (int i = 0; i < quarters; i++)
        {
            string quarter = Name(reader.ReadString());
            if (previous is not null && string.CompareOrdinal(previous, quarter) >= 0)
            {
                throw new InvalidDataException($"The snapshot lists the beneficiary shares of {quarter} out of order.");
            }

            previous = quarter;
            Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> shares = ReadQuarter(reader, quarter);
            if (IsClosed(quarter))
            {
                Close(quarter, shares);
            }
            else
            {
                foreach (KeyValuePair<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> share in shares)
                {
                    _shares.Add(share.Key, share.Value);
                }
            }
        }
    }

    /// <summary>
    /// A payment at <paramref name="time"/>: the quarters before that of the month before it are closed (written to the
    /// file) once time has moved on to a later quarter.
    /// </summary>
    private void CloseOldQuarters(DateTimeOffset time)
    {
        if (KeepEveryQuarterInMemory)
        {
            return;
        }

        DateTime previousMonth = time.UtcDateTime.AddMonths(-1);
        string firstOpen = Name(PeriodCalendar.QuarterOf(string.Create(CultureInfo.InvariantCulture, $"{previousMonth.Year:D4}-{previousMonth.Month:D2}")));
        if (_firstOpenQuarter is not null && string.CompareOrdinal(firstOpen, _firstOpenQuarter) <= 0)
        {
            return;
        }

        _firstOpenQuarter = firstOpen;
        foreach ((string quarter, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> shares) in GroupInMemory())
        {
            if (IsClosed(quarter))
            {
                foreach ((PseudonymBits, string) key in shares.Keys)
                {
                    _shares.Remove(key);
                }

                Close(quarter, shares);
            }
        }

        if (_shares.Count < _shares.EnsureCapacity(0) / 4)
        {
            _shares.TrimExcess(); // a dictionary keeps its arrays when emptied: let go of them too
        }
    }

    private bool IsClosed(string quarter) => _firstOpenQuarter is not null && string.CompareOrdinal(quarter, _firstOpenQuarter) < 0;

    /// <summary>Writes a quarter's shares (none of them in memory any more) to the file.</summary>
    private void Close(string quarter, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> shares)
    {
        using var block = new MemoryStream();
        using (var writer = new BinaryWriter(block, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            WriteQuarter(writer, shares);
        }

        byte[] bytes = block.ToArray();
        _closed[quarter] = (_file.Write(bytes), bytes.Length, shares.Values.Sum(first => Chain(first).Count()));
    }

    /// <summary>A closed quarter named again (a late payment, a reversal): its shares come back to memory until it closes again.</summary>
    private void Reopen(string quarter)
    {
        if (!_closed.ContainsKey(quarter))
        {
            return;
        }

        foreach (KeyValuePair<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> share in ReadClosed(quarter))
        {
            _shares.Add(share.Key, share.Value);
        }

        _closed.Remove(quarter);
    }

    private Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> ReadClosed(string quarter)
    {
        (long offset, int length, _) = _closed[quarter];
        using var reader = new BinaryReader(new MemoryStream(_file.Read(offset, length)), System.Text.Encoding.UTF8);
        return ReadQuarter(reader, quarter);
    }

    /// <summary>The shares in memory, by quarter.</summary>
    private Dictionary<string, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare>> GroupInMemory()
    {
        var groups = new Dictionary<string, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare>>(StringComparer.Ordinal);
        foreach (KeyValuePair<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> share in _shares)
        {
            string quarter = PeriodCalendar.QuarterOf(share.Key.Period);
            if (!groups.TryGetValue(quarter, out Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare>? group))
            {
                group = [];
                groups.Add(quarter, group);
            }

            group.Add(share.Key, share.Value);
        }

        return groups;
    }

    /// <summary>One quarter's shares, in (pseudonym, period) order, each chain in its order.</summary>
    private static void WriteQuarter(BinaryWriter writer, Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> shares)
    {
        var keys = shares.Keys.Select(k => (Beneficiary: k.Beneficiary.ToPseudonym().Value, Bits: k.Beneficiary, k.Period)).ToList();
        keys.Sort((a, b) => string.CompareOrdinal(a.Beneficiary, b.Beneficiary) is var c and not 0 ? c : string.CompareOrdinal(a.Period, b.Period));
        writer.Write7BitEncodedInt(keys.Count);
        foreach ((string beneficiary, PseudonymBits bits, string period) in keys)
        {
            writer.Write(beneficiary);
            writer.Write(period);
            List<BeneficiaryShare> chain = [.. Chain(shares[(bits, period)])];
            writer.Write7BitEncodedInt(chain.Count);
            foreach (BeneficiaryShare share in chain)
            {
                share.Write(writer);
            }
        }
    }

    /// <summary>What <see cref="WriteQuarter"/> wrote of <paramref name="quarter"/>.</summary>
    private Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> ReadQuarter(BinaryReader reader, string quarter)
    {
        var shares = new Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare>();
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            PseudonymBits beneficiary = PseudonymBits.Of(BeneficiaryPseudonym.Parse(reader.ReadString()));
            string period = Name(reader.ReadString());
            if (PeriodCalendar.QuarterOf(period) != quarter)
            {
                throw new InvalidDataException($"The snapshot lists the shares of {period} under {quarter}.");
            }

            int length = WatchdogStateCodec.ReadCount(reader);
            BeneficiaryShare? first = null, last = null;
            for (int j = 0; j < length; j++)
            {
                BeneficiaryShare share = BeneficiaryShare.Read(reader, Name);
                if (last is null)
                {
                    first = share;
                }
                else
                {
                    last.Next = share;
                }

                last = share;
            }

            if (first is null || !shares.TryAdd((beneficiary, period), first))
            {
                throw new InvalidDataException($"The snapshot holds the shares of a pseudonym in {period} twice, or none.");
            }
        }

        return shares;
    }

    /// <summary>The one copy of a period, program or budget name the shares refer to.</summary>
    private string Name(string name)
    {
        if (_names.TryGetValue(name, out string? kept))
        {
            return kept;
        }

        _names.Add(name, name);
        return name;
    }

    private static BeneficiaryShare? Of(BeneficiaryShare? first, string program)
    {
        for (BeneficiaryShare? share = first; share is not null; share = share.Next)
        {
            if (share.Program == program)
            {
                return share;
            }
        }

        return null;
    }

    private static IEnumerable<BeneficiaryShare> Chain(BeneficiaryShare? first)
    {
        for (BeneficiaryShare? share = first; share is not null; share = share.Next)
        {
            yield return share;
        }
    }

    /// <summary>A program paid the pseudonym for the first time in the period: any other program paying it in the same or an overlapping period?</summary>
    private void CheckDuplicates(BeneficiaryPseudonym beneficiary, string period, BeneficiaryShare share)
    {
        PseudonymBits bits = PseudonymBits.Of(beneficiary);
        foreach (BeneficiaryShare other in Chain(_shares.GetValueOrDefault((bits, period))))
        {
            if (other.Program != share.Program)
            {
                RaiseDuplicate(beneficiary, period, share, period, other, period);
            }
        }

        foreach (string overlapping in PeriodCalendar.Overlapping(period))
        {
            foreach (BeneficiaryShare other in Chain(_shares.GetValueOrDefault((bits, overlapping))))
            {
                if (other.Program != share.Program)
                {
                    RaiseDuplicate(beneficiary, PeriodCalendar.QuarterOf(period), share, period, other, overlapping);
                }
            }
        }
    }

    private void RaiseDuplicate(
        BeneficiaryPseudonym beneficiary, string commonPeriod, BeneficiaryShare share, string period, BeneficiaryShare other, string otherPeriod)
    {
        string[] pair = [.. new[] { share.Program, other.Program }.Order(StringComparer.Ordinal)];
        string[] budgets = [.. share.Budgets.Union(other.Budgets, StringComparer.Ordinal)];
        outbox.Settle(
            WatchdogRuleClass.DuplicateBeneficiary,
            $"{beneficiary.Value}\n{commonPeriod}\n{pair[0]}\n{pair[1]}",
            budgets,
            pair,
            Interleave(share.Leaves, other.Leaves),
            () => string.Create(
                CultureInfo.InvariantCulture,
                $"The beneficiary {beneficiary} was paid by two programs in {commonPeriod}: '{other.Program}' paid {Paid(other)} for {otherPeriod} " +
                $"and '{share.Program}' paid {Paid(share)} for {period}. DESIGN §5.6: a pseudonym paid under two programs in one period is a finding."));
    }

    private void CheckOverCap(BeneficiaryPseudonym beneficiary, string period, BeneficiaryShare share, BeneficiaryProgram program)
    {
        if (share.OverCapSettled)
        {
            return;
        }

        Money cap = program.CapPerPeriod;
        Money net = program.PaidIn(beneficiary, period);
        bool aboveNet = net.MinorUnits > cap.MinorUnits;
        bool repaid = share.GrossUnits > cap.MinorUnits && share.Reversals >= settings.OverCapRepayMinimumReversals;
        if (!aboveNet && !repaid)
        {
            return;
        }

        Money gross = new(cap.Currency, share.GrossUnits);
        string per = PaymentPeriod.ToText(program.CapPeriod);
        share.OverCapSettled = outbox.Settle(
            WatchdogRuleClass.OverCap,
            $"{program.ProgramId}\n{beneficiary.Value}\n{period}",
            [.. share.Budgets],
            [program.ProgramId],
            share.Leaves,
            () => aboveNet
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"The beneficiary {beneficiary} received {net} net from the program '{program.ProgramId}' in {period}, above the program's cap of {cap} per {per}. " +
                    $"The ledger refuses such a payment, so the log holds one that bypassed its rules.")
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"The beneficiary {beneficiary} was paid {gross} by the program '{program.ProgramId}' in {period}, {net} net after {share.Reversals} reversals, " +
                    $"above the program's cap of {cap} per {per}: payments reversed and paid again keep the net under the cap while more money goes out."));
    }

    private string Paid(BeneficiaryShare share) =>
        programs.TryGetValue(share.Program, out BeneficiaryProgram? program) && program.IsOpen
            ? new Money(program.Currency, share.GrossUnits).ToString()
            : share.GrossUnits.ToString(CultureInfo.InvariantCulture) + " minor units";

    /// <summary>The first leaf of each side first, then the rest of each: the most telling leaves survive the bound.</summary>
    private static IEnumerable<long> Interleave(IEnumerable<long> first, IEnumerable<long> second)
    {
        long[] a = [.. first], b = [.. second];
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            if (i < a.Length)
            {
                yield return a[i];
            }

            if (i < b.Length)
            {
                yield return b[i];
            }
        }
    }
}
