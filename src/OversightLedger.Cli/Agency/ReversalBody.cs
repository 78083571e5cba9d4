namespace OversightLedger.Cli.Agency;

/// <summary>
/// The body of <c>POST /api/programs/{program}/disbursements/{id}/reversal</c>: <see cref="Reason"/> is <c>failed</c>,
/// <c>returned</c> or <c>recovered</c>; <see cref="Amount"/> null for all that is left of the payment; idempotent by
/// <see cref="RequestId"/>, or without one by disbursement and reason.
/// </summary>
internal sealed record ReversalBody(string Reason, string? Amount, string? RequestId);
