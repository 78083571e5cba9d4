using BenchmarkDotNet.Running;
using OversightLedger.Benchmarks;

// `sanctions-quality` prints the screening quality figures of docs/BENCHMARKS.md; anything else is BenchmarkDotNet's.
if (args is ["sanctions-quality", ..])
{
    return SanctionsQualityEvaluation.Run(Console.Out);
}

// `report-log N` builds (once) the ledger of QuarterlyReportBenchmarks with N disbursements and prints its directory.
if (args is ["report-log", string count])
{
    Console.WriteLine(QuarterlyReportBenchmarks.BuildLogOnly(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)));
    return 0;
}

// `grain-state-size enrolments B` prints what B enrolled beneficiaries cost a program's state (issue 17, item 2).
if (args is ["grain-state-size", "enrolments", string enrolled])
{
    return GrainStateSize.RunEnrolments(Console.Out, int.Parse(enrolled, System.Globalization.CultureInfo.InvariantCulture));
}

// `grain-state-size N B` prints what N disbursements to B beneficiaries cost a program's and a budget's state (issue 17, item 2),
// then the sequencer's in-memory index (the load harness's former `retained-memory`).
if (args is ["grain-state-size", string disbursements, string beneficiaries])
{
    int exitCode = GrainStateSize.Run(
        Console.Out, int.Parse(disbursements, System.Globalization.CultureInfo.InvariantCulture), int.Parse(beneficiaries, System.Globalization.CultureInfo.InvariantCulture));
    SequencerIndexSize.Run(
        Console.Out, int.Parse(disbursements, System.Globalization.CultureInfo.InvariantCulture), int.Parse(beneficiaries, System.Globalization.CultureInfo.InvariantCulture));
    return exitCode;
}

// `sequencer-index-snapshot N` prints the bytes per id, encode and decode time of the sequencer's index snapshot (issue 17, item 1, azure profile).
if (args is ["sequencer-index-snapshot", string ids])
{
    return SequencerIndexSnapshotSize.Run(Console.Out, int.Parse(ids, System.Globalization.CultureInfo.InvariantCulture));
}

// `program-restore N B` times the program's snapshot write and restore with N disbursements to B beneficiaries (issue 17).
if (args is ["program-restore", string restoreCount, string restorePeople])
{
    return ProgramRestoreCost.Run(
        Console.Out, int.Parse(restoreCount, System.Globalization.CultureInfo.InvariantCulture), int.Parse(restorePeople, System.Globalization.CultureInfo.InvariantCulture));
}

// `program-restore-cpu N B`: the same (it reports the restore's CPU time beside its wall time); the name is kept for the
// commands recorded in docs/BENCHMARKS.md.
if (args is ["program-restore-cpu", string cpuCount, string cpuPeople])
{
    return ProgramRestoreCost.Run(
        Console.Out, int.Parse(cpuCount, System.Globalization.CultureInfo.InvariantCulture), int.Parse(cpuPeople, System.Globalization.CultureInfo.InvariantCulture));
}

// `tail-replay N B` prints what each stage of a grain's activation costs for N disbursements to B beneficiaries (issue 17).
if (args is ["tail-replay", string tail, string paid])
{
    return TailReplayCost.Run(
        Console.Out, int.Parse(tail, System.Globalization.CultureInfo.InvariantCulture), int.Parse(paid, System.Globalization.CultureInfo.InvariantCulture));
}

// `index-cost N E` prints the CPU time per new id of the sequencer's index, in memory and on disk, holding E ids (issue 17).
if (args is ["index-cost", string newIds, string existingIds])
{
    return SequencerIndexCost.RunCpu(
        Console.Out, int.Parse(newIds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(existingIds, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
