namespace OversightLedger.Server.Api;

/// <summary>
/// Registers a counterparty of the calling agency: <see cref="Kind"/> (implementing-partner, vendor,
/// financial-service-provider, organisation-payee), the <see cref="Name"/> (only its keyed pseudonym is logged) and,
/// when known, a country (as the lists write it, e.g. Cuba), a date of birth (yyyy-MM-dd) and a registration number,
/// which raise or lower a match's score.
/// </summary>
internal sealed record RegisterCounterpartyRequest(string Kind, string Name, string? Country = null, string? DateOfBirth = null, string? RegistrationNumber = null);

/// <summary>A compliance reviewer's reason for clearing or confirming a hit; only its SHA-256 is logged.</summary>
internal sealed record ScreeningReviewRequest(string Reason);

/// <summary>An ad-hoc screening: a name and, when known, a country, a date of birth (yyyy-MM-dd), a registration number. Nothing is logged.</summary>
internal sealed record ScreenNameRequest(string Name, string? Country = null, string? DateOfBirth = null, string? RegistrationNumber = null);
