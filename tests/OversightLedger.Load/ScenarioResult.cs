namespace OversightLedger.Load;

/// <summary>What one scenario measured, as one row of the Markdown report.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Result">Throughput and totals, in words.</param>
/// <param name="P50Milliseconds">Median latency per request (NaN when the scenario is one request).</param>
/// <param name="P99Milliseconds">99th percentile latency per request.</param>
/// <param name="Errors">Requests or rows that failed, with their kinds.</param>
/// <param name="Memory">The server's peak resident set while the scenario ran, and its high-water mark since it started.</param>
/// <param name="Cpu">CPU time of the server and of the harness per unit of work over the measured window (see <see cref="CpuMeter"/>).</param>
internal sealed record ScenarioResult(string Scenario, string Result, double P50Milliseconds, double P99Milliseconds, string Errors, string Memory, string Cpu);
