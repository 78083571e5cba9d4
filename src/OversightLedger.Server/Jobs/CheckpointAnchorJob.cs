using OversightLedger.Grains.Anchoring;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The <c>checkpoint-anchor</c> job: one step of the anchoring grain (record the pending anchor once deep enough, or
/// anchor the current checkpoint when the log grew). Idempotent across silos: the grain is one activation in the
/// cluster and runs one call at a time, and the entry it writes has the checkpoint size's id.
/// </summary>
public sealed partial class CheckpointAnchorJob(IGrainFactory grains, ILogger<CheckpointAnchorJob> logger)
{
    /// <summary>Runs one step; returns what it did.</summary>
    public async Task<AnchorRun> RunAsync()
    {
        AnchorRun run = await grains.GetGrain<ICheckpointAnchorGrain>(ICheckpointAnchorGrain.Key).RunAsync();
        LogRun(logger, run.Outcome, run.Detail);
        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The checkpoint anchor job: {Outcome}. {Detail}")]
    private static partial void LogRun(ILogger logger, string outcome, string detail);
}
