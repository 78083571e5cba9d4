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
/// program and budget name however many entries name it (parsed entries each carry their own strings).
/// </summary>
internal sealed class BeneficiaryPeriodRules(
    WatchdogRuleSettings settings, FindingOutbox outbox, IReadOnlyDictionary<string, BeneficiaryProgram> programs)
{
    private readonly Dictionary<(PseudonymBits Beneficiary, string Period), BeneficiaryShare> _shares = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>The shares held: one per pseudonym, period and program paid.</summary>
    internal int ShareCount => _shares.Values.Sum(first => Chain(first).Count());

    /// <summary>A Disbursed entry the replay counted, paid by <paramref name="program"/>.</summary>
    internal void OnDisbursed(Disbursed paid, long leaf, BeneficiaryProgram program)
    {
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
        Of(_shares.GetValueOrDefault((PseudonymBits.Of(paid.Beneficiary), paid.Period)), paid.Program)?.AddReversal(leaf);
    }

    /// <summary>Writes the shares kept, in (pseudonym, period) order, each chain in its order.</summary>
    internal void Write(BinaryWriter writer)
    {
        var keys = _shares.Keys.Select(k => (Beneficiary: k.Beneficiary.ToPseudonym().Value, Bits: k.Beneficiary, k.Period)).ToList();
        keys.Sort((a, b) => string.CompareOrdinal(a.Beneficiary, b.Beneficiary) is var c and not 0 ? c : string.CompareOrdinal(a.Period, b.Period));
        writer.Write7BitEncodedInt(keys.Count);
        foreach ((string beneficiary, PseudonymBits bits, string period) in keys)
        {
            writer.Write(beneficiary);
            writer.Write(period);
            List<BeneficiaryShare> chain = [.. Chain(_shares[(bits, period)])];
            writer.Write7BitEncodedInt(chain.Count);
            foreach (BeneficiaryShare share in chain)
            {
                share.Write(writer);
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) state.</summary>
    internal void Read(BinaryReader reader)
    {
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            PseudonymBits beneficiary = PseudonymBits.Of(BeneficiaryPseudonym.Parse(reader.ReadString()));
            string period = Name(reader.ReadString());
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

            if (first is null || !_shares.TryAdd((beneficiary, period), first))
            {
                throw new InvalidDataException($"The snapshot holds the shares of a pseudonym in {period} twice, or none.");
            }
        }
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
