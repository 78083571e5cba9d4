namespace OversightLedger.Reporting.Model;

/// <summary>Which leaves of the checkpoint's tree the report read and which of them it used.</summary>
/// <param name="EntriesRead">All leaves read: the checkpoint's tree size.</param>
/// <param name="EntriesBeforeQuarter">Entries with a time before the quarter: they count in balances only.</param>
/// <param name="EntriesInQuarter">Entries with a time within the quarter: they count in flows and balances.</param>
/// <param name="EntriesAfterQuarter">Entries with a time at or after the end of the quarter: ignored.</param>
/// <param name="FirstLeafInQuarter">The first leaf index with a time within the quarter, or null.</param>
/// <param name="LastLeafInQuarter">The last leaf index with a time within the quarter, or null.</param>
/// <param name="MalformedEntries">Leaves that are not a valid entry (they have no time); before + in + after + malformed = read.</param>
/// <param name="UncountedEntries">Leaves no figure counts (see <see cref="UncountedEntry"/>), malformed ones included.</param>
public sealed record ReportCoverage(
    ulong EntriesRead,
    ulong EntriesBeforeQuarter,
    ulong EntriesInQuarter,
    ulong EntriesAfterQuarter,
    ulong? FirstLeafInQuarter,
    ulong? LastLeafInQuarter,
    ulong MalformedEntries,
    ulong UncountedEntries);
