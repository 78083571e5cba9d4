using BenchmarkDotNet.Running;
using OversightLedger.Benchmarks;

// `sanctions-quality` prints the screening quality figures of docs/BENCHMARKS.md; anything else is BenchmarkDotNet's.
if (args is ["sanctions-quality", ..])
{
    return SanctionsQualityEvaluation.Run(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
