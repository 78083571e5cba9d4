using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>What a <see cref="BenchmarkDefined"/> entry will say of one benchmark, before its entry is built (a review schedule optional).</summary>
public sealed record BenchmarkTerms(
    string Benchmark, string Indicator, string Unit, decimal Baseline, decimal Target, TargetDirection Direction, DateOnly DueOn,
    int RequiredVerifications, int RequiredGroups, ReviewCadence? ReviewCadence = null, int? ReviewCount = null);
