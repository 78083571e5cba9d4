using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Programs;

/// <summary>
/// Reverses all or part of a committed disbursement (idempotent by <see cref="EntryId"/>): the money goes back to its
/// tranche and to the beneficiary's cap in the period of the payment.
/// </summary>
/// <param name="EntryId">The Reversed entry's id: the caller's request id scoped to it, or <c>EntryIds.Reversal</c>.</param>
/// <param name="DisbursementId">The agency's own disbursement id (the grain scopes it to the program, as <c>EntryIds.Disbursement</c>).</param>
/// <param name="Amount">The amount as the request wrote it, in the program's currency, or null for all that is left of the payment.</param>
/// <param name="Reason">One of <c>failed</c>, <c>returned</c>, <c>recovered</c> (<c>ReversalReason</c>).</param>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.ReverseCommand")]
public sealed record ReverseCommand(
    [property: Id(0)] string EntryId,
    [property: Id(1)] string DisbursementId,
    [property: Id(4)] DecimalAmount? Amount,
    [property: Id(3)] string Reason);
