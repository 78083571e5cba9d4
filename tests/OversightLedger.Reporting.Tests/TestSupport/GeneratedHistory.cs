using System.Globalization;
using static OversightLedger.Reporting.Tests.TestSupport.ScenarioLedger;

namespace OversightLedger.Reporting.Tests.TestSupport;

/// <summary>
/// A seeded random history around 2026-Q4: three budgets (EUR, USD, JPY) set up in Q3, four programs, a few hundred
/// disbursements from August 2026 to mid-January 2027 (so before, within and after the quarter), about one in ten
/// reversed three days later, and entries exactly on the quarter's boundaries. As each entry is written, what it
/// should add to each figure is added to <see cref="Tally"/>, by plain arithmetic on the generated amounts.
/// </summary>
internal sealed class GeneratedHistory
{
    public static readonly DateTimeOffset QuarterStart = Utc(2026, 10, 1, 0);
    public static readonly DateTimeOffset QuarterEnd = Utc(2027, 1, 1, 0);
    public static readonly DateTimeOffset Q3Release = Utc(2026, 8, 10);

    public static readonly IReadOnlyDictionary<string, int> Decimals = new Dictionary<string, int>
    {
        ["syria-eur"] = 2, ["yemen-usd"] = 2, ["sudan-jpy"] = 0,
    };

    public static readonly IReadOnlyDictionary<string, string> BudgetOf = new Dictionary<string, string>
    {
        ["cash-aleppo"] = "syria-eur", ["food-idlib"] = "syria-eur", ["cash-aden"] = "yemen-usd", ["cash-khartoum"] = "sudan-jpy",
    };

    private static readonly Dictionary<string, (string Currency, string Country, string Tranche)> Budgets = new()
    {
        ["syria-eur"] = ("EUR", "SY", "t1"), ["yemen-usd"] = ("USD", "YE", "u1"), ["sudan-jpy"] = ("JPY", "SD", "j1"),
    };

    private static readonly string[] Sectors = ["72010", "72040", "72050"];

    private readonly List<(DateTimeOffset Time, int Order, Func<ulong> Write, Action<ulong, bool> Count)> _timeline = [];

    public GeneratedHistory(int seed, int disbursements = 400)
    {
        var random = new Random(seed);
        Setup();
        for (int i = 0; i < disbursements; i++)
        {
            string program = BudgetOf.Keys.ElementAt(random.Next(BudgetOf.Count));
            string budget = BudgetOf[program];
            DateTimeOffset from = budget == "syria-eur" ? Q3Release.AddDays(1) : Utc(2026, 10, 5);
            DateTimeOffset at = from.AddSeconds(random.NextInt64((long)(Utc(2027, 1, 15) - from).TotalSeconds));
            long amount = budget == "sudan-jpy" ? random.Next(1000, 50_000) : random.Next(500, 20_000);
            string reference = $"{program}-HH-{random.Next(30)}";
            string sector = Sectors[random.Next(Sectors.Length)];
            string id = $"d-{i}";
            Disburse(id, program, reference, amount, sector, at);
            if (random.Next(10) == 0)
            {
                Reverse(id, program, amount, sector, at.AddDays(3));
            }
        }

        // Exactly on the boundaries: the last second of Q3, the first and last second of Q4, the first second of 2027.
        Disburse("edge-q3-last", "cash-aleppo", "cash-aleppo-HH-0", 101, "72010", Utc(2026, 9, 30, 23, 59, 59));
        Disburse("edge-q4-first", "cash-aleppo", "cash-aleppo-HH-1", 202, "72010", Utc(2026, 10, 1, 0, 0, 0));
        Disburse("edge-q4-last", "cash-aleppo", "cash-aleppo-HH-2", 303, "72010", Utc(2026, 12, 31, 23, 59, 59));
        Disburse("edge-2027-first", "cash-aleppo", "cash-aleppo-HH-3", 404, "72010", Utc(2027, 1, 1, 0, 0, 0));

        foreach ((DateTimeOffset time, _, Func<ulong> write, Action<ulong, bool> count) in _timeline.OrderBy(e => e.Time).ThenBy(e => e.Order))
        {
            ulong leaf = write();
            string era = time < QuarterStart ? "before" : time < QuarterEnd ? "in" : "after";
            Tally.Add("entries:" + era, 1);
            if (time < QuarterEnd)
            {
                count(leaf, time >= QuarterStart);
            }
        }
    }

    public ScenarioLedger Ledger { get; } = new();

    public Tally Tally { get; } = new();

    /// <summary>Leaf indices of named setup entries.</summary>
    public Dictionary<string, ulong> Leaf { get; } = new(StringComparer.Ordinal);

    /// <summary>The references paid within the quarter, per program.</summary>
    public Dictionary<string, HashSet<string>> Reached { get; } = BudgetOf.Keys.ToDictionary(p => p, _ => new HashSet<string>(StringComparer.Ordinal));

    private void Setup()
    {
        DateTimeOffset july = Utc(2026, 7, 1);
        At(july, () => Ledger.OpenBudget("syria-eur", "EUR", "SY", "72010", 100_000_000, july, "diversion"));
        At(july, () => Ledger.OpenBudget("yemen-usd", "USD", "YE", "72040", 80_000_000, july));
        At(july, () => Ledger.OpenBudget("sudan-jpy", "JPY", "SD", "72010", 50_000_000, july));
        foreach ((string program, string budget) in BudgetOf)
        {
            At(july, () => Ledger.OpenProgram(program, Budgets[budget].Currency, july));
            At(july, () => Ledger.List(budget, program, july));
            for (int i = 0; i < 30; i++)
            {
                string reference = $"{program}-HH-{i}";
                At(july.AddDays(6), () => Ledger.Enrol(program, reference, july.AddDays(6)), (_, _) => Tally.Add($"program:{program}:enrolled", 1));
            }
        }

        Receive("syria-eur", 50_000_000, Utc(2026, 7, 2));
        At(Utc(2026, 7, 3), () => Ledger.AddTranche("syria-eur", "t1", 20_000_000, true, Utc(2026, 7, 3), "b1"));
        At(Utc(2026, 7, 4), () => Ledger.AddTranche("syria-eur", "t2", 30_000_000, false, Utc(2026, 7, 4), "b2", "b3"));
        At(Utc(2026, 7, 5), () => Leaf["verify:b1"] = Ledger.Verify("syria-eur", "t1", "b1", Utc(2026, 7, 5)));
        Release("syria-eur", "t1", 20_000_000, Q3Release, "release:t1", "b1");
        At(Utc(2026, 7, 5), () => Ledger.AddTranche("yemen-usd", "u1", 25_000_000, false, Utc(2026, 7, 5)));
        At(Utc(2026, 7, 6), () => Ledger.AddTranche("yemen-usd", "k1", 5_000_000, false, Utc(2026, 7, 6), "kb"));
        At(Utc(2026, 7, 6), () => Ledger.AddTranche("sudan-jpy", "j1", 10_000_000, true, Utc(2026, 7, 6)));

        At(Utc(2026, 10, 2), () => Ledger.Verify("syria-eur", "t2", "b2", Utc(2026, 10, 2)));
        Receive("yemen-usd", 30_000_000, Utc(2026, 10, 3));
        Receive("sudan-jpy", 20_000_000, Utc(2026, 10, 3));
        Receive("syria-eur", 10_000_000, Utc(2026, 11, 15));
        Release("yemen-usd", "u1", 25_000_000, Utc(2026, 10, 4), "release:u1");
        Release("sudan-jpy", "j1", 10_000_000, Utc(2026, 10, 4), "release:j1");
        At(Utc(2026, 10, 5), () => Ledger.Verify("yemen-usd", "k1", "kb", Utc(2026, 10, 5)));
        Receive("yemen-usd", 1_000, Utc(2027, 1, 2)); // after the quarter: ignored
    }

    private void Receive(string budget, long amount, DateTimeOffset at) =>
        At(at, () => Ledger.Receive(budget, amount, at), (_, inQuarter) =>
        {
            Tally.Add($"budget:{budget}:end:received", amount);
            if (inQuarter)
            {
                Tally.Add($"budget:{budget}:q:received", amount);
                Tally.Add("incoming", 1);
            }
        });

    private void Release(string budget, string tranche, long amount, DateTimeOffset at, string name, params string[] verifications) =>
        At(at, () => Leaf[name] = Ledger.Release(budget, tranche, amount, at, verifications), (_, inQuarter) =>
        {
            Tally.Add($"budget:{budget}:end:released", amount);
            if (inQuarter)
            {
                Tally.Add($"budget:{budget}:q:released", amount);
            }
        });

    private void Disburse(string id, string program, string reference, long amount, string sector, DateTimeOffset at)
    {
        string budget = BudgetOf[program];
        (string currency, string country, string tranche) = Budgets[budget];
        At(at, () => Ledger.Disburse(id, program, budget, tranche, reference, amount, sector, at), (leaf, inQuarter) =>
        {
            Tally.Add($"budget:{budget}:end:disbursed", amount);
            Tally.Add($"tranche:{tranche}:end", amount);
            if (!inQuarter)
            {
                return;
            }

            string month = at.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            Tally.Add($"budget:{budget}:q:disbursed", amount);
            Tally.Add($"program:{program}:disbursed", amount);
            Reached[program].Add(reference);
            Tally.Mark($"sector:{sector}:{currency}");
            Tally.Add($"sector:{sector}:{currency}:disbursed", amount);
            Tally.Add($"country:{country}:disbursed", amount);
            Tally.Add($"month:{month}:{currency}:disbursed", amount);
            Tally.Mark($"aggregate:{budget}:{program}:{month}");
            Tally.Add($"aggregate:{budget}:{program}:{month}", amount);
            Tally.Add($"aggregate:{budget}:{program}:{month}:leaf", (long)leaf);
        });
    }

    private void Reverse(string disbursement, string program, long amount, string sector, DateTimeOffset at)
    {
        string budget = BudgetOf[program];
        (string currency, string country, string tranche) = Budgets[budget];
        At(at, () => Ledger.Reverse(disbursement, program, budget, tranche, amount, at), (_, inQuarter) =>
        {
            Tally.Add($"budget:{budget}:end:reversed", amount);
            Tally.Add($"tranche:{tranche}:end", -amount);
            if (!inQuarter)
            {
                return;
            }

            Tally.Add($"budget:{budget}:q:reversed", amount);
            Tally.Add($"program:{program}:reversed", amount);
            Tally.Mark($"sector:{sector}:{currency}");
            Tally.Add($"sector:{sector}:{currency}:reversed", amount);
            Tally.Add($"country:{country}:reversed", amount);
            Tally.Add($"month:{at.ToString("yyyy-MM", CultureInfo.InvariantCulture)}:{currency}:reversed", amount);
        });
    }

    private void At(DateTimeOffset time, Func<ulong> write, Action<ulong, bool>? count = null) =>
        _timeline.Add((time, _timeline.Count, write, count ?? ((_, _) => { })));
}
