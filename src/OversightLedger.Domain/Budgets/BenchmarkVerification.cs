using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>A recorded verification of a benchmark with the group its verifier was registered in (null for a bare benchmark's unregistered verifier).</summary>
public sealed record BenchmarkVerification(BenchmarkVerified Entry, string? Group);
