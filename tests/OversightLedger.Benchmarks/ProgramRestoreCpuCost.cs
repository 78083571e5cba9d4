using System.Diagnostics;
using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Issue 17: the CPU time (all threads of the process: the decode and the SHA-256 check on another core) that restoring a
/// log-backed program on its stored base costs, beside its wall time; on a machine shared with other work the CPU time is
/// the steadier figure. The program is built as <see cref="ProgramRestoreCost"/> builds it (B beneficiaries paid once a
/// month each, N disbursements, a base written when due every 100,000), then restored five times from a snapshot holding
/// the changes since its base. Run with
/// <c>dotnet run -c Release --project tests/OversightLedger.Benchmarks -- program-restore-cpu 3000000 1000000</c>.
/// </summary>
internal static class ProgramRestoreCpuCost
{
    private const string ProgramId = "program-1";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(TextWriter output, int disbursements, int beneficiaries)
    {
        Currency eur = Currency.Parse("EUR");
        byte[] secret = new byte[32];
        BeneficiaryPseudonym[] people = [.. Enumerable.Range(0, beneficiaries).Select(i => BeneficiaryPseudonym.Derive(secret, $"AGY-{i:0000000}"))];
        BeneficiaryProgram program = BeneficiaryProgram.LogBacked(ProgramId);
        ProgramBase? stored = null;
        ulong leaf = 0;
        program.Apply(program.DecideOpen("open-1", Start.AddDays(-1), "agency-9", new Money(eur, 1_000_000_00), CapPeriod.Month).Entry!, leaf++);
        for (int i = 0; i < people.Length; i++)
        {
            Decision<BeneficiaryEnrolled> enrolled = program.DecideEnroll(string.Create(CultureInfo.InvariantCulture, $"enrol-{i:0000000}"), Start.AddDays(-1), people[i]);
            program.Apply(enrolled.Entry ?? throw new InvalidOperationException(enrolled.ToString()), leaf++);
        }

        for (int i = 0; i < disbursements; i++)
        {
            if (i % 100_000 == 0)
            {
                program.MarkAppliedBelow(leaf);
                program.ForgetDisbursementsBefore(leaf);
                foreach (string period in program.PeriodsToClose())
                {
                    program.ClosePeriod(program.EncodeClosingPeriod(period));
                }

                if (program.IsBaseDue(1 << 20))
                {
                    ProgramBase frozen = program.FreezeBase();
                    frozen.Encode();
                    program.AdoptBase(frozen);
                    stored = frozen;
                }
            }

            DateTimeOffset time = Start.AddMonths(i / people.Length).AddSeconds((i % people.Length) / 1000);
            program.Apply(
                new Disbursed(
                    string.Create(CultureInfo.InvariantCulture, $"{ProgramId}/d-{i:000000000}"), time, ProgramId, "budget-1", "t-1", people[i % people.Length],
                    new Money(eur, 2_500 + (i % 1000)), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time)),
                leaf++);
        }

        program.MarkAppliedBelow(leaf);
        program.ForgetDisbursementsBefore(leaf);
        byte[] snapshot = program.ToSnapshot(leaf);
        byte[]? storedBytes = stored?.ToArray(); // as the store reads it
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"base {(storedBytes?.Length ?? 0) / 1e6:N1} MB, snapshot (changes since it) {snapshot.Length / 1e6:N2} MB"));
        var process = Process.GetCurrentProcess();
        for (int round = 1; round <= 5; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            int gen2 = GC.CollectionCount(2);
            var clock = Stopwatch.StartNew();
            BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(ProgramId, snapshot, storedBytes);
            TimeSpan wall = clock.Elapsed;
            process.Refresh();
            TimeSpan used = process.TotalProcessorTime - cpu;
            if (restored.DisbursementCount != program.DisbursementCount)
            {
                throw new InvalidOperationException("The restored program differs from the one written.");
            }

            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: restore {wall.TotalMilliseconds:N0} ms wall, {used.TotalMilliseconds:N0} ms CPU (all threads), {GC.CollectionCount(2) - gen2} gen2 collections during it"));
        }

        return 0;
    }
}
