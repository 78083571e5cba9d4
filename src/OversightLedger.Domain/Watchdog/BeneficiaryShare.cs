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
}
