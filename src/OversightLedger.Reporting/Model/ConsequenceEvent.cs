using OversightLedger.Domain.Entries;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// A step of a budget's consequence ladder applied or lifted within the quarter (issue 15 item 3): an applied step names
/// the tranches it holds and the failed or missed review it answers; a lift names the passed review it relies on and the
/// owner's reason.
/// </summary>
/// <param name="Leaf">The entry's leaf index.</param>
/// <param name="Time">When it was recorded (UTC).</param>
/// <param name="Budget">The budget id.</param>
/// <param name="Event"><see cref="Applied"/> or <see cref="Lifted"/>.</param>
/// <param name="Step">The step's number in the ladder.</param>
/// <param name="Action">The step's action (<c>pause-next-tranche</c>, <c>freeze-unreleased</c>).</param>
/// <param name="Tranches">The tranches the step holds (those it held, for a lift).</param>
/// <param name="Review">The <c>ReviewClosed</c> entry id it answers (applied) or relies on (lifted).</param>
/// <param name="Reason">The owner's reason for a lift; null for an applied step.</param>
public sealed record ConsequenceEvent(ulong Leaf, DateTimeOffset Time, string Budget, string Event, int Step, string Action, NameSet Tranches, string Review, string? Reason)
{
    /// <summary>A step applied.</summary>
    public const string Applied = "applied";

    /// <summary>A step lifted by the owner.</summary>
    public const string Lifted = "lifted";
}
