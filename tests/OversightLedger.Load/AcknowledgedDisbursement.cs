using OversightLedger.Domain.Entries;

namespace OversightLedger.Load;

/// <summary>A disbursement the server acknowledged (201, or an accepted payment-list row): the leaf it said it is at, and what was asked.</summary>
/// <param name="Leaf">The leaf index the server answered with.</param>
/// <param name="ClientId">The id the client gave the disbursement.</param>
/// <param name="Program">The program paid from.</param>
/// <param name="Budget">The budget paid from.</param>
/// <param name="MinorUnits">The amount, in the currency's minor units.</param>
internal sealed record AcknowledgedDisbursement(ulong Leaf, string ClientId, string Program, string Budget, long MinorUnits)
{
    /// <summary>Whether <paramref name="entry"/>, read from the log at <see cref="Leaf"/>, is this disbursement.</summary>
    public bool IsRecordedBy(Disbursed entry) =>
        IsEntryIdOf(entry.Id) && entry.Program == Program && entry.Budget == Budget && entry.Amount.MinorUnits == MinorUnits;

    /// <summary>
    /// The one place that knows how the server derives a disbursement's entry id from the client's: the client's id
    /// itself, or the client's id scoped by its owner (<c>disbursement/&lt;program&gt;/&lt;client id&gt;</c>, issue 11).
    /// </summary>
    private bool IsEntryIdOf(string entryId) =>
        entryId == ClientId || entryId.EndsWith("/" + ClientId, StringComparison.Ordinal);
}
