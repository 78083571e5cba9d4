using Orleans.Concurrency;

namespace OversightLedger.Grains.Anchoring;

/// <summary>
/// The log's Bitcoin anchoring (one activation, key <c>main</c>): at most one anchor in flight, taken to the required
/// depth, then recorded once as a <c>CheckpointAnchored</c> entry. Its calls run one at a time, so two job runs at once
/// (on two silos) make one anchor.
/// </summary>
[Alias("OversightLedger.Grains.Anchoring.ICheckpointAnchorGrain")]
public interface ICheckpointAnchorGrain : IGrainWithStringKey
{
    /// <summary>The key of the one anchoring grain.</summary>
    const string Key = "main";

    /// <summary>
    /// One step: looks at the pending anchor (records it once deep enough; rebroadcasts or bumps its fee otherwise),
    /// then, when none is pending and the log grew since the last anchor, anchors the current checkpoint.
    /// </summary>
    [Alias("RunAsync")]
    [ResponseTimeout("00:10:00")]
    Task<AnchorRun> RunAsync();

    /// <summary>The last anchor, the pending one, the wallet's balance as of the last run, and the last run's outcome.</summary>
    [Alias("GetStatusAsync")]
    [AlwaysInterleave]
    Task<AnchorStatus> GetStatusAsync();
}
