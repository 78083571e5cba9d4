namespace OversightLedger.Server.Api;

/// <summary>Opens a ring-fenced budget (the acting donor owns it), with its consequence ladder when <c>consequenceLadder</c> is given.</summary>
internal sealed record OpenBudgetRequest(
    string Id, string Donor, string Purpose, string Country, string Currency, string Pledged, string[]? SnapBackClasses = null, string? RequestId = null,
    ConsequenceStepRequest[]? ConsequenceLadder = null) : IIdempotentRequest;

/// <summary>Records funds received; the transfer reference makes it idempotent.</summary>
internal sealed record ReceiveFundsRequest(string Amount, string Reference, string? RequestId = null) : IIdempotentRequest;

/// <summary>
/// Adds a tranche and the benchmarks that unlock it: bare names in <c>benchmarks</c> (one verification by any watchdog),
/// and benchmarks with an indicator, target and rule in <c>benchmarkDefinitions</c>.
/// </summary>
internal sealed record AddTrancheRequest(
    string Tranche, string Amount, bool Humanitarian, string[]? Benchmarks = null, string? RequestId = null,
    BenchmarkDefinitionRequest[]? BenchmarkDefinitions = null) : IIdempotentRequest;

/// <summary>
/// A benchmark's definition: indicator, unit, baseline and target as decimal strings, direction <c>at-least</c> or
/// <c>at-most</c>, due date, and the rule (verifications from distinct verifier groups).
/// </summary>
/// <remarks>
/// Sustained compliance (optional): <c>reviewCadence</c> (<c>monthly</c> or <c>quarterly</c>) with its horizon, either
/// <c>reviewCount</c> (number of reviews) or <c>reviewsUntil</c> (the reviews that close on or before that date).
/// </remarks>
internal sealed record BenchmarkDefinitionRequest(
    string Benchmark, string Indicator, string Unit, string Baseline, string Target, string Direction, DateOnly DueOn,
    int RequiredVerifications = 1, int RequiredGroups = 1, string? ReviewCadence = null, int? ReviewCount = null, DateOnly? ReviewsUntil = null);

/// <summary>Records an independent verification of a benchmark (the verifier is the caller); <c>value</c> is the measured value as a decimal string.</summary>
internal sealed record VerifyBenchmarkRequest(string EvidenceSha256, DateOnly VerifiedOn, string? RequestId = null, string? Value = null) : IIdempotentRequest;

/// <summary>Registers a verifier (a watchdog key's principal) of the budget's defined benchmarks in a group.</summary>
internal sealed record RegisterVerifierRequest(string Verifier, string Group, string? RequestId = null) : IIdempotentRequest;

/// <summary>The owner's decision on a contested benchmark: <c>met</c> or <c>not-met</c>, and why (no personal data).</summary>
internal sealed record BenchmarkDecisionRequest(string Outcome, string Reason, string? RequestId = null) : IIdempotentRequest;

/// <summary>Releases a tranche.</summary>
internal sealed record ReleaseTrancheRequest(string Amount, string? RequestId = null) : IIdempotentRequest;

/// <summary>Lists a program as eligible to draw on the budget.</summary>
internal sealed record ListProgramRequest(string Program, string? RequestId = null) : IIdempotentRequest;

/// <summary>Freezes or unfreezes the budget.</summary>
internal sealed record FreezeRequest(string Reason, string RequestId, string? Finding = null) : IIdempotentRequest;

/// <summary>Grants a humanitarian exemption.</summary>
internal sealed record RenewExemptionRequest(DateTimeOffset Sunset, string? RequestId = null) : IIdempotentRequest;

internal sealed record GrantExemptionRequest(string Exemption, string[] Sectors, string[] Modalities, string MaxAmount, DateTimeOffset Sunset, string? RequestId = null) : IIdempotentRequest;
