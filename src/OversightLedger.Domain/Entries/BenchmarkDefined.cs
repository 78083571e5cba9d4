using System.Globalization;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The budget owner gives one of a tranche's benchmarks a measurable definition and a verification rule:
/// <c>baseline, benchmark, budget, direction, dueOn, indicator, requiredGroups, requiredVerifications, reviewCadence (optional),
/// reviewCount (optional), target, tranche, unit</c>.
/// </summary>
/// <remarks>
/// A benchmark without this entry is a bare name, as before: one verification by any independent verifier meets it.
/// The entry follows the tranche's <see cref="TrancheAdded"/> (one per defined benchmark) rather than extending it, so
/// that every TrancheAdded ever written keeps its bytes, and an auditor's older reader still reads the tranche.
/// </remarks>
public sealed record BenchmarkDefined : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "BenchmarkDefined";

    /// <summary>The most verifications a rule may require.</summary>
    public const int MaxRequiredVerifications = 16;

    /// <summary>Creates the entry.</summary>
    /// <exception cref="ArgumentException">A field is malformed; the parameter name is the JSON field.</exception>
    public BenchmarkDefined(
        string id, DateTimeOffset time, string budget, string tranche, string benchmark, string indicator, string unit, decimal baseline,
        decimal target, TargetDirection direction, DateOnly dueOn, int requiredVerifications, int requiredGroups,
        ReviewCadence? reviewCadence = null, int? reviewCount = null)
        : base(id, time)
    {
        Budget = FieldFormat.Identifier(budget, nameof(budget));
        Tranche = FieldFormat.Identifier(tranche, nameof(tranche));
        Benchmark = FieldFormat.Identifier(benchmark, nameof(benchmark));
        Indicator = FieldFormat.Text(indicator, nameof(indicator));
        Unit = FieldFormat.Identifier(unit, nameof(unit));
        Baseline = IndicatorValue.Checked(baseline, nameof(baseline));
        Target = IndicatorValue.Checked(target, nameof(target));
        Direction = Enum.IsDefined(direction) ? direction : throw new ArgumentException("'direction' must be at-least or at-most", nameof(direction));
        DueOn = dueOn;
        RequiredVerifications = requiredVerifications is >= 1 and <= MaxRequiredVerifications
            ? requiredVerifications
            : throw new ArgumentException($"'requiredVerifications' must be from 1 to {MaxRequiredVerifications}", nameof(requiredVerifications));
        RequiredGroups = requiredGroups >= 1 && requiredGroups <= requiredVerifications
            ? requiredGroups
            : throw new ArgumentException("'requiredGroups' must be from 1 to 'requiredVerifications'", nameof(requiredGroups));
        if (reviewCadence is null != reviewCount is null)
        {
            throw new ArgumentException("'reviewCadence' and 'reviewCount' go together: both or neither", reviewCadence is null ? nameof(reviewCadence) : nameof(reviewCount));
        }

        if (reviewCadence is { } cadence)
        {
            ReviewCadence = Enum.IsDefined(cadence) ? cadence : throw new ArgumentException("'reviewCadence' must be monthly or quarterly", nameof(reviewCadence));
            ReviewCount = reviewCount is { } count && count >= 1 && count <= cadence.MaxReviews()
                ? count
                : throw new ArgumentException(
                    $"'reviewCount' must be from 1 to {cadence.MaxReviews().ToString(CultureInfo.InvariantCulture)} for {ReviewCadences.NameOf(cadence)} reviews (a horizon of at most {ReviewCadences.MaxHorizonMonths / 12} years)",
                    nameof(reviewCount));
        }
    }

    /// <summary>The budget id.</summary>
    public string Budget { get; }

    /// <summary>The tranche id.</summary>
    public string Tranche { get; }

    /// <summary>The benchmark id, one of the tranche's benchmarks.</summary>
    public string Benchmark { get; }

    /// <summary>What is measured, in words (no personal data).</summary>
    public string Indicator { get; }

    /// <summary>The unit of the baseline, target and measured values (e.g. <c>percent</c>, <c>persons</c>, <c>days</c>).</summary>
    public string Unit { get; }

    /// <summary>The value when the benchmark was set.</summary>
    public decimal Baseline { get; }

    /// <summary>The value to reach.</summary>
    public decimal Target { get; }

    /// <summary>Whether a measured value must be at least or at most the target.</summary>
    public TargetDirection Direction { get; }

    /// <summary>The date by which the target should be met; the first review's window opens on it.</summary>
    public DateOnly DueOn { get; }

    /// <summary>How many verifiers' values must be counted (each verifier's latest).</summary>
    public int RequiredVerifications { get; }

    /// <summary>From how many distinct verifier groups they must come.</summary>
    public int RequiredGroups { get; }

    /// <summary>How often the benchmark is reviewed after its due date; null when it requires no sustained compliance.</summary>
    public ReviewCadence? ReviewCadence { get; }

    /// <summary>How many reviews the schedule holds; null exactly when <see cref="ReviewCadence"/> is.</summary>
    public int? ReviewCount { get; }

    /// <summary>Every review of the schedule, in order (none without a cadence).</summary>
    public IEnumerable<ReviewWindow> ReviewWindows =>
        Enumerable.Range(1, ReviewCount ?? 0).Select(number => ReviewWindowOf(number)!);

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary>
    /// Review <paramref name="number"/> (from 1): its window opens <c>(number − 1) × cadence</c> months after the due date
    /// and closes the day before the next one opens. Null when there is no such review in the schedule.
    /// </summary>
    public ReviewWindow? ReviewWindowOf(int number)
    {
        if (ReviewCadence is not { } cadence || number < 1 || number > ReviewCount)
        {
            return null;
        }

        int months = cadence.MonthsOf();
        return new ReviewWindow(number, DueOn.AddMonths((number - 1) * months), DueOn.AddMonths(number * months).AddDays(-1));
    }

    /// <summary>
    /// How many whole reviews of <paramref name="cadence"/> from <paramref name="dueOn"/> close on or before
    /// <paramref name="until"/> (a horizon given as an end date); 0 when the first one closes after it.
    /// </summary>
    public static int ReviewsUntil(ReviewCadence cadence, DateOnly dueOn, DateOnly until)
    {
        int months = cadence.MonthsOf();
        int count = 0;
        while (count <= cadence.MaxReviews() && dueOn.AddMonths((count + 1) * months).AddDays(-1) <= until)
        {
            count++;
        }

        return count;
    }

    internal override void WriteFields(CanonicalJsonWriter json)
    {
        json
        .WriteString("budget", Budget)
        .WriteString("tranche", Tranche)
        .WriteString("benchmark", Benchmark)
        .WriteString("indicator", Indicator)
        .WriteString("unit", Unit)
        .WriteString("baseline", IndicatorValue.Format(Baseline))
        .WriteString("target", IndicatorValue.Format(Target))
        .WriteString("direction", TargetDirections.NameOf(Direction))
        .WriteString("dueOn", EntryTime.Format(DueOn))
        .WriteInteger("requiredVerifications", RequiredVerifications)
        .WriteInteger("requiredGroups", RequiredGroups);
        if (ReviewCadence is { } cadence)
        {
            json.WriteString("reviewCadence", ReviewCadences.NameOf(cadence)).WriteInteger("reviewCount", ReviewCount!.Value);
        }
    }

    internal static BenchmarkDefined Read(EntryFieldReader fields)
    {
        string directionName = fields.ReadString("direction");
        if (!TargetDirections.TryParse(directionName, out TargetDirection? direction))
        {
            throw new FormatException($"field 'direction': '{directionName}' is not at-least or at-most");
        }

        ReviewCadence? cadence = null;
        if (fields.ReadOptionalString("reviewCadence") is { } cadenceName)
        {
            cadence = ReviewCadences.TryParse(cadenceName, out ReviewCadence? parsed)
                ? parsed
                : throw new FormatException($"field 'reviewCadence': '{cadenceName}' is not monthly or quarterly");
        }

        long? reviewCount = fields.ReadOptionalInteger("reviewCount");
        if (cadence is null != reviewCount is null)
        {
            throw new FormatException("fields 'reviewCadence' and 'reviewCount' go together: both or neither");
        }

        if (reviewCount is < 1 or > ReviewCadences.MaxHorizonMonths)
        {
            throw new FormatException($"field 'reviewCount' must be from 1 to {cadence!.Value.MaxReviews().ToString(CultureInfo.InvariantCulture)}");
        }

        return new(
            fields.Id, fields.Time, fields.ReadString("budget"), fields.ReadString("tranche"), fields.ReadString("benchmark"),
            fields.ReadString("indicator"), fields.ReadString("unit"), fields.ReadIndicatorValue("baseline"), fields.ReadIndicatorValue("target"),
            direction.Value, fields.ReadDate("dueOn"), ReadCount(fields, "requiredVerifications"), ReadCount(fields, "requiredGroups"),
            cadence, (int?)reviewCount);
    }

    private static int ReadCount(EntryFieldReader fields, string name)
    {
        long count = fields.ReadInteger(name);
        return count is >= 1 and <= MaxRequiredVerifications
            ? (int)count
            : throw new FormatException($"field '{name}' must be from 1 to {MaxRequiredVerifications.ToString(CultureInfo.InvariantCulture)}");
    }
}
