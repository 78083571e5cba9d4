namespace OversightLedger.Server.Api;

/// <summary>
/// The owner lifts an applied step of the consequence ladder with a reason; <c>review</c> optionally names the passed
/// review's <c>ReviewClosed</c> entry id (else the latest passed review of the budget recorded after the step).
/// </summary>
internal sealed record LiftConsequenceRequest(string Reason, string? Review = null, string? RequestId = null) : IIdempotentRequest;
