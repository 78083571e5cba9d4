namespace OversightLedger.Domain.Entries;

/// <summary>
/// A budget's graded consequences, fixed in its terms at opening (DESIGN §5.9): an ordered list of steps, each
/// "the n-th failed or missed review → this action", the counts strictly ascending. Step numbers are positions, from 1.
/// </summary>
/// <remarks>
/// The confirmed-finding rung (snap-back) is not a step here: it stays the budget's <see cref="BudgetOpened.SnapBackClasses"/>
/// and its <see cref="BudgetFrozen"/> entry, so there is one snap-back, not two.
/// </remarks>
public sealed class ConsequenceLadder : IEquatable<ConsequenceLadder>
{
    /// <summary>The JSON field of <see cref="BudgetOpened"/> that holds the ladder.</summary>
    public const string FieldName = "consequenceLadder";

    /// <summary>The most steps a ladder holds.</summary>
    public const int MaxSteps = 10;

    /// <summary>The highest failed-review count a step may name (ten years of monthly reviews).</summary>
    public const int MaxFailedReviews = ReviewCadences.MaxHorizonMonths;

    private readonly ConsequenceStep[] _steps;

    /// <summary>Creates a ladder.</summary>
    /// <exception cref="ArgumentException">No step, more than <see cref="MaxSteps"/>, a null step, or counts not strictly ascending.</exception>
    public ConsequenceLadder(IEnumerable<ConsequenceStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
        if (_steps.Length is 0 or > MaxSteps || Array.Exists(_steps, s => s is null))
        {
            throw new ArgumentException($"a consequence ladder has 1 to {MaxSteps} steps (leave it out for none)", FieldName);
        }

        for (int i = 1; i < _steps.Length; i++)
        {
            if (_steps[i].FailedReviews <= _steps[i - 1].FailedReviews)
            {
                throw new ArgumentException("the steps' failed-review counts must be strictly ascending", FieldName);
            }
        }
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<ConsequenceStep> Steps => _steps;

    /// <summary>Reads the steps as the log writes them.</summary>
    /// <exception cref="ArgumentException">A step is malformed or the ladder breaks a rule.</exception>
    public static ConsequenceLadder Parse(IEnumerable<string> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return new ConsequenceLadder(steps.Select(ConsequenceStep.Parse));
    }

    /// <summary>The step number (from 1) answering the <paramref name="failedReviews"/>-th failed or missed review; 0 when none.</summary>
    public int StepFor(int failedReviews) => Array.FindIndex(_steps, s => s.FailedReviews == failedReviews) + 1;

    /// <summary>Step <paramref name="step"/> (from 1), or null.</summary>
    public ConsequenceStep? Step(int step) => step >= 1 && step <= _steps.Length ? _steps[step - 1] : null;

    /// <inheritdoc/>
    public bool Equals(ConsequenceLadder? other) => other is not null && _steps.AsSpan().SequenceEqual(other._steps);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ConsequenceLadder);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        HashCode hash = default;
        foreach (ConsequenceStep step in _steps)
        {
            hash.Add(step);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"[{string.Join(", ", _steps.Select(s => s.ToString()))}]";
}
