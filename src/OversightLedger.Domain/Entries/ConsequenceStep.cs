using System.Globalization;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// One step of a consequence ladder: the <see cref="FailedReviews"/>-th failed or missed review of the budget applies
/// <see cref="Action"/>. Written in the log as <c>"&lt;failedReviews&gt;:&lt;action&gt;"</c>, e.g. <c>"1:pause-next-tranche"</c>.
/// </summary>
public sealed record ConsequenceStep
{
    /// <summary>Creates a step.</summary>
    /// <exception cref="ArgumentException">The count is outside 1 to <see cref="ConsequenceLadder.MaxFailedReviews"/>, or the action is not defined.</exception>
    public ConsequenceStep(int failedReviews, ConsequenceAction action)
    {
        FailedReviews = failedReviews is >= 1 and <= ConsequenceLadder.MaxFailedReviews
            ? failedReviews
            : throw new ArgumentException($"a step answers the 1st to {ConsequenceLadder.MaxFailedReviews}th failed or missed review, not {failedReviews}", ConsequenceLadder.FieldName);
        Action = Enum.IsDefined(action) ? action : throw new ArgumentException("not a consequence action", ConsequenceLadder.FieldName);
    }

    /// <summary>Which failed or missed review of the budget (counted from its opening, from 1) triggers the step.</summary>
    public int FailedReviews { get; }

    /// <summary>What the step does.</summary>
    public ConsequenceAction Action { get; }

    /// <summary>The step as the log writes it: <c>"2:freeze-unreleased"</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FailedReviews}:{ConsequenceActions.NameOf(Action)}");

    /// <summary>Reads <c>"&lt;count&gt;:&lt;action&gt;"</c>: a count written canonically (no sign, no leading zero) and an action by name.</summary>
    /// <exception cref="ArgumentException">The text is not a step.</exception>
    public static ConsequenceStep Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string count = colon < 0 ? string.Empty : text[..colon];
        if (count.Length is 0 or > 4 || count[0] == '0' || !count.All(char.IsAsciiDigit)
            || !ConsequenceActions.TryParse(text[(colon + 1)..], out ConsequenceAction? action))
        {
            throw new ArgumentException(
                $"'{text}' is not a step: write '<failed reviews>:<action>', the action {ConsequenceActions.PauseNextTranche} or {ConsequenceActions.FreezeUnreleased}",
                ConsequenceLadder.FieldName);
        }

        return new ConsequenceStep(int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture), action.Value);
    }
}
