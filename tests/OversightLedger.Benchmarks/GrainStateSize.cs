using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Decisions;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Findings;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Issue 17, item 2: what one committed disbursement costs the state a program grain and a budget grain hold
/// (<see cref="BeneficiaryProgram"/>, <see cref="ReliefBudget"/>, each as it keeps every disbursement and log-backed, as
/// its grain holds it) and their snapshots. Applies N monthly disbursements to
/// B enrolled beneficiaries over N / B months, as a grain's replay does, and prints the managed heap each state holds after
/// a full collection, per disbursement, and the size of each snapshot; then a watchdog's monitor reading the same log. Run with
/// <c>dotnet run -c Release --project tests/OversightLedger.Benchmarks -- grain-state-size 200000 20000</c>.
/// </summary>
internal static class GrainStateSize
{
    private const string BudgetId = BenchmarkLedger.BudgetId;
    private const string ProgramId = BenchmarkLedger.ProgramId;
    private static readonly DateTimeOffset Start = BenchmarkLedger.Start;

    public static int Run(TextWriter output, int disbursements, int beneficiaries)
    {
        Currency eur = Currency.Parse("EUR");
        BeneficiaryPseudonym[] people = BenchmarkLedger.People(beneficiaries);
        output.WriteLine($"disbursements {disbursements:N0}, beneficiaries {beneficiaries:N0}, months {(disbursements + beneficiaries - 1) / beneficiaries}");
        Measure(output, "program, keeps every disbursement", disbursements, eur, people, logBacked: false, program: true);
        Measure(output, "program, log-backed, after a snapshot", disbursements, eur, people, logBacked: true, program: true);
        Measure(output, "program, log-backed, closed periods in the store", disbursements, eur, people, logBacked: true, program: true, closePeriods: true);
        Measure(output, "budget, keeps every disbursement", disbursements, eur, people, logBacked: false, program: false);
        Measure(output, "budget, log-backed, after a snapshot", disbursements, eur, people, logBacked: true, program: false);
        MeasureWatchdog(output, disbursements, eur, people, logBacked: false);
        MeasureWatchdog(output, disbursements, eur, people, logBacked: true);
        return 0;
    }

    /// <summary>
    /// Fills a budget and a program, applying the disbursements to one of them only; prints what that one holds after them
    /// beyond what it held before (managed heap after a full collection) and its snapshot.
    /// </summary>
    private static void Measure(
        TextWriter output, string label, int disbursements, Currency eur, BeneficiaryPseudonym[] people, bool logBacked, bool program, bool closePeriods = false)
    {
        (ReliefBudget budget, BeneficiaryProgram state, ulong leaf) = Open(eur, people, logBacked);
        int snapshotBefore = (program ? state.ToSnapshot(leaf) : budget.ToSnapshot(leaf)).Length;
        long opened = ManagedHeap.AfterFullCollection();
        long stored = 0;
        for (int i = 0; i < disbursements; i++)
        {
            int month = i / people.Length;
            if (closePeriods && i % people.Length == 0)
            {
                stored += ClosePeriods(state); // what the grain does in the background as the months go by
            }

            DateTimeOffset time = Start.AddMonths(month).AddSeconds(i % people.Length);
            var entry = new Disbursed(
                string.Create(CultureInfo.InvariantCulture, $"{ProgramId}/disb-{i:00000000}"), time, ProgramId, BudgetId, "t-1", people[i % people.Length],
                new Money(eur, 2_500 + (i % 1000)), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time));
            if (program)
            {
                state.Apply(entry, leaf);
            }
            else
            {
                budget.Apply(entry, leaf);
            }

            leaf++;
        }

        state.MarkAppliedBelow(leaf);
        state.ForgetDisbursementsBefore(leaf); // what a written snapshot lets go of (nothing, for a program that keeps them)
        stored += closePeriods ? ClosePeriods(state) : 0;
        budget.MarkAppliedBelow(leaf);
        budget.ForgetDisbursementsBefore(leaf); // likewise for the budget
        long filled = ManagedHeap.AfterFullCollection();
        byte[] snapshot = program ? state.ToSnapshot(leaf) : budget.ToSnapshot(leaf);
        GC.KeepAlive(budget);
        GC.KeepAlive(state);
        output.WriteLine(
            $"{label}: {(double)(filled - opened) / disbursements:F1} B of heap per disbursement; snapshot {snapshot.Length:N0} B, {(double)(snapshot.Length - snapshotBefore) / disbursements:F1} B per disbursement"
            + (closePeriods ? $"; closed periods stored {stored:N0} B ({state.ClosedPeriods.Count} periods closed)" : string.Empty));
    }

    /// <summary>
    /// Issue 17, item 2: what one enrolment costs a log-backed program (what its grain holds) and its snapshot: B enrolled
    /// beneficiaries, heap after a full collection beyond the opened program's, snapshot beyond the opened program's. Run
    /// with <c>grain-state-size enrolments 1000000</c>.
    /// </summary>
    public static int RunEnrolments(TextWriter output, int beneficiaries)
    {
        Currency eur = Currency.Parse("EUR");
        BeneficiaryPseudonym[] people = BenchmarkLedger.People(beneficiaries);
        (_, BeneficiaryProgram program, ulong leaf) = Open(eur, [], logBacked: true);
        int snapshotBefore = program.ToSnapshot(leaf).Length;
        long opened = ManagedHeap.AfterFullCollection();
        DateTimeOffset now = Start;
        int id = 0;
        foreach (BeneficiaryPseudonym person in people)
        {
            Decision<BeneficiaryEnrolled> decision = program.DecideEnroll(string.Create(CultureInfo.InvariantCulture, $"enrol-{++id:0000000}"), now, person);
            program.Apply(decision.Entry ?? throw new InvalidOperationException(decision.ToString()), leaf++);
        }

        program.MarkAppliedBelow(leaf);
        long filled = ManagedHeap.AfterFullCollection();
        byte[] snapshot = program.ToSnapshot(leaf);
        GC.KeepAlive(program);
        GC.KeepAlive(people); // made before the baseline: kept to the end, so their collection is not counted against the program
        output.WriteLine(
            $"program, log-backed, {beneficiaries:N0} enrolments: {(double)(filled - opened) / beneficiaries:F1} B of heap per enrolment; snapshot {snapshot.Length:N0} B, {(double)(snapshot.Length - snapshotBefore) / beneficiaries:F1} B per enrolment");
        return 0;
    }

    /// <summary>Closes the periods the program may close, as its grain does (the stored bytes are counted, not kept).</summary>
    private static long ClosePeriods(BeneficiaryProgram state)
    {
        long stored = 0;
        foreach (string period in state.PeriodsToClose())
        {
            ClosingPeriod closing = state.EncodeClosingPeriod(period);
            stored += closing.Content.Length;
            state.ClosePeriod(closing);
        }

        return stored;
    }

    /// <summary>
    /// A watchdog's monitor (issue 17, item 1) reading the same log: what it holds per disbursement beyond what it held
    /// after the openings and enrolments, its snapshot, and the beneficiary shares its rules keep.
    /// </summary>
    /// <remarks>
    /// Log-backed (<see cref="WatchdogMonitor.LogBacked(string, WatchdogRuleSettings, WatchdogScope)"/>, as its grain holds it):
    /// the payments name no earlier entry, so nothing is looked up in the log; what is measured is what it keeps.
    /// </remarks>
    private static void MeasureWatchdog(TextWriter output, int disbursements, Currency eur, BeneficiaryPseudonym[] people, bool logBacked)
    {
        var log = new List<LedgerEntry>();
        (ReliefBudget budget, BeneficiaryProgram program, ulong leaf) = Open(eur, people, logBacked: false, log);
        WatchdogMonitor monitor = logBacked
            ? WatchdogMonitor.LogBacked("watchdog-1", WatchdogRuleSettings.Default, WatchdogScope.Everything)
            : new WatchdogMonitor("watchdog-1", WatchdogRuleSettings.Default, WatchdogScope.Everything);
        var findings = new FindingBook();
        for (int i = 0; i < log.Count; i++)
        {
            monitor.Observe((ulong)i, log[i]);
        }

        int snapshotBefore = monitor.ToSnapshot(findings).Length;
        long opened = ManagedHeap.AfterFullCollection();
        long lookedUp = 0;
        for (int i = 0; i < disbursements; i++)
        {
            Disbursed payment = AsLogged(Payment(i, eur, people));
            foreach (string id in monitor.IdsToLookUp(payment))
            {
                lookedUp++; // the id filter's false positives: the log's index has no earlier entry with the id
                monitor.Found(id, null, null);
            }

            monitor.Observe(leaf++, payment);
        }

        monitor.TakeNewFindings();
        int snapshotLength = monitor.ToSnapshot(findings).Length; // a log-backed monitor lets go of the disbursements' facts as it writes one
        long filled = ManagedHeap.AfterFullCollection();
        GC.KeepAlive(budget);
        GC.KeepAlive(program);
        if (logBacked && int.TryParse(Environment.GetEnvironmentVariable("OVERSIGHT_GRAIN_STATE_HOLD_SECONDS"), CultureInfo.InvariantCulture, out int hold))
        {
            output.WriteLine($"holding the log-backed watchdog {hold} s for a heap dump (pid {Environment.ProcessId})"); // dotnet-gcdump collect -p <pid>
            output.Flush();
            Thread.Sleep(TimeSpan.FromSeconds(hold));
        }

        output.WriteLine(
            $"watchdog ({(logBacked ? "log-backed replay inside, as its grain holds it" : "whole-log replay inside")}): {(double)(filled - opened) / disbursements:F1} B of heap per disbursement; snapshot {snapshotLength:N0} B, " +
            $"{(double)(snapshotLength - snapshotBefore) / disbursements:F1} B per disbursement; beneficiary shares kept {monitor.BeneficiaryShares:N0}, in memory {monitor.BeneficiarySharesInMemory:N0}" +
            (logBacked ? $"; ids looked up in the log {lookedUp:N0}; closed cap periods in its file {monitor.ClosedCapPeriodsInFile:N0}, program bases written {monitor.ProgramBasesWritten:N0}" : string.Empty));
    }

    /// <summary>The entry as a grain reading the log holds it: parsed from its bytes, with strings of its own.</summary>
    private static Disbursed AsLogged(Disbursed entry) =>
        LedgerEntryParser.TryParse(entry.ToCanonicalJson(), out LedgerEntry? parsed, out string? error) && parsed is Disbursed disbursed
            ? disbursed
            : throw new InvalidOperationException(error);

    private static Disbursed Payment(int i, Currency eur, BeneficiaryPseudonym[] people)
    {
        int month = i / people.Length;
        DateTimeOffset time = Start.AddMonths(month).AddSeconds(i % people.Length);
        return new Disbursed(
            string.Create(CultureInfo.InvariantCulture, $"{ProgramId}/disb-{i:00000000}"), time, ProgramId, BudgetId, "t-1", people[i % people.Length],
            new Money(eur, 2_500 + (i % 1000)), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time));
    }

    private static (ReliefBudget Budget, BeneficiaryProgram Program, ulong Leaf) Open(Currency eur, BeneficiaryPseudonym[] people, bool logBacked, List<LedgerEntry>? log = null)
    {
        ReliefBudget budget = logBacked ? ReliefBudget.LogBacked(BudgetId) : new ReliefBudget(BudgetId);
        BeneficiaryProgram program = logBacked ? BeneficiaryProgram.LogBacked(ProgramId) : new BeneficiaryProgram(ProgramId);
        Action<LedgerEntry, ulong>? logged = log is null ? null : (entry, _) => log.Add(entry);
        ulong leaf = BenchmarkLedger.Open(budget, program, eur, programCap: 1_000_000, people, logged, logged);
        return (budget, program, leaf);
    }
}
