using System.Globalization;
using OversightLedger.Domain.Budgets;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;
using OversightLedger.Server.Tests.TestSupport;

namespace OversightLedger.Server.Tests.Ledger;

/// <summary>
/// The ring-fence against hostile interleavings (DESIGN §5.1, §5.8): several donors and agencies open programs, list
/// them (existing or not, in the budget's currency or not, on budgets they own or not) and pay from every budget at
/// random, in concurrent waves, through the grains of the test cluster. Afterwards the log, replayed as a whole with
/// <see cref="LedgerReplay"/>, shows no violation, and every Disbursed entry of these budgets is of a program its
/// budget's owner listed before, pinned to the agency that opened it.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Cluster)]
[Collection(LedgerClusterCollection.Name)]
public sealed class RingFencePropertyTests(LedgerClusterFixture fixture)
{
    private const int Waves = 16;
    private const int ActsPerWave = 12;

    private static readonly Actor[] Donors = [new("donor:rf-0", IsAdmin: false), new("donor:rf-1", IsAdmin: false)];

    private static readonly Actor[] Agencies = [new("agency:rf-0", IsAdmin: false), new("agency:rf-1", IsAdmin: false), new("agency:rf-2", IsAdmin: false)];

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    [InlineData(4242)]
    public async Task Money_leaves_a_budget_only_for_a_program_its_owner_listed_run_by_the_agency_listed(int seed)
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        var random = new Random(seed);
        string key = $"rf{seed}-{Guid.NewGuid():N}"[..16];
        IReadOnlyList<IGrainFactory> ways = fixture.GrainFactories;

        // Budgets: one per donor in EUR, and one in USD; each with a released tranche.
        var budgets = new List<(string Id, Actor Owner)>();
        for (int b = 0; b < 3; b++)
        {
            Actor owner = Donors[b % Donors.Length];
            string budgetId = $"{key}-b{b}";
            await OpenBudgetAsync(fixture.Client.GetGrain<IReliefBudgetGrain>(budgetId), owner, b == 2 ? "USD" : "EUR", $"{key}:b{b}");
            budgets.Add((budgetId, owner));
        }

        string[] programs = [.. Enumerable.Range(0, 6).Select(p => $"{key}-p{p}")];
        string[] beneficiaries = [.. Enumerable.Range(0, 4).Select(i => LedgerScenario.Pseudonym($"{key}-person-{i}"))];
        int nextId = 0;
        string NewId(string kind) => $"{key}:{kind}-{Interlocked.Increment(ref nextId)}";

        var listings = new List<(Actor Donor, Actor Owner, Task<LedgerResult> Result)>();
        for (int wave = 0; wave < Waves; wave++)
        {
            var acts = new List<Task<LedgerResult>>();
            for (int a = 0; a < ActsPerWave; a++)
            {
                IGrainFactory grains = ways[random.Next(ways.Count)];
                // Mostly the acts that make money move (each program has an agency and a currency it is meant to have),
                // and often the hostile ones: another agency, another currency, another donor, a program not open yet.
                int p = random.Next(programs.Length);
                string program = programs[p];
                (string budget, Actor owner) = budgets[random.Next(budgets.Count)];
                Actor agency = random.Next(4) == 0 ? Agencies[random.Next(Agencies.Length)] : Agencies[p % Agencies.Length];
                Actor donor = random.Next(4) == 0 ? Donors[random.Next(Donors.Length)] : owner;
                string currency = (p == programs.Length - 1) ^ (random.Next(6) == 0) ? "USD" : "EUR";
                string beneficiary = beneficiaries[random.Next(beneficiaries.Length)];
                string amount = (1 + random.Next(20)).ToString(CultureInfo.InvariantCulture) + ".00";
                switch (random.Next(20))
                {
                    case < 3:
                        acts.Add(Task.Run(() => grains.GetGrain<IBeneficiaryProgramGrain>(program).OpenAsync(agency, new OpenProgramCommand(NewId("open"), currency, Amounts.Of("1000.00"), "month")), cancellationToken));
                        break;
                    case < 7:
                        Task<LedgerResult> listing = Task.Run(() => grains.GetGrain<IReliefBudgetGrain>(budget).ListProgramAsync(donor, new ListProgramCommand(NewId("list"), program)), cancellationToken);
                        listings.Add((donor, owner, listing));
                        acts.Add(listing);
                        break;
                    case < 11:
                        acts.Add(Task.Run(() => grains.GetGrain<IBeneficiaryProgramGrain>(program).EnrollAsync(agency, new EnrollCommand(NewId("enrol"), beneficiary)), cancellationToken));
                        break;
                    default:
                        var payment = new DisburseCommand(NewId("pay"), budget, Tranche: null, beneficiary, Amounts.Of(amount), Sector: null, Modality: null, Period: null);
                        acts.Add(Task.Run(() => grains.GetGrain<IBeneficiaryProgramGrain>(program).DisburseAsync(agency, payment), cancellationToken));
                        break;
                }
            }

            await Task.WhenAll(acts);
        }

        ulong size = await fixture.TreeSizeAsync();
        byte[][] leaves = await fixture.LogFiles.ReadAllAsync(size, cancellationToken);

        // The whole log through the auditor's replay: no entry that concerns these budgets or programs breaks a rule.
        LedgerReplay replay = new();
        var mine = new HashSet<ulong>();
        var entries = new Dictionary<ulong, LedgerEntry>();
        for (ulong leaf = 0; leaf < size; leaf++)
        {
            replay.Apply(leaf, leaves[leaf]);
            if (LedgerEntryParser.TryParse(leaves[leaf], out LedgerEntry? entry, out _) && IsOfThisRun(entry, key))
            {
                mine.Add(leaf);
                entries[leaf] = entry;
            }
        }

        Assert.DoesNotContain(replay.Violations, v => mine.Contains(v.LeafIndex));

        // The property, leaf by leaf: a payment is of a program listed on its budget earlier, by the budget's owner (the
        // only key whose listings are logged), pinned to the agency that opened the program.
        var opened = new Dictionary<string, ProgramOpened>(StringComparer.Ordinal);
        var listed = new Dictionary<(string Budget, string Program), ProgramEligible>();
        int payments = 0;
        foreach ((ulong leaf, LedgerEntry entry) in entries.OrderBy(e => e.Key))
        {
            switch (entry)
            {
                case ProgramOpened open:
                    Assert.True(opened.TryAdd(open.Program, open), $"leaf {leaf}: {open.Program} opened twice");
                    break;
                case ProgramEligible eligible:
                    Assert.True(opened.TryGetValue(eligible.Program, out ProgramOpened? program), $"leaf {leaf}: {eligible.Program} listed before it was opened");
                    Assert.Equal(program.Agency, eligible.Agency);
                    Assert.Equal(program.Currency, replay.Budgets[eligible.Budget].Currency);
                    listed.Add((eligible.Budget, eligible.Program), eligible);
                    break;
                case Disbursed paid:
                    payments++;
                    Assert.True(listed.TryGetValue((paid.Budget, paid.Program), out ProgramEligible? listing), $"leaf {leaf}: {paid.Id} paid by an unlisted program");
                    Assert.Equal(opened[paid.Program].Agency, listing.Agency);
                    break;
            }
        }

        // Only the budget's owner listed: every listing by another donor was refused.
        Assert.All(listings.Where(l => l.Result.Result.Accepted), l => Assert.Equal(l.Owner, l.Donor));

        // The run did something (money moved), and the replay's balances are the payments' sums, budget by budget.
        Assert.True(payments > 0, $"seed {seed}: no payment went through");
        foreach ((string budget, _) in budgets)
        {
            long paid = entries.Values.OfType<Disbursed>().Where(d => d.Budget == budget).Sum(d => d.Amount.MinorUnits);
            Assert.Equal(paid, replay.Budgets[budget].Disbursed.MinorUnits);
        }
    }

    private static async Task OpenBudgetAsync(IReliefBudgetGrain budget, Actor owner, string currency, string prefix)
    {
        LedgerScenarioBuilder.Require(await budget.OpenAsync(owner, new OpenBudgetCommand($"{prefix}:open", "donor-org", LedgerScenario.Purpose, "SD", currency, Amounts.Of("5000.00"), [])));
        LedgerScenarioBuilder.Require(await budget.ReceiveFundsAsync(owner, new ReceiveFundsCommand($"{prefix}:funds", Amounts.Of("5000.00"), "wire-1")));
        LedgerScenarioBuilder.Require(await budget.AddTrancheAsync(owner, new AddTrancheCommand($"{prefix}:tranche", "t1", Amounts.Of("5000.00"), false, [])));
        LedgerScenarioBuilder.Require(await budget.ReleaseTrancheAsync(owner, new ReleaseTrancheCommand($"{prefix}:release", "t1", Amounts.Of("5000.00"))));
    }

    /// <summary>The run's own entries: ids it chose (a disbursement's entry id is scoped to its program) or its programs' payments.</summary>
    private static bool IsOfThisRun(LedgerEntry entry, string key) =>
        entry.Id.StartsWith(key + ":", StringComparison.Ordinal) || (entry is Disbursed paid && paid.Program.StartsWith(key + "-", StringComparison.Ordinal));
}
