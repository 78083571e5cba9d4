using OversightLedger.Grains;
using OversightLedger.Grains.Licences;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The daily licence pass (DESIGN §5.10), like the exemption sunset: each licence past its expiry (as amended) gets its
/// <c>LicenceExpired</c> entry, and each licence whose expiry is less than <see cref="WarnWithin"/> away is logged as a
/// warning in the server log. Idempotent: the expiry entry's id names the expiry it records. The rule itself follows the
/// dates, so a payment after the expiry is refused whether or not this job has run.
/// </summary>
public sealed partial class LicenceExpiryJob(GrainReferenceCache grains, TimeProvider time, ILogger<LicenceExpiryJob> logger)
{
    /// <summary>How long before its expiry a licence is reported as nearing it.</summary>
    public static readonly TimeSpan WarnWithin = TimeSpan.FromDays(30);

    /// <summary>Runs the pass; returns what it did.</summary>
    public async Task<IReadOnlyList<LicenceExpiryOutcome>> RunAsync()
    {
        LicenceExpiryOutcome[] outcomes = await grains.Get<ILicenceRegistryGrain>(LicenceRegistryKeys.Ledger).ApplyExpiriesAsync(time.GetUtcNow(), WarnWithin);
        foreach (LicenceExpiryOutcome outcome in outcomes)
        {
            if (outcome.Expired)
            {
                LogExpired(logger, outcome.Licence, outcome.Expires, outcome.LeafIndex);
            }
            else if (outcome.NearingExpiry)
            {
                LogNearingExpiry(logger, outcome.Licence, outcome.Expires);
            }
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Licence {Licence} expired at {Expires:O}; expiry logged at leaf {LeafIndex}")]
    private static partial void LogExpired(ILogger logger, string licence, DateTimeOffset expires, ulong? leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Licence {Licence} expires at {Expires:O}, within 30 days; record an amendment or let payments under it stop")]
    private static partial void LogNearingExpiry(ILogger logger, string licence, DateTimeOffset expires);
}
