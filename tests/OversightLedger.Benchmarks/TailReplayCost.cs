using System.Diagnostics;
using System.Globalization;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Issue 17: where the time of a grain's activation goes, stage by stage, without a server. Writes the entries of one
/// budget and one log-backed program (opened, B beneficiaries enrolled) and N disbursements as their log bytes, then times
/// parsing them, the program's and the budget's replays of them (<see cref="LedgerReplay.ForProgram(BeneficiaryProgram)"/>,
/// <see cref="LedgerReplay.ForBudget(ReliefBudget)"/>) and the snapshots' write and restore at that size. Run with
/// <c>dotnet run -c Release --project tests/OversightLedger.Benchmarks -- tail-replay 100000 1000</c>.
/// </summary>
internal static class TailReplayCost
{
    private const string BudgetId = BenchmarkLedger.BudgetId;
    private const string ProgramId = BenchmarkLedger.ProgramId;
    private static readonly DateTimeOffset Start = BenchmarkLedger.Start;

    public static int Run(TextWriter output, int disbursements, int beneficiaries)
    {
        Currency usd = Currency.Parse("USD");
        BeneficiaryPseudonym[] people = BenchmarkLedger.People(beneficiaries);
        var budgetPrefix = new List<(ulong, byte[])>();
        var programPrefix = new List<(ulong, byte[])>();
        ulong leaf = BenchmarkLedger.Open(
            new ReliefBudget(BudgetId), new BeneficiaryProgram(ProgramId), usd, programCap: 1_000_000_000_00, people,
            toBudget: (entry, at) => budgetPrefix.Add((at, entry.ToCanonicalJson())), toProgram: (entry, at) => programPrefix.Add((at, entry.ToCanonicalJson())));
        var tail = new List<(ulong LeafIndex, byte[] Entry)>(disbursements);
        for (int i = 0; i < disbursements; i++)
        {
            DateTimeOffset time = Start.AddSeconds(i / 1000);
            var entry = new Disbursed(
                string.Create(CultureInfo.InvariantCulture, $"{ProgramId}/f-0123abcd-{i / 100_000}-{i % 100_000}"), time, ProgramId, BudgetId, "t-1", people[i % people.Length],
                new Money(usd, 100), "72010", "cash", PaymentPeriod.Of(CapPeriod.Month, time));
            tail.Add((leaf++, entry.ToCanonicalJson()));
        }

        output.WriteLine($"{disbursements:N0} disbursements to {beneficiaries:N0} beneficiaries, {tail.Sum(t => t.Entry.Length) / disbursements} bytes each");
        for (int round = 0; round < 3; round++)
        {
            output.WriteLine($"round {round + 1}");
            Time(output, "parse", disbursements, () => tail.ForEach(t => LedgerEntryParser.Parse(t.Entry)));
            BeneficiaryProgram program = null!;
            Time(output, "program replay (parse, check, apply)", disbursements, () =>
            {
                BeneficiaryProgram state = LedgerReplay.ForProgram(BeneficiaryProgram.LogBacked(ProgramId)).ApplyAll(programPrefix).Programs[ProgramId];
                program = LedgerReplay.ForProgram(state).ApplyAll(tail).Programs[ProgramId];
            });
            ReliefBudget budget = null!;
            Time(output, "budget replay (parse, check, apply)", disbursements, () =>
            {
                ReliefBudget state = LedgerReplay.ForBudget(BudgetId).ApplyAll(budgetPrefix).Budgets[BudgetId];
                budget = LedgerReplay.ForBudget(state).ApplyAll(tail).Budgets[BudgetId];
            });
            program.MarkAppliedBelow(leaf);
            byte[] programSnapshot = [];
            byte[] budgetSnapshot = [];
            Time(output, "program snapshot write", disbursements, () => programSnapshot = program.ToSnapshot(leaf));
            program.ForgetDisbursementsBefore(leaf);
            Time(output, "program snapshot restore", disbursements, () => BeneficiaryProgram.FromLogBackedSnapshot(ProgramId, programSnapshot));
            Time(output, "budget snapshot write", disbursements, () => budgetSnapshot = budget.ToSnapshot());
            Time(output, "budget snapshot restore", disbursements, () => ReliefBudget.FromSnapshot(BudgetId, budgetSnapshot));
            output.WriteLine($"  snapshots: program {programSnapshot.Length:N0} B, budget {budgetSnapshot.Length:N0} B");
        }

        return 0;
    }

    private static void Time(TextWriter output, string stage, int count, Action action)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        clock.Stop();
        TimeSpan used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {stage}: {clock.Elapsed.TotalMilliseconds:N0} ms wall, {used.TotalMilliseconds:N0} ms CPU, {clock.Elapsed.TotalMicroseconds / count:0.00} µs per disbursement"));
    }
}
