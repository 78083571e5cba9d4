namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// What one program paid one beneficiary pseudonym in one period: the state of the duplicate-beneficiary and over-cap
/// rules. There is one per (pseudonym, period, program) actually paid, the bulk of the monitor's memory, so it is kept
/// small: the first leaf and budget inline, more only when there are more. The shares of other programs for the same
/// pseudonym and period hang off <see cref="Next"/>.
/// </summary>
internal sealed class BeneficiaryShare(string program, string budget, long firstLeaf)
{
    /// <summary>At most this many further leaves are kept per share (payments and reversals beyond the first).</summary>
    private const int MaxFurtherLeaves = 15;

    private List<long>? _furtherLeaves;
    private List<string>? _furtherBudgets;

    internal string Program { get; } = program;

    /// <summary>Everything paid, reversals not subtracted, in minor units.</summary>
    internal long GrossUnits { get; private set; }

    internal int Reversals { get; private set; }

    internal bool OverCapSettled { get; set; }

    internal BeneficiaryShare? Next { get; set; }

    internal IEnumerable<long> Leaves => _furtherLeaves is null ? [firstLeaf] : [firstLeaf, .. _furtherLeaves];

    internal IEnumerable<string> Budgets => _furtherBudgets is null ? [budget] : [budget, .. _furtherBudgets];

    internal void AddPayment(long leaf, string paidFrom, long units)
    {
        GrossUnits = checked(GrossUnits + units);
        if (leaf != firstLeaf)
        {
            AddLeaf(leaf);
        }

        if (paidFrom != budget && _furtherBudgets?.Contains(paidFrom) != true)
        {
            (_furtherBudgets ??= []).Add(paidFrom);
        }
    }

    internal void AddReversal(long reversalLeaf)
    {
        Reversals++;
        AddLeaf(reversalLeaf);
    }

    private void AddLeaf(long leaf)
    {
        _furtherLeaves ??= [];
        if (_furtherLeaves.Count < MaxFurtherLeaves)
        {
            _furtherLeaves.Add(leaf);
        }
    }

    /// <summary>Writes the share (not the shares after it).</summary>
    internal void Write(BinaryWriter writer)
    {
        writer.Write(Program);
        writer.Write(budget);
        writer.Write7BitEncodedInt64(firstLeaf);
        WatchdogStateCodec.WriteLeaves(writer, _furtherLeaves ?? []);
        WatchdogStateCodec.WriteStrings(writer, _furtherBudgets ?? []);
        writer.Write(GrossUnits);
        writer.Write(Reversals);
        writer.Write(OverCapSettled);
    }

    /// <summary>The share <see cref="Write"/> wrote.</summary>
    /// <param name="reader">Where the share is.</param>
    /// <param name="name">The one copy of a program or budget name to keep.</param>
    internal static BeneficiaryShare Read(BinaryReader reader, Func<string, string> name)
    {
        string program = name(reader.ReadString()), budget = name(reader.ReadString());
        var share = new BeneficiaryShare(program, budget, reader.Read7BitEncodedInt64());
        List<long> leaves = WatchdogStateCodec.ReadLeaves(reader);
        List<string> budgets = [.. WatchdogStateCodec.ReadStrings(reader).Select(name)];
        if (leaves.Count > MaxFurtherLeaves)
        {
            throw new InvalidDataException($"The snapshot holds {leaves.Count} further leaves of a share, above {MaxFurtherLeaves}.");
        }

        share._furtherLeaves = leaves.Count > 0 ? leaves : null;
        share._furtherBudgets = budgets.Count > 0 ? budgets : null;
        share.GrossUnits = reader.ReadInt64();
        share.Reversals = reader.ReadInt32();
        share.OverCapSettled = reader.ReadBoolean();
        return share;
    }
}
