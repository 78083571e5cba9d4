namespace OversightLedger.Reporting.Model;

/// <summary>
/// A freeze or an unfreeze of a budget within the quarter. A freeze that names a (confirmed) finding is a snap-back;
/// one without a finding was ordered for another reason, given in <see cref="Reason"/>.
/// </summary>
/// <param name="Leaf">The entry's leaf index.</param>
/// <param name="Time">When it was recorded (UTC).</param>
/// <param name="Budget">The budget id.</param>
/// <param name="Kind">Frozen or unfrozen.</param>
/// <param name="Finding">The finding that triggered the freeze, or null.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record SnapBackEvent(ulong Leaf, DateTimeOffset Time, string Budget, SnapBackEventKind Kind, string? Finding, string Reason);
