namespace OversightLedger.Server.Jobs;

/// <summary>The answer to a trigger: the recurring job and the id of the run it enqueued.</summary>
internal sealed record JobTriggered(string Job, string? RunId);
