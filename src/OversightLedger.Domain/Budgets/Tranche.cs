using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

using OversightLedger.Domain.Money;

/// <summary>
/// One tranche of a <see cref="ReliefBudget"/>, as the budget sees it now: its terms, the verifications of its
/// benchmarks, whether it is released, and its balances. Read-only to callers; the budget changes it when it applies
/// entries and takes or drops reservations.
/// </summary>
public sealed class Tranche
{
    private readonly Dictionary<string, BenchmarkVerified> _verifications = new(StringComparer.Ordinal);

    private readonly Dictionary<string, Benchmark> _benchmarks = new(StringComparer.Ordinal);

    internal Tranche(TrancheAdded added)
    {
        Added = added;
        foreach (string name in added.Benchmarks)
        {
            _benchmarks.Add(name, new Benchmark(name));
        }
    }

    /// <summary>The entry that added the tranche.</summary>
    public TrancheAdded Added { get; }

    /// <summary>The tranche id.</summary>
    public string Id => Added.Tranche;

    /// <summary>The planned amount: the most a release may be.</summary>
    public Money Amount => Added.Amount;

    /// <summary>Whether the tranche funds humanitarian-exempt activities.</summary>
    public bool IsHumanitarian => Added.Humanitarian;

    /// <summary>The benchmarks that must all be verified before release.</summary>
    public NameSet Benchmarks => Added.Benchmarks;

    /// <summary>Each benchmark's definition, verifications, decision and status, by benchmark id.</summary>
    public IReadOnlyDictionary<string, Benchmark> BenchmarkStates => _benchmarks;

    /// <summary>Whether every benchmark is met (DESIGN §5.9; a bare one by its one verification).</summary>
    public bool AreAllBenchmarksMet => _benchmarks.Values.All(b => b.Status == BenchmarkStatus.Met);

    /// <summary>The latest recorded verification of each verified benchmark, by benchmark id.</summary>
    public IReadOnlyDictionary<string, BenchmarkVerified> Verifications => _verifications;

    /// <summary>Whether every benchmark has a recorded verification.</summary>
    public bool AreAllBenchmarksVerified => Benchmarks.All(_verifications.ContainsKey);

    /// <summary>The release entry, once released.</summary>
    public TrancheReleased? Release { get; private set; }

    /// <summary>Whether the tranche is released.</summary>
    public bool IsReleased => Release is not null;

    /// <summary>The amount released (zero before release).</summary>
    public Money Released => new(Amount.Currency, ReleasedUnits);

    /// <summary>The amount held by in-flight reservations.</summary>
    public Money Reserved => new(Amount.Currency, ReservedUnits);

    /// <summary>The amount disbursed, net of reversals.</summary>
    public Money Disbursed => new(Amount.Currency, DisbursedUnits);

    /// <summary>What a new disbursement may still draw: released − (reserved + disbursed).</summary>
    public Money Available => new(Amount.Currency, AvailableUnits);

    internal long ReleasedUnits { get; private set; }

    internal long ReservedUnits { get; set; }

    internal long DisbursedUnits { get; set; }

    internal long AvailableUnits => checked(ReleasedUnits - ReservedUnits - DisbursedUnits);

    internal void RecordVerification(BenchmarkVerified verification, string? group)
    {
        _verifications[verification.Benchmark] = verification;
        _benchmarks[verification.Benchmark].Record(verification, group);
    }

    internal void RecordRelease(TrancheReleased release)
    {
        Release = release;
        ReleasedUnits = release.Amount.MinorUnits;
    }
}
