namespace OversightLedger.Sanctions;

/// <summary>Who is screened: a name and, when known, supporting features.</summary>
/// <param name="Name">The name as registered, in any order and script the normaliser knows.</param>
/// <param name="Country">A country of nationality, registration or address (English name as the lists write it).</param>
/// <param name="DateOfBirth">A person's date of birth.</param>
/// <param name="Identifier">A registration number, passport, tax ID or IMO number.</param>
public sealed record ScreeningQuery(string Name, string? Country = null, DateOnly? DateOfBirth = null, string? Identifier = null);
