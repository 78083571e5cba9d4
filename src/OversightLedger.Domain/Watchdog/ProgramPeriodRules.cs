using System.Globalization;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Watchdog;

using OversightLedger.Domain.Money;

/// <summary>
/// The rules about one program in one period: <c>velocity</c> (far above its own trailing rate), <c>structuring</c>
/// (many payments just under an approval threshold) and <c>reversals</c> (a large share reversed). Each is checked
/// whenever the period's totals change and raised as soon as its threshold is crossed, once per program and period.
/// </summary>
internal sealed class ProgramPeriodRules(WatchdogRuleSettings settings, FindingOutbox outbox)
{
    private readonly Dictionary<(string Program, string Period), ProgramPeriodTally> _tallies = [];
    private readonly Dictionary<Currency, (decimal Lower, decimal Threshold)> _justUnderBands = [];

    /// <summary>A Disbursed entry the replay counted.</summary>
    internal void OnDisbursed(Disbursed paid, long leaf)
    {
        if (!_tallies.TryGetValue((paid.Program, paid.Period), out ProgramPeriodTally? tally))
        {
            tally = new ProgramPeriodTally(paid.Amount.Currency, settings.MaxLeavesCited);
            _tallies.Add((paid.Program, paid.Period), tally);
        }

        tally.AddPayment(leaf, paid.Budget, paid.Amount.MinorUnits, IsJustUnderThreshold(paid.Amount));
        CheckVelocity(paid.Program, paid.Period, tally);
        CheckStructuring(paid.Program, paid.Period, tally);
        CheckReversals(paid.Program, paid.Period, tally);
    }

    /// <summary>A Reversed entry the replay counted: its amount (all or part of the payment) counts in the period of the payment it reverses.</summary>
    internal void OnReversed(DisbursementRecord original, Reversed reversed, long leaf)
    {
        Disbursed paid = original.Entry;
        if (_tallies.TryGetValue((paid.Program, paid.Period), out ProgramPeriodTally? tally))
        {
            tally.AddReversal(checked((long)original.LeafIndex), leaf, reversed.Amount.MinorUnits);
            CheckReversals(paid.Program, paid.Period, tally);
        }
    }

    private void CheckVelocity(string program, string period, ProgramPeriodTally tally)
    {
        if (tally.VelocitySettled || tally.DisbursedUnits < MinorUnits(settings.VelocityMinimumAmount, tally.Currency))
        {
            return;
        }

        long trailingUnits = 0;
        int periodsWithPayments = 0;
        string? earlierPeriod = period;
        for (int i = 0; i < settings.VelocityTrailingPeriods; i++)
        {
            earlierPeriod = PeriodCalendar.Previous(earlierPeriod);
            if (earlierPeriod is null)
            {
                break;
            }

            if (_tallies.TryGetValue((program, earlierPeriod), out ProgramPeriodTally? earlier) && earlier.Payments > 0)
            {
                trailingUnits = checked(trailingUnits + earlier.DisbursedUnits);
                periodsWithPayments++;
            }
        }

        decimal mean = (decimal)trailingUnits / settings.VelocityTrailingPeriods;
        if (periodsWithPayments < settings.VelocityMinimumHistoryPeriods || tally.DisbursedUnits <= settings.VelocityFactor * mean)
        {
            return;
        }

        Money volume = tally.Amount(tally.DisbursedUnits);
        Money meanAmount = tally.Amount((long)Math.Round(mean, MidpointRounding.ToEven));
        decimal times = tally.DisbursedUnits / mean;
        string kind = PeriodCalendar.KindName(period);
        tally.VelocitySettled = outbox.Settle(
            WatchdogRuleClass.Velocity,
            $"{program}\n{period}",
            tally.Budgets,
            [program],
            tally.Largest.LargestFirst(),
            () => string.Create(
                CultureInfo.InvariantCulture,
                $"The program '{program}' disbursed {volume} in {period} ({tally.Payments} payments), {times:0.0} times the mean of its " +
                $"{settings.VelocityTrailingPeriods} previous {kind}s ({meanAmount} per {kind}); the rule fires above {settings.VelocityFactor} times " +
                $"once the period reaches {settings.VelocityMinimumAmount} {tally.Currency.Code}. The largest payments are cited."));
    }

    private void CheckStructuring(string program, string period, ProgramPeriodTally tally)
    {
        if (tally.StructuringSettled || tally.JustUnderPayments < settings.StructuringMinimumCount)
        {
            return;
        }

        decimal threshold = settings.StructuringThresholdFor(tally.Currency);
        tally.StructuringSettled = outbox.Settle(
            WatchdogRuleClass.Structuring,
            $"{program}\n{period}",
            tally.Budgets,
            [program],
            tally.JustUnderLeaves.Leaves,
            () => string.Create(
                CultureInfo.InvariantCulture,
                $"The program '{program}' made {tally.JustUnderPayments} of its {tally.Payments} payments in {period} just under the approval threshold of " +
                $"{threshold} {tally.Currency.Code} (within {settings.StructuringMarginPercent}% below it); the rule fires at " +
                $"{settings.StructuringMinimumCount} such payments in a period. Splitting payments to stay under a threshold avoids its approval."));
    }

    private void CheckReversals(string program, string period, ProgramPeriodTally tally)
    {
        if (tally.ReversalsSettled || tally.Reversals == 0
            || tally.DisbursedUnits < MinorUnits(settings.ReversalMinimumVolume, tally.Currency)
            || tally.ReversedUnits * 100m <= settings.ReversalSharePercent * tally.DisbursedUnits)
        {
            return;
        }

        decimal share = tally.ReversedUnits * 100m / tally.DisbursedUnits;
        tally.ReversalsSettled = outbox.Settle(
            WatchdogRuleClass.Reversals,
            $"{program}\n{period}",
            tally.Budgets,
            [program],
            tally.ReversalLeaves.Leaves,
            () => string.Create(
                CultureInfo.InvariantCulture,
                $"The program '{program}' reversed {tally.Amount(tally.ReversedUnits)} ({tally.Reversals} payments) of the " +
                $"{tally.Amount(tally.DisbursedUnits)} it disbursed in {period}: {share:0.0}%, above the {settings.ReversalSharePercent}% the rule allows " +
                $"once a period reaches {settings.ReversalMinimumVolume} {tally.Currency.Code}. Each reversed payment is cited with its reversal."));
    }

    private bool IsJustUnderThreshold(Money amount)
    {
        if (!_justUnderBands.TryGetValue(amount.Currency, out (decimal Lower, decimal Threshold) band))
        {
            decimal threshold = MinorUnits(settings.StructuringThresholdFor(amount.Currency), amount.Currency);
            band = (threshold * (1m - (settings.StructuringMarginPercent / 100m)), threshold);
            _justUnderBands.Add(amount.Currency, band);
        }

        return amount.MinorUnits >= band.Lower && amount.MinorUnits < band.Threshold;
    }

    private static decimal MinorUnits(decimal majorUnits, Currency currency)
    {
        decimal minor = majorUnits;
        for (int i = 0; i < currency.MinorUnitExponent; i++)
        {
            minor *= 10m;
        }

        return minor;
    }

    /// <summary>Writes the tallies, in (program, period) order.</summary>
    internal void Write(BinaryWriter writer)
    {
        var keys = _tallies.Keys.ToList();
        keys.Sort((a, b) => string.CompareOrdinal(a.Program, b.Program) is var c and not 0 ? c : string.CompareOrdinal(a.Period, b.Period));
        writer.Write7BitEncodedInt(keys.Count);
        foreach ((string program, string period) in keys)
        {
            writer.Write(program);
            writer.Write(period);
            _tallies[(program, period)].Write(writer);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) state.</summary>
    internal void Read(BinaryReader reader)
    {
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            string program = reader.ReadString(), period = reader.ReadString();
            if (!_tallies.TryAdd((program, period), ProgramPeriodTally.Read(reader, settings.MaxLeavesCited)))
            {
                throw new InvalidDataException($"The snapshot holds the tally of '{program}' in {period} twice.");
            }
        }
    }
}
