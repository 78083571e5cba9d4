namespace OversightLedger.Server.Jobs;

/// <summary>One run of a job: its latest Hangfire state (e.g. <c>Succeeded</c>) and that state's reason, if any.</summary>
internal sealed record JobRunState(string RunId, string State, string? Reason);
