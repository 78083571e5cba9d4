using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Counterparties;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Sanctions;

/// <summary>
/// Re-screens every registered counterparty against the lists in force, after a changed list version was put in force
/// (by the start-up load or the <c>sanctions-refresh</c> job): the counterparties come from the log's index of
/// <c>CounterpartyRegistered</c> entries, each grain screens itself when its latest screening is against other
/// versions and the lists' changes since can affect it — a new or changed entry comes near its name, or one of its
/// matches changed or went (<see cref="Grains.Sanctions.SanctionsLists.ImpactOfChanges"/>) — with one
/// <c>CounterpartyScreened</c> per set of versions, as a lazy screening would; at most
/// <see cref="SanctionsOptions.RescreenParallelism"/> at a time. One run at a time; a run asked for while one is going
/// waits for it and then finds only what the first did not screen.
/// </summary>
internal sealed partial class CounterpartyRescreener(SanctionsOptions options, IGrainFactory grains, LedgerLog log, ILogger<CounterpartyRescreener> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Re-screens every registered counterparty; logs and returns how many were screened again and how many are hits.</summary>
    public async Task<CounterpartyRescreeningRun> RunAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach ((ulong _, byte[] bytes) in await log.ReadKindAsync(CounterpartyRegistered.KindName))
            {
                if (LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _) && entry is CounterpartyRegistered registered)
                {
                    ids.Add(registered.Counterparty);
                }
            }

            int rescreened = 0, unaffected = 0, hits = 0, newHits = 0, failed = 0;
            await Parallel.ForEachAsync(
                ids,
                new ParallelOptions { MaxDegreeOfParallelism = options.RescreenParallelism, CancellationToken = cancellationToken },
                async (id, _) =>
                {
                    CounterpartyRescreening outcome;
                    try
                    {
                        outcome = await grains.GetGrain<ICounterpartyGrain>(id).RescreenAsync();
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                        LogFailed(logger, e, id);
                        return;
                    }

                    if (outcome.Unaffected)
                    {
                        Interlocked.Increment(ref unaffected);
                    }

                    if (outcome.Rescreened)
                    {
                        Interlocked.Increment(ref rescreened);
                        if (outcome.Hit)
                        {
                            Interlocked.Increment(ref hits);
                        }

                        if (outcome.IsNewHit)
                        {
                            Interlocked.Increment(ref newHits);
                        }
                    }
                });

            var run = new CounterpartyRescreeningRun(ids.Count, rescreened, unaffected, hits, newHits, failed);
            LogRun(logger, run.Rescreened, run.Counterparties, run.Unaffected, run.Hits, run.NewHits, run.Failed);
            return run;
        }
        finally
        {
            _running.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Re-screened {Rescreened} of {Counterparties} counterparties against the sanctions lists in force ({Unaffected} unaffected by the change): {Hits} hit(s), {NewHits} new; {Failed} failed")]
    private static partial void LogRun(ILogger logger, int rescreened, int counterparties, int unaffected, int hits, int newHits, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counterparty {Counterparty} could not be re-screened now; it is screened when next read or paid")]
    private static partial void LogFailed(ILogger logger, Exception exception, string counterparty);
}
