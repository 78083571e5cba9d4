namespace OversightLedger.Grains.Reports;

/// <summary>One file of a report, e.g. <c>2026-Q4.html</c>, and its SHA-256 (64 lower-case hex digits).</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Reports.ReportFile")]
public sealed record ReportFile([property: Id(0)] string Name, [property: Id(1)] string Sha256);
