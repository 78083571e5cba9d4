using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>
/// Sets up a budget and its programs through the grain interfaces, as the API would: the donor <c>donor:d1</c> opens
/// the budget, receives funds, adds each tranche with one benchmark, <c>watchdog:w1</c> verifies it, the donor releases
/// it; the agency <c>agency:a1</c> opens the programs, the donor lists them as eligible, and the agency enrols the
/// beneficiaries (pseudonyms derived under one fixed program secret). Every id is unique to the scenario.
/// </summary>
public sealed class LedgerScenarioBuilder(IGrainFactory grains, string name)
{
    private readonly List<ScenarioTranche> _tranches = [];
    private string _currency = "EUR";
    private string? _programCurrency;
    private string _funds = "100000.00";
    private string _cap = "100.00";
    private string _country = "SD";
    private int _programs = 1;
    private int _beneficiaries = 3;
    private string[] _snapBackClasses = ["diversion"];
    private string[]? _consequenceLadder;

    /// <summary>The budget's recipient country (default SD).</summary>
    public LedgerScenarioBuilder WithCountry(string country)
    {
        _country = country;
        return this;
    }

    /// <summary>The budget's currency (default EUR).</summary>
    public LedgerScenarioBuilder WithCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    /// <summary>The programs' currency (default: the budget's).</summary>
    public LedgerScenarioBuilder WithProgramCurrency(string currency)
    {
        _programCurrency = currency;
        return this;
    }

    /// <summary>The amount pledged and received (default 100000.00); only released tranches can be spent.</summary>
    public LedgerScenarioBuilder WithFunds(string amount)
    {
        _funds = amount;
        return this;
    }

    /// <summary>Adds a released tranche (default: one tranche <c>t1</c> of 1000.00, not humanitarian).</summary>
    public LedgerScenarioBuilder WithTranche(string id, string amount, bool humanitarian = false)
    {
        _tranches.Add(new ScenarioTranche(id, amount, humanitarian));
        return this;
    }

    /// <summary>The number of programs listed on the budget (default 1).</summary>
    public LedgerScenarioBuilder WithPrograms(int count)
    {
        _programs = count;
        return this;
    }

    /// <summary>The number of beneficiaries enrolled in every program (default 3).</summary>
    public LedgerScenarioBuilder WithBeneficiaries(int count)
    {
        _beneficiaries = count;
        return this;
    }

    /// <summary>The finding classes the budget's terms name for snap-back (default: diversion).</summary>
    public LedgerScenarioBuilder WithSnapBackClasses(params string[] classes)
    {
        _snapBackClasses = classes;
        return this;
    }

    /// <summary>The consequence ladder of the budget's terms, as the log writes its steps (default: none).</summary>
    public LedgerScenarioBuilder WithConsequenceLadder(params string[] steps)
    {
        _consequenceLadder = steps;
        return this;
    }

    /// <summary>The cap per beneficiary per month (default 100.00).</summary>
    public LedgerScenarioBuilder WithCap(string capPerMonth)
    {
        _cap = capPerMonth;
        return this;
    }

    public async Task<LedgerScenario> BuildAsync()
    {
        string key = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];
        ScenarioTranche[] tranches = _tranches.Count > 0 ? [.. _tranches] : [new ScenarioTranche("t1", "1000.00", Humanitarian: false)];
        var scenario = new LedgerScenario(
            grains, key, _currency, _programCurrency ?? _currency, _cap, tranches,
            [.. Enumerable.Range(0, _beneficiaries).Select(i => LedgerScenario.Pseudonym($"{key}-person-{i}"))]);

        IReliefBudgetGrain budget = scenario.Budget;
        Actor donor = LedgerActors.Donor;
        Require(await budget.OpenAsync(donor, new OpenBudgetCommand(
            $"{key}:budget-opened", "donor-org-1", LedgerScenario.Purpose, _country, _currency, Amounts.Of(_funds), _snapBackClasses, _consequenceLadder)));
        Require(await budget.ReceiveFundsAsync(donor, new ReceiveFundsCommand($"{key}:funds-received", Amounts.Of(_funds), "wire-1")));
        foreach (ScenarioTranche tranche in tranches)
        {
            Require(await budget.AddTrancheAsync(donor, new AddTrancheCommand(
                $"{key}:tranche-added:{tranche.Id}", tranche.Id, Amounts.Of(tranche.Amount), tranche.Humanitarian, [tranche.Benchmark])));
            Require(await budget.VerifyBenchmarkAsync(LedgerActors.Watchdog, new VerifyBenchmarkCommand(
                $"{key}:benchmark-verified:{tranche.Id}", tranche.Id, tranche.Benchmark, LedgerScenario.Evidence, new DateOnly(2026, 1, 15))));
            Require(await budget.ReleaseTrancheAsync(donor, new ReleaseTrancheCommand($"{key}:tranche-released:{tranche.Id}", tranche.Id, Amounts.Of(tranche.Amount))));
        }

        scenario.Register(await Task.WhenAll(Enumerable.Range(0, _programs).Select(i =>
            scenario.OpenUnregisteredProgramAsync($"p{i}", LedgerActors.Agency, scenario.ProgramCurrency, listOnBudget: true))));
        return scenario;
    }

    internal static void Require(LedgerResult result)
    {
        if (!result.Accepted)
        {
            throw new InvalidOperationException($"Setting up the scenario failed: {result.RejectionCode}: {result.Message}");
        }
    }
}
