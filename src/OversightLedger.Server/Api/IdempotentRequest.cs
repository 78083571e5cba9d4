namespace OversightLedger.Server.Api;

/// <summary>A request body that may carry the caller's own request id (an idempotency key scoped to the caller's principal).</summary>
internal interface IIdempotentRequest
{
    /// <summary>The caller's request id, or null to let the act's natural key make it idempotent.</summary>
    string? RequestId { get; }
}
