namespace OversightLedger.Server.Api;

/// <summary>Registers a watchdog: its id, display name and what it oversees (both lists empty: the whole log).</summary>
internal sealed record RegisterWatchdogRequest(string Id, string Name, string[]? Budgets = null, string[]? Programs = null);

/// <summary>An agency's dispute of a finding.</summary>
internal sealed record DisputeFindingRequest(string Response, string? RequestId = null) : IIdempotentRequest;

/// <summary>A watchdog's resolution of a finding: <c>dismissed</c> or <c>confirmed</c>, and the corrective action or reason.</summary>
internal sealed record ResolveFindingRequest(string Outcome, string Action, string? RequestId = null) : IIdempotentRequest;
