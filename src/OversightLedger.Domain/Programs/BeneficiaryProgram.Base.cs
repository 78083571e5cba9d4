using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// A log-backed program's stored base (issue 17): its snapshots hold only what changed since the base
/// (<see cref="ToSnapshot(ulong)"/>), so they stay small and frequent, and the base is written again (<see cref="FreezeBase"/>,
/// then <see cref="AdoptBase"/> once stored) when the changes grow past a sixteenth of it.
/// </summary>
public sealed partial class BeneficiaryProgram
{
    /// <summary>A base is written again once the changes since it reach this fraction of it (one in <c>N</c>).</summary>
    public const int BaseToChangesRatio = 16;

    private long _baseBytes;
    private ProgramBase? _freezing;

    /// <summary>The digest of the stored base the state stands on (its snapshots name it), or null when none.</summary>
    public string? BaseDigest { get; private set; }

    /// <summary>
    /// About how many bytes a snapshot spends on what changed since the base: 32 per enrolled pseudonym, 16 per id added,
    /// 40 per changed total, and the disbursements held since the last snapshot.
    /// </summary>
    public long ChangesSinceBaseBytes =>
        _held is null ? 0 : (32L * (_beneficiaries.Count - _beneficiaries.Sorted.Count)) + (16L * ((_enrolmentIds?.AddedSinceBase ?? 0) + _held.Ids.AddedSinceBase))
            + (40L * _paid.ChangedCount) + (100L * _held.SinceSnapshot.Count);

    /// <summary>
    /// Whether a new base is due: log-backed, none being written, and the changes since the last base reach
    /// <paramref name="leastChanges"/> bytes and a <see cref="BaseToChangesRatio"/>th of the base.
    /// </summary>
    public bool IsBaseDue(long leastChanges) =>
        _held is not null && _freezing is null && ChangesSinceBaseBytes >= Math.Max(Math.Max(1, leastChanges), _baseBytes / BaseToChangesRatio);

    /// <summary>
    /// Freezes the state for a new base, on the grain's turn: the base (<see cref="ProgramBase.Encode"/> it off the turn,
    /// store it under <see cref="ProgramBase.StoreName"/>, then <see cref="AdoptBase"/>, or <see cref="ThawBase"/> if it
    /// could not be stored). Changes made meanwhile are kept apart; snapshots meanwhile still stand on the former base.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program is not log-backed, or a base is being written already.</exception>
    public ProgramBase FreezeBase()
    {
        if (_held is null || _enrolmentIds is null || _freezing is not null)
        {
            throw new InvalidOperationException($"The program '{ProgramId}' is not log-backed, or its base is being written already.");
        }

        _freezing = new ProgramBase(ProgramId, _beneficiaries.Freeze(), _enrolmentIds.FreezeBase(), _held.Ids.FreezeBase(), _paid.FreezeBase());
        return _freezing;
    }

    /// <summary>The base <see cref="FreezeBase"/> gave is stored: the state stands on it, and its next snapshot names it.</summary>
    /// <exception cref="InvalidOperationException">It is not the base being written, or it was not encoded.</exception>
    public void AdoptBase(ProgramBase stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored != _freezing || stored.Enrolled is null)
        {
            throw new InvalidOperationException("That is not the base being written, or it was not encoded.");
        }

        _beneficiaries.Adopt(stored.Enrolled);
        _enrolmentIds!.AdoptBase(stored.EnrolmentIds.Added);
        _held!.Ids.AdoptBase(stored.DisbursementIds.Added);
        _paid.AdoptBase(stored.Periods);
        BaseDigest = stored.Digest;
        _baseBytes = stored.Length;
        _freezing = null;
    }

    /// <summary>The base <see cref="FreezeBase"/> gave was not stored: the state stands on its former base, as before.</summary>
    public void ThawBase(ProgramBase abandoned)
    {
        ArgumentNullException.ThrowIfNull(abandoned);
        if (abandoned != _freezing)
        {
            return;
        }

        _beneficiaries.Thaw();
        PeriodTotals.ThawBase(abandoned.Periods);
        _freezing = null;
    }
}
