namespace OversightLedger.Server.Sanctions;

/// <summary>What one re-screening of every registered counterparty did.</summary>
/// <param name="Counterparties">The counterparties the log registers.</param>
/// <param name="Rescreened">Those screened again against the lists in force (the others already were, or the change cannot affect them).</param>
/// <param name="Unaffected">Those not screened again because nothing that changed can affect their result.</param>
/// <param name="Hits">Of those screened again, the hits (each blocks payments until a compliance reviewer decides).</param>
/// <param name="NewHits">Of the hits, those that were not a hit before.</param>
/// <param name="Failed">Those that could not be re-screened now (they are screened when next read or paid).</param>
internal sealed record CounterpartyRescreeningRun(int Counterparties, int Rescreened, int Unaffected, int Hits, int NewHits, int Failed);
