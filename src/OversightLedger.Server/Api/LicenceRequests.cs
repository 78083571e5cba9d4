namespace OversightLedger.Server.Api;

/// <summary>
/// A general licence to record: countries are ISO 3166-1 alpha-2 codes; empty or absent sectors or counterparty kinds mean
/// any; excluded lists are sanctions list sources this server knows (e.g. <c>OFAC-SDN</c>).
/// </summary>
internal sealed record RecordLicenceRequest(
    string Id, string Authority, string Reference, string[] Countries, DateTimeOffset Issued, DateTimeOffset Expires,
    string[]? Sectors = null, string[]? CounterpartyKinds = null, string[]? ExcludedCounterparties = null, string[]? ExcludedLists = null);

/// <summary>An amendment of a licence: each field given replaces the licence's value from now on; at least one must be given.</summary>
internal sealed record AmendLicenceRequest(
    string Amendment, string Reference, DateTimeOffset? Expires = null, string[]? Countries = null, string[]? Sectors = null,
    string[]? CounterpartyKinds = null, string[]? ExcludedCounterparties = null, string[]? ExcludedLists = null);

/// <summary>The budget a licence is attached to.</summary>
internal sealed record AttachLicenceRequest(string Budget);

/// <summary>A country to declare a sanctioned jurisdiction, and the legal basis.</summary>
internal sealed record SanctionJurisdictionRequest(string Country, string Reference);

/// <summary>The act that lifted a jurisdiction's sanctions.</summary>
internal sealed record LiftJurisdictionRequest(string Reference);
