namespace OversightLedger.Domain.Programs;

/// <summary>
/// A period's totals made ready to leave memory (<see cref="BeneficiaryProgram.EncodeClosingPeriod"/>): the grain writes
/// <see cref="Content"/> under <see cref="ClosedPeriodTotals.StoreName"/>, then hands this back to
/// <see cref="BeneficiaryProgram.ClosePeriod"/>, which lets go of the totals only if they did not change in between.
/// </summary>
/// <param name="Totals">What the program keeps of the period once it is closed.</param>
/// <param name="Content">The stored bytes (<see cref="Totals"/>' digest is their SHA-256).</param>
/// <param name="Stamp">The period's change count when it was encoded.</param>
public sealed record ClosingPeriod(ClosedPeriodTotals Totals, byte[] Content, long Stamp);
