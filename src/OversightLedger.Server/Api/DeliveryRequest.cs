namespace OversightLedger.Server.Api;

/// <summary>A delivery confirmation (the body may be left out): idempotent by <see cref="RequestId"/>, else once per disbursement.</summary>
internal sealed record DeliveryRequest(string? RequestId = null) : IIdempotentRequest;
