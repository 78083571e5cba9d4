using System.Diagnostics;
using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Issue 17: what the program grain's snapshot costs to write and to restore at the size of the 10M restart benchmark,
/// built in-process (no server fill): a log-backed program with B enrolled beneficiaries and N disbursements, paid once a
/// month each (so the open month and the one before hold B totals each; older months are closed as its grain closes
/// them), then <see cref="BeneficiaryProgram.ToSnapshot(ulong)"/> and <see cref="BeneficiaryProgram.FromLogBackedSnapshot"/>
/// timed five times (wall time, and the CPU time of all the process's threads: the decode and the SHA-256 check on another
/// core; on a machine shared with other work the CPU time is the steadier figure), and a decision's lookups (enrolment,
/// cap) on the restored state. Run with
/// <c>dotnet run -c Release --project tests/OversightLedger.Benchmarks -- program-restore 10000000 1000000</c>.
/// </summary>
internal static class ProgramRestoreCost
{
    private const string ProgramId = "program-1";
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int Run(TextWriter output, int disbursements, int beneficiaries)
    {
        Currency eur = Currency.Parse("EUR");
        byte[] secret = new byte[32];
        var clock = Stopwatch.StartNew();
        BeneficiaryPseudonym[] people = [.. Enumerable.Range(0, beneficiaries).Select(i => BeneficiaryPseudonym.Derive(secret, $"AGY-{i:0000000}"))];
        BeneficiaryProgram program = BeneficiaryProgram.LogBacked(ProgramId);
        byte[]? stored = null;
        int bases = 0;
        ulong leaf = 0;
        program.Apply(program.DecideOpen("open-1", Start.AddDays(-1), "agency-9", new Money(eur, 1_000_000_00), CapPeriod.Month).Entry!, leaf++);
        for (int i = 0; i < people.Length; i++)
        {
            Decision<BeneficiaryEnrolled> enrolled = program.DecideEnroll(string.Create(CultureInfo.InvariantCulture, $"enrol-{i:0000000}"), Start.AddDays(-1), people[i]);
            program.Apply(enrolled.Entry ?? throw new InvalidOperationException(enrolled.ToString()), leaf++);
        }

        for (int i = 0; i < disbursements; i++)
        {
            int month = i / people.Length;
            if (i % 100_000 == 0)
            {
                program.MarkAppliedBelow(leaf);
                program.ForgetDisbursementsBefore(leaf); // what each snapshot lets go of
                foreach (string period in program.PeriodsToClose())
                {
                    program.ClosePeriod(program.EncodeClosingPeriod(period)); // what the grain writes beside its snapshot
                }

                if (program.IsBaseDue(1 << 20))
                {
                    stored = WriteBase(program, out _); // what the grain writes beside its snapshot when the changes pass a sixteenth of the base
                    bases++;
                }
            }

            DateTimeOffset time = Start.AddMonths(month).AddSeconds((i % people.Length) / 1000);
            program.Apply(
                new Disbursed(
                    string.Create(CultureInfo.InvariantCulture, $"{ProgramId}/d-{i:000000000}"), time, ProgramId, "budget-1", "t-1", people[i % people.Length],
                    new Money(eur, 2_500 + (i % 1000)), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time)),
                leaf++);
        }

        program.MarkAppliedBelow(leaf);
        program.ForgetDisbursementsBefore(leaf);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"program of {beneficiaries:N0} beneficiaries and {disbursements:N0} disbursements built in {clock.Elapsed.TotalSeconds:N1} s; kind {BeneficiaryProgram.LogBackedSnapshotKind}; {program.ClosedPeriods.Count} closed periods"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{bases} bases written while building; changes since the last: {program.ChangesSinceBaseBytes / 1e6:N1} MB (about)"));
        BeneficiaryProgram restored = program;
        var process = Process.GetCurrentProcess();
        for (int round = 1; round <= 5; round++)
        {
            byte[] snapshot = [];
            TimeSpan write = Time(() => snapshot = program.ToSnapshot(leaf));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            int gen2 = GC.CollectionCount(2);
            TimeSpan restore = Time(() => restored = BeneficiaryProgram.FromLogBackedSnapshot(ProgramId, snapshot, stored));
            process.Refresh();
            TimeSpan used = process.TotalProcessorTime - cpu;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round}: snapshot (changes since the base) {snapshot.Length / 1e6:N2} MB, ToSnapshot {write.TotalMilliseconds:N0} ms; base {(stored?.Length ?? 0) / 1e6:N1} MB; restore (base checked with SHA-256 + changes) {restore.TotalMilliseconds:N0} ms wall, {used.TotalMilliseconds:N0} ms CPU (all threads), {GC.CollectionCount(2) - gen2} gen2 collections during it"));
        }

        for (int round = 1; round <= 2; round++)
        {
            stored = WriteBase(program, out (TimeSpan Freeze, TimeSpan Encode, TimeSpan Adopt) cost);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"new base {stored.Length / 1e6:N1} MB: freeze {cost.Freeze.TotalMilliseconds:N0} ms and adopt {cost.Adopt.TotalMilliseconds:N0} ms on the grain's turn, merge + encode + SHA-256 {cost.Encode.TotalMilliseconds:N0} ms off it"));
        }

        byte[] fresh = program.ToSnapshot(leaf);
        byte[] freshBase = stored!;
        GC.Collect();
        TimeSpan freshRestore = Time(() => restored = BeneficiaryProgram.FromLogBackedSnapshot(ProgramId, fresh, freshBase));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"just after a base: snapshot {fresh.Length:N0} B; restore {freshRestore.TotalMilliseconds:N0} ms"));

        if (restored.DisbursementCount != program.DisbursementCount || restored.Disbursed != program.Disbursed || restored.Beneficiaries.Count != beneficiaries)
        {
            throw new InvalidOperationException("The restored program differs from the one written.");
        }

        // A decision's lookups on the restored state (they run per disbursement): enrolment and the month's cap total.
        string current = PaymentPeriod.Of(CapPeriod.Month, Start.AddMonths((disbursements - 1) / people.Length));
        const int Lookups = 1_000_000;
        long found = 0;
        TimeSpan lookups = Time(() =>
        {
            for (int i = 0; i < Lookups; i++)
            {
                BeneficiaryPseudonym person = people[(int)((uint)(i * 7919) % (uint)people.Length)];
                found += restored.IsEnrolled(person) ? restored.PaidIn(person, current).MinorUnits : 0;
            }
        });
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"enrolment + cap lookup on the restored state: {lookups.TotalMicroseconds / Lookups:0.000} µs each ({found:N0} units found)"));
        return 0;
    }

    /// <summary>Writes a base as the grain does (frozen, encoded, its bytes as the store gets them, then adopted); its bytes.</summary>
    private static byte[] WriteBase(BeneficiaryProgram program, out (TimeSpan Freeze, TimeSpan Encode, TimeSpan Adopt) cost)
    {
        ProgramBase frozen = null!;
        TimeSpan freeze = Time(() => frozen = program.FreezeBase());
        TimeSpan encode = Time(frozen.Encode);
        byte[] bytes = frozen.ToArray();
        TimeSpan adopt = Time(() => program.AdoptBase(frozen));
        cost = (freeze, encode, adopt);
        return bytes;
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }
}
