using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The daily sunset pass (DESIGN §5.5): every budget logs <c>ExemptionExpired</c> for each exemption past its sunset,
/// and each exemption whose sunset is less than <see cref="WarnWithin"/> away is logged as a warning. Idempotent: the
/// expiry entry's id names the sunset it records.
/// </summary>
public sealed partial class ExemptionSunsetJob(IGrainFactory grains, LedgerLog log, TimeProvider time, ILogger<ExemptionSunsetJob> logger)
{
    /// <summary>How long before its sunset an exemption is reported as nearing it.</summary>
    public static readonly TimeSpan WarnWithin = TimeSpan.FromDays(30);

    /// <summary>Runs the pass over every budget in the log; returns what it did.</summary>
    public async Task<IReadOnlyList<ExemptionSunsetOutcome>> RunAsync()
    {
        DateTimeOffset now = time.GetUtcNow();
        List<ExemptionSunsetOutcome> outcomes = [];
        foreach (string budget in await LoggedBudgets.ListAsync(log))
        {
            outcomes.AddRange(await grains.GetGrain<IReliefBudgetGrain>(budget).ApplySunsetsAsync(now, WarnWithin));
        }

        foreach (ExemptionSunsetOutcome outcome in outcomes)
        {
            if (outcome.Expired)
            {
                LogExpired(logger, outcome.Exemption, outcome.Budget, outcome.Sunset, outcome.LeafIndex);
            }
            else if (outcome.NearingSunset)
            {
                LogNearingSunset(logger, outcome.Exemption, outcome.Budget, outcome.Sunset);
            }
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exemption {Exemption} of budget {Budget} passed its sunset {Sunset:O}; expiry logged at leaf {LeafIndex}")]
    private static partial void LogExpired(ILogger logger, string exemption, string budget, DateTimeOffset sunset, ulong? leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Exemption {Exemption} of budget {Budget} reaches its sunset {Sunset:O} within 30 days; renew it or let it lapse")]
    private static partial void LogNearingSunset(ILogger logger, string exemption, string budget, DateTimeOffset sunset);
}
