namespace OversightLedger.Domain.Programs;

/// <summary>
/// A closed cap period whose per-beneficiary totals a log-backed program keeps out of memory (issue 17, item 2): written
/// once to a store beside the program's snapshot (<see cref="ClosingPeriod"/>), named in the snapshot by this record, and
/// read back, checked against <see cref="Digest"/>, only when a late entry names the period again.
/// </summary>
/// <param name="Period">The period (<c>2026-09</c>, <c>2026-Q3</c>).</param>
/// <param name="Count">How many pseudonyms have a total in the period.</param>
/// <param name="Sum">The sum of the period's totals, in minor units.</param>
/// <param name="Digest">The SHA-256 of the stored content, lower-case hex: it names the stored copy and proves it.</param>
public sealed record ClosedPeriodTotals(string Period, int Count, long Sum, string Digest)
{
    /// <summary>
    /// The store name of this period's totals for <paramref name="programId"/>: <c>program-periods/&lt;id&gt;/&lt;period&gt;-&lt;digest&gt;</c>.
    /// The digest in the name means a stored copy is never replaced: a period reopened and closed again is a new name.
    /// </summary>
    public string StoreName(string programId)
    {
        ArgumentNullException.ThrowIfNull(programId);
        return $"program-periods/{Uri.EscapeDataString(programId)}/{Period}-{Digest}";
    }
}
