using System.Security.Cryptography;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.Budgets;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Programs;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>A budget with released tranches and the programs that may draw on it, made by <see cref="LedgerScenarioBuilder"/>.</summary>
public sealed class LedgerScenario
{
    /// <summary>The budget's DAC purpose code (also the default sector of its disbursements).</summary>
    public const string Purpose = "72010";

    /// <summary>The SHA-256 of a benchmark's evidence.</summary>
    public const string Evidence = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly ProgramSecret Secret = ProgramSecret.FromBytes(SHA256.HashData("oversightledger ledger tests"u8));

    private static int s_nextId;
    private readonly List<string> _programIds = [];

    internal LedgerScenario(
        IGrainFactory grains, string key, string currency, string programCurrency, string cap, IReadOnlyList<ScenarioTranche> tranches, IReadOnlyList<string> beneficiaries)
    {
        Grains = grains;
        Key = key;
        Currency = currency;
        ProgramCurrency = programCurrency;
        Cap = cap;
        Tranches = tranches;
        Beneficiaries = beneficiaries;
    }

    public IGrainFactory Grains { get; }

    /// <summary>The prefix of every id of the scenario.</summary>
    public string Key { get; }

    public string Currency { get; }

    public string ProgramCurrency { get; }

    /// <summary>The cap per beneficiary per month of the scenario's programs.</summary>
    public string Cap { get; }

    public IReadOnlyList<ScenarioTranche> Tranches { get; }

    /// <summary>The pseudonyms enrolled in every program of the scenario.</summary>
    public IReadOnlyList<string> Beneficiaries { get; }

    public string BudgetId => $"b-{Key}";

    public IReliefBudgetGrain Budget => Grains.GetGrain<IReliefBudgetGrain>(BudgetId);

    /// <summary>The programs opened for the scenario, listed or not, in the order they were opened.</summary>
    public IReadOnlyList<string> ProgramIds
    {
        get
        {
            lock (_programIds)
            {
                return [.. _programIds];
            }
        }
    }

    /// <summary>The current payment period of a monthly program.</summary>
    public static string CurrentPeriod => DateTimeOffset.UtcNow.ToString("yyyy'-'MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The pseudonym of an agency reference under the tests' fixed program secret.</summary>
    public static string Pseudonym(string reference) => BeneficiaryPseudonym.Derive(Secret, reference).Value;

    /// <summary>The first program, or the one at <paramref name="index"/>, through the scenario's grain factory.</summary>
    public IBeneficiaryProgramGrain Program(int index = 0) => Grains.GetGrain<IBeneficiaryProgramGrain>(ProgramIds[index]);

    /// <summary>An id no other request of any test uses.</summary>
    public string NewId(string kind) => $"{Key}:{kind}-{Interlocked.Increment(ref s_nextId)}";

    /// <summary>The same scenario reached through another grain factory (e.g. the client of a restarted cluster).</summary>
    public LedgerScenario On(IGrainFactory grains)
    {
        var moved = new LedgerScenario(grains, Key, Currency, ProgramCurrency, Cap, Tranches, Beneficiaries);
        moved.Register(ProgramIds);
        return moved;
    }

    /// <summary>The entry id <paramref name="payment"/> is logged under when the program at <paramref name="program"/> disburses it.</summary>
    public string EntryIdOf(DisburseCommand payment, int program = 0) => EntryIds.Disbursement(ProgramIds[program], payment.DisbursementId);

    /// <summary>A disbursement from the scenario's budget to beneficiary <paramref name="beneficiary"/>, with a new id unless one is given.</summary>
    public DisburseCommand Payment(int beneficiary, string amount, string? tranche = null, string? modality = null, string? id = null, string? budget = null) =>
        new(id ?? NewId("d"), budget ?? BudgetId, tranche, Beneficiaries[beneficiary], Amounts.Of(amount), Sector: null, modality, Period: null);

    /// <summary>
    /// Opens a program for <paramref name="agency"/> in <paramref name="currency"/>, lists it on the budget when asked, and
    /// enrols the scenario's beneficiaries; returns its id.
    /// </summary>
    public async Task<string> OpenProgramAsync(string suffix, Actor agency, string currency, bool listOnBudget)
    {
        string programId = await OpenUnregisteredProgramAsync(suffix, agency, currency, listOnBudget);
        Register([programId]);
        return programId;
    }

    /// <summary>Opens, lists and fills a program like <see cref="OpenProgramAsync"/>, leaving it out of <see cref="ProgramIds"/>.</summary>
    internal async Task<string> OpenUnregisteredProgramAsync(string suffix, Actor agency, string currency, bool listOnBudget)
    {
        string programId = $"p-{Key}-{suffix}";
        IBeneficiaryProgramGrain program = Grains.GetGrain<IBeneficiaryProgramGrain>(programId);
        LedgerScenarioBuilder.Require(await program.OpenAsync(agency, new OpenProgramCommand($"{Key}:program-opened:{programId}", currency, Amounts.Of(Cap), "month")));
        if (listOnBudget)
        {
            LedgerScenarioBuilder.Require(await Budget.ListProgramAsync(LedgerActors.Donor, new ListProgramCommand($"{Key}:program-eligible:{programId}", programId)));
        }

        await Task.WhenAll(Beneficiaries.Select((beneficiary, i) =>
            EnrolAsync(program, agency, $"{Key}:enrolled:{programId}:{i}", beneficiary)));
        return programId;
    }

    /// <summary>Adds programs to <see cref="ProgramIds"/>, in order.</summary>
    internal void Register(IEnumerable<string> programIds)
    {
        lock (_programIds)
        {
            _programIds.AddRange(programIds);
        }
    }

    private static async Task EnrolAsync(IBeneficiaryProgramGrain program, Actor agency, string entryId, string beneficiary) =>
        LedgerScenarioBuilder.Require(await program.EnrollAsync(agency, new EnrollCommand(entryId, beneficiary)));
}
