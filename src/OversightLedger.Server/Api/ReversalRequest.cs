namespace OversightLedger.Server.Api;

/// <summary>
/// A reversal of the agency's disbursement: <see cref="Reason"/> is <c>failed</c>, <c>returned</c> or <c>recovered</c>;
/// <see cref="Amount"/> a decimal string (left out: all that is left of the payment). Idempotent by
/// <see cref="RequestId"/>; without one, by disbursement and reason (a provider's file reverses a payment once per reason).
/// </summary>
internal sealed record ReversalRequest(string Reason, string? Amount = null, string? RequestId = null) : IIdempotentRequest;
