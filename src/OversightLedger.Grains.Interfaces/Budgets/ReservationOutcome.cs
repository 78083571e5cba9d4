namespace OversightLedger.Grains.Budgets;

/// <summary>The budget's answer to a reservation: the tranche that holds the money, or a refusal.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Budgets.ReservationOutcome")]
public sealed record ReservationOutcome(
    [property: Id(0)] string? Tranche,
    [property: Id(1)] bool AlreadyCommitted,
    [property: Id(2)] string? RejectionCode,
    [property: Id(3)] string? Message)
{
    /// <summary>Whether money is held (or was already committed) for the disbursement.</summary>
    public bool IsReserved => RejectionCode is null;
}
