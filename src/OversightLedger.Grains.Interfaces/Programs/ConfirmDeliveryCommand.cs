namespace OversightLedger.Grains.Programs;

/// <summary>Confirms that a committed disbursement reached its beneficiary (idempotent by <see cref="EntryId"/>; once per disbursement).</summary>
/// <param name="EntryId">The Delivered entry's id: the caller's request id scoped to it, or <c>EntryIds.Delivered</c>.</param>
/// <param name="DisbursementId">The agency's own disbursement id (the grain scopes it to the program, as <c>EntryIds.Disbursement</c>).</param>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Programs.ConfirmDeliveryCommand")]
public sealed record ConfirmDeliveryCommand([property: Id(0)] string EntryId, [property: Id(1)] string DisbursementId);
