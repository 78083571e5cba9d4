namespace OversightLedger.Domain.Watchdog;

using OversightLedger.Domain.Money;

/// <summary>
/// What one program paid and reversed in one period (the Disbursed entries' <c>period</c>), as totals and bounded
/// samples of leaves: the state of the velocity, structuring and reversals rules. A handful of these exist per program.
/// </summary>
internal sealed class ProgramPeriodTally(Currency currency, int leavesCited)
{
    private readonly SortedSet<string> _budgets = new(StringComparer.Ordinal);

    internal Currency Currency { get; } = currency;

    /// <summary>Every payment counted in the period, gross (reversals not subtracted), in minor units.</summary>
    internal long DisbursedUnits { get; private set; }

    internal int Payments { get; private set; }

    /// <summary>The reversals of the period's payments, in minor units.</summary>
    internal long ReversedUnits { get; private set; }

    internal int Reversals { get; private set; }

    /// <summary>Payments just under the approval threshold.</summary>
    internal int JustUnderPayments { get; private set; }

    internal IReadOnlyCollection<string> Budgets => _budgets;

    internal LargestPayments Largest { get; } = new(leavesCited);

    internal BoundedLeaves JustUnderLeaves { get; } = new(leavesCited);

    /// <summary>Each reversed payment's leaf followed by its reversal's.</summary>
    internal BoundedLeaves ReversalLeaves { get; } = new(leavesCited);

    /// <summary>Rules already settled for this program and period (raised now or found raised in the log).</summary>
    internal bool VelocitySettled { get; set; }

    internal bool StructuringSettled { get; set; }

    internal bool ReversalsSettled { get; set; }

    internal void AddPayment(long leaf, string budget, long units, bool justUnder)
    {
        DisbursedUnits = checked(DisbursedUnits + units);
        Payments++;
        _budgets.Add(budget);
        Largest.Offer(leaf, units);
        if (justUnder)
        {
            JustUnderPayments++;
            JustUnderLeaves.Add(leaf);
        }
    }

    internal void AddReversal(long paymentLeaf, long reversalLeaf, long units)
    {
        ReversedUnits = checked(ReversedUnits + units);
        Reversals++;
        ReversalLeaves.Add(paymentLeaf);
        ReversalLeaves.Add(reversalLeaf);
    }

    internal Money Amount(long units) => new(Currency, units);

    /// <summary>Writes the tally (its currency first, read by <see cref="Read"/>).</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Currency.Code);
        writer.Write(DisbursedUnits);
        writer.Write(Payments);
        writer.Write(ReversedUnits);
        writer.Write(Reversals);
        writer.Write(JustUnderPayments);
        WatchdogStateCodec.WriteStrings(writer, _budgets);
        Largest.Write(writer);
        JustUnderLeaves.Write(writer);
        ReversalLeaves.Write(writer);
        writer.Write((byte)((VelocitySettled ? 1 : 0) | (StructuringSettled ? 2 : 0) | (ReversalsSettled ? 4 : 0)));
    }

    /// <summary>The tally <see cref="Write"/> wrote.</summary>
    internal static ProgramPeriodTally Read(BinaryReader reader, int leavesCited)
    {
        var tally = new ProgramPeriodTally(Currency.Parse(reader.ReadString()), leavesCited)
        {
            DisbursedUnits = reader.ReadInt64(),
            Payments = reader.ReadInt32(),
            ReversedUnits = reader.ReadInt64(),
            Reversals = reader.ReadInt32(),
            JustUnderPayments = reader.ReadInt32(),
        };
        tally._budgets.UnionWith(WatchdogStateCodec.ReadStrings(reader));
        tally.Largest.Read(reader);
        tally.JustUnderLeaves.Read(reader);
        tally.ReversalLeaves.Read(reader);
        byte settled = reader.ReadByte();
        tally.VelocitySettled = (settled & 1) != 0;
        tally.StructuringSettled = (settled & 2) != 0;
        tally.ReversalsSettled = (settled & 4) != 0;
        return tally;
    }
}
