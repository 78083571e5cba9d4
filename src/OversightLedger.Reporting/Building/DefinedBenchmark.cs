using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>A defined benchmark as the builder follows it: each verifier's latest value and the owner's decision in force.</summary>
internal sealed class DefinedBenchmark(BenchmarkDefined definition)
{
    public BenchmarkDefined Definition { get; } = definition;

    /// <summary>Each verifier's latest value, by verifier.</summary>
    public SortedDictionary<string, BenchmarkValueReport> Counted { get; } = new(StringComparer.Ordinal);

    /// <summary>The owner's decision in force; a later verification overtakes it.</summary>
    public BenchmarkDecided? Decision { get; set; }

    /// <summary>The status, by the domain's rule (<see cref="BenchmarkRule"/>).</summary>
    public BenchmarkStatus Status =>
        Decision is { } decided ? (decided.Met ? BenchmarkStatus.Met : BenchmarkStatus.NotMet)
        : BenchmarkRule.StatusOf(Definition, Counted.Values.Select(v => (v.Value, (string?)v.Group)));

    public BenchmarkIndicatorReport ToReport() => new(
        Definition.Benchmark, DateOnly.FromDateTime(Definition.Time.UtcDateTime), Definition.Indicator, Definition.Unit, Definition.Baseline, Definition.Target, TargetDirections.NameOf(Definition.Direction),
        Definition.DueOn, Definition.RequiredVerifications, Definition.RequiredGroups, BenchmarkStatusNames.NameOf(Status), Decision?.DecidedBy, [.. Counted.Values]);
}
