using OversightLedger.Grains.Ledger;

namespace OversightLedger.Grains.Sanctions;

/// <summary>One sanctions list source (keyed by its name, e.g. <c>OFAC-SDN</c>): records each change of its loaded version in the log.</summary>
[Alias("OversightLedger.Grains.Sanctions.ISanctionsListGrain")]
public interface ISanctionsListGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records <c>SanctionsListLoaded</c> when <paramref name="version"/>'s SHA-256 differs from the last one the log holds
    /// for this source; otherwise returns that last entry. Idempotent across restarts and silos.
    /// </summary>
    [Alias("RecordLoadAsync")]
    Task<LedgerResult> RecordLoadAsync(LoadedListVersion version);

    /// <summary>Every version of this source the log records, oldest first.</summary>
    [Alias("GetHistoryAsync")]
    Task<LoadedListVersion[]> GetHistoryAsync();
}
