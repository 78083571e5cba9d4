namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// Where the rules hand their conclusions: keeps the ids already raised (by this monitor, or found in the log as
/// FindingRaised entries of this watchdog) so each finding is raised once, filters by scope, and holds the new
/// candidates until <see cref="WatchdogMonitor.TakeNewFindings"/>. A candidate taken stays known as taken until its
/// FindingRaised entry is read from the log, so that a snapshot taken in between holds it as pending again (its raising
/// may not have reached the log).
/// </summary>
internal sealed class FindingOutbox(string watchdog, ScopeTracker scope, int maxLeaves)
{
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);
    private readonly List<FindingCandidate> _pending = [];
    private readonly List<FindingCandidate> _taken = [];

    /// <summary>
    /// Raises the finding of <paramref name="findingClass"/> resting on <paramref name="factKey"/> unless it is out of
    /// scope or already raised. True when the finding is settled (raised now or before): the rule need not look again.
    /// </summary>
    /// <param name="findingClass">One of <see cref="WatchdogRuleClass"/>.</param>
    /// <param name="factKey">The facts the finding rests on, fields separated by '\n' (no identifier holds one).</param>
    /// <param name="budgets">The budgets concerned.</param>
    /// <param name="programs">The programs concerned.</param>
    /// <param name="leavesByRelevance">The leaves to cite, most relevant first.</param>
    /// <param name="summary">Builds the summary; called only when the finding is raised.</param>
    /// <param name="alwaysInScope">For what concerns the whole log (a malformed leaf names no budget).</param>
    internal bool Settle(
        string findingClass, string factKey, IReadOnlyCollection<string> budgets, IReadOnlyCollection<string> programs,
        IEnumerable<long> leavesByRelevance, Func<string> summary, bool alwaysInScope = false)
    {
        if (!alwaysInScope && !scope.Covers(budgets, programs))
        {
            return false;
        }

        string id = FindingCandidate.IdFor(watchdog, findingClass, factKey);
        if (_raised.Add(id))
        {
            _pending.Add(new FindingCandidate(watchdog, findingClass, factKey, budgets, programs, leavesByRelevance, maxLeaves, summary()));
        }

        return true;
    }

    /// <summary>The log holds a FindingRaised entry of this watchdog: never raise that id again, and drop it if pending.</summary>
    internal void RecordRaisedInLog(string findingId)
    {
        if (_raised.Add(findingId))
        {
            return;
        }

        _pending.RemoveAll(candidate => candidate.Id == findingId);
        _taken.RemoveAll(candidate => candidate.Id == findingId);
    }

    internal IReadOnlyList<FindingCandidate> TakePending()
    {
        FindingCandidate[] taken = [.. _pending];
        _pending.Clear();
        _taken.AddRange(taken);
        return taken;
    }

    /// <summary>
    /// Writes the ids raised (in ordinal order) and the candidates not yet read back from the log: those taken, then those
    /// pending — all pending again once read.
    /// </summary>
    internal void Write(BinaryWriter writer)
    {
        WatchdogStateCodec.WriteStrings(writer, [.. _raised.Order(StringComparer.Ordinal)]);
        writer.Write7BitEncodedInt(_taken.Count + _pending.Count);
        foreach (FindingCandidate candidate in _taken.Concat(_pending))
        {
            candidate.Write(writer);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this (empty) outbox.</summary>
    internal void Read(BinaryReader reader)
    {
        _raised.UnionWith(WatchdogStateCodec.ReadStrings(reader));
        int count = WatchdogStateCodec.ReadCount(reader);
        for (int i = 0; i < count; i++)
        {
            FindingCandidate candidate = FindingCandidate.Read(reader, watchdog);
            if (!_raised.Contains(candidate.Id))
            {
                throw new InvalidDataException($"The snapshot holds the finding '{candidate.Id}' as pending but not as raised.");
            }

            _pending.Add(candidate);
        }
    }
}
