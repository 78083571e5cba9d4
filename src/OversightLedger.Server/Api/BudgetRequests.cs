namespace OversightLedger.Server.Api;

/// <summary>Opens a ring-fenced budget (the acting donor owns it).</summary>
internal sealed record OpenBudgetRequest(string Id, string Donor, string Purpose, string Country, string Currency, string Pledged, string[]? SnapBackClasses = null, string? RequestId = null) : IIdempotentRequest;

/// <summary>Records funds received; the transfer reference makes it idempotent.</summary>
internal sealed record ReceiveFundsRequest(string Amount, string Reference, string? RequestId = null) : IIdempotentRequest;

/// <summary>Adds a tranche and the benchmarks that unlock it.</summary>
internal sealed record AddTrancheRequest(string Tranche, string Amount, bool Humanitarian, string[]? Benchmarks = null, string? RequestId = null) : IIdempotentRequest;

/// <summary>Records an independent verification of a benchmark (the verifier is the caller).</summary>
internal sealed record VerifyBenchmarkRequest(string EvidenceSha256, DateOnly VerifiedOn, string? RequestId = null) : IIdempotentRequest;

/// <summary>Releases a tranche.</summary>
internal sealed record ReleaseTrancheRequest(string Amount, string? RequestId = null) : IIdempotentRequest;

/// <summary>Lists a program as eligible to draw on the budget.</summary>
internal sealed record ListProgramRequest(string Program, string? RequestId = null) : IIdempotentRequest;

/// <summary>Freezes or unfreezes the budget.</summary>
internal sealed record FreezeRequest(string Reason, string RequestId, string? Finding = null) : IIdempotentRequest;

/// <summary>Grants a humanitarian exemption.</summary>
internal sealed record RenewExemptionRequest(DateTimeOffset Sunset, string? RequestId = null) : IIdempotentRequest;

internal sealed record GrantExemptionRequest(string Exemption, string[] Sectors, string[] Modalities, string MaxAmount, DateTimeOffset Sunset, string? RequestId = null) : IIdempotentRequest;
