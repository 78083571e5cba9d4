using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// One benchmark of a <see cref="Tranche"/>: its definition (none for a bare name), its verifications in log order, the
/// owner's decision, and the status they give. Read-only to callers; the budget changes it when it applies entries.
/// </summary>
/// <remarks>
/// <para>The status of a defined benchmark, precisely:</para>
/// <list type="number">
/// <item>Each verifier's <b>latest</b> verification counts (a verifier corrects itself by verifying again).</item>
/// <item>Contested: at least one counted value meets the target and at least one does not.</item>
/// <item>Otherwise pending until the counted verifications number at least <c>requiredVerifications</c> from at least
/// <c>requiredGroups</c> distinct groups; then met when every counted value meets the target, not met when none does.</item>
/// <item>An owner's <see cref="BenchmarkDecided"/> (recorded only while contested) sets the status to its outcome until a
/// later verification of the benchmark, which brings the computed status back: new evidence overtakes a decision.</item>
/// </list>
/// <para>A bare benchmark is met by its one verification, as before issue 15.</para>
/// </remarks>
public sealed class Benchmark
{
    private readonly List<BenchmarkVerification> _verifications = [];
    private readonly Dictionary<string, BenchmarkVerification> _latestByVerifier = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, BenchmarkReview> _reviews = [];

    internal Benchmark(string name) => Name = name;

    /// <summary>The benchmark id.</summary>
    public string Name { get; }

    /// <summary>Its definition; null for a bare benchmark.</summary>
    public BenchmarkDefined? Definition { get; private set; }

    /// <summary>Whether it has a definition (indicator, target, rule).</summary>
    public bool IsDefined => Definition is not null;

    /// <summary>Every recorded verification, in log order.</summary>
    public IReadOnlyList<BenchmarkVerification> Verifications => _verifications;

    /// <summary>The verifications that count: each verifier's latest, in the order of their verifiers' first verification.</summary>
    public IEnumerable<BenchmarkVerification> CountedVerifications => _latestByVerifier.Values;

    /// <summary>The owner's decision in force (null when none, or when a later verification overtook it).</summary>
    public BenchmarkDecided? Decision { get; private set; }

    /// <summary>The status (see the remarks).</summary>
    public BenchmarkStatus Status => Decision is { } decided ? (decided.Met ? BenchmarkStatus.Met : BenchmarkStatus.NotMet) : ComputedStatus;

    /// <summary>The status the counted verifications alone give.</summary>
    public BenchmarkStatus ComputedStatus
    {
        get
        {
            if (Definition is not { } definition)
            {
                return _verifications.Count > 0 ? BenchmarkStatus.Met : BenchmarkStatus.Pending;
            }

            // A defined benchmark's verifications always hold a value (the rules refuse one without).
            return BenchmarkRule.StatusOf(definition, _latestByVerifier.Values.Select(v => (v.Entry.Value ?? 0m, v.Group)));
        }
    }

    /// <summary>Whether a verification's value meets the target (a bare benchmark's verification always does).</summary>
    public bool Meets(BenchmarkVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return Definition is not { } definition
            || (verification.Entry.Value is { } value && definition.Direction.Meets(value, definition.Target));
    }

    /// <summary>The scheduled reviews the log has opened, by number.</summary>
    public IReadOnlyDictionary<int, BenchmarkReview> Reviews => _reviews;

    /// <summary>
    /// What the verifications dated inside <paramref name="window"/> give by <see cref="BenchmarkRule"/>, each verifier's
    /// latest such verification counting (in log order, as recorded so far): met, not met, contested, or pending (too few).
    /// </summary>
    public BenchmarkStatus StatusInWindow(ReviewWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (Definition is not { } definition)
        {
            return BenchmarkStatus.Pending;
        }

        Dictionary<string, BenchmarkVerification> latest = new(StringComparer.Ordinal);
        foreach (BenchmarkVerification verification in _verifications)
        {
            if (window.Contains(verification.Entry.VerifiedOn))
            {
                latest[verification.Entry.Verifier] = verification;
            }
        }

        return BenchmarkRule.StatusOf(definition, latest.Values.Select(v => (v.Entry.Value ?? 0m, v.Group)));
    }

    /// <summary>
    /// The outcome a review of <paramref name="window"/> closes with now: passed when its verifications meet the rule and
    /// the target, failed when they meet the rule and miss it, missed when there are too few (none, or too few verifiers or
    /// groups); null when they are contested (the review stays open until a further verification settles it).
    /// </summary>
    public ReviewOutcome? ReviewOutcomeOf(ReviewWindow window) => StatusInWindow(window) switch
    {
        BenchmarkStatus.Met => ReviewOutcome.Passed,
        BenchmarkStatus.NotMet => ReviewOutcome.Failed,
        BenchmarkStatus.Pending => ReviewOutcome.Missed,
        _ => null,
    };

    internal void Define(BenchmarkDefined definition) => Definition = definition;

    internal void OpenReview(ReviewOpened opened) => _reviews.Add(opened.Review, new BenchmarkReview(opened));

    internal void Record(BenchmarkVerified verified, string? group)
    {
        BenchmarkVerification verification = new(verified, group);
        _verifications.Add(verification);
        _latestByVerifier[verified.Verifier] = verification;
        Decision = null;
    }

    internal void Decide(BenchmarkDecided decided) => Decision = decided;
}
