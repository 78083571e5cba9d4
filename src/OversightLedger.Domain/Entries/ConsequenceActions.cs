using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Entries;

/// <summary>The names of <see cref="ConsequenceAction"/> as entries and the API write them; names only, never numbers.</summary>
public static class ConsequenceActions
{
    /// <summary><c>pause-next-tranche</c>.</summary>
    public const string PauseNextTranche = "pause-next-tranche";

    /// <summary><c>freeze-unreleased</c>.</summary>
    public const string FreezeUnreleased = "freeze-unreleased";

    /// <summary>The name of an action.</summary>
    public static string NameOf(ConsequenceAction action) => action switch
    {
        ConsequenceAction.PauseNextTranche => PauseNextTranche,
        ConsequenceAction.FreezeUnreleased => FreezeUnreleased,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not a consequence action"),
    };

    /// <summary>The action of a name (exactly one of the names above); false for anything else, a number included.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ConsequenceAction? action)
    {
        action = name switch
        {
            PauseNextTranche => ConsequenceAction.PauseNextTranche,
            FreezeUnreleased => ConsequenceAction.FreezeUnreleased,
            _ => null,
        };
        return action is not null;
    }
}
