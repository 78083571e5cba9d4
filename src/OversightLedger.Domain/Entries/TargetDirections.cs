using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Entries;

/// <summary>The names of <see cref="TargetDirection"/> as entries and the API write them; names only, never numbers.</summary>
public static class TargetDirections
{
    /// <summary><c>at-least</c>.</summary>
    public const string AtLeast = "at-least";

    /// <summary><c>at-most</c>.</summary>
    public const string AtMost = "at-most";

    /// <summary>The name of a direction.</summary>
    public static string NameOf(TargetDirection direction) => direction switch
    {
        TargetDirection.AtLeast => AtLeast,
        TargetDirection.AtMost => AtMost,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "not a direction"),
    };

    /// <summary>The direction of a name (exactly <c>at-least</c> or <c>at-most</c>); false for anything else, a number included.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out TargetDirection? direction)
    {
        direction = name switch
        {
            AtLeast => TargetDirection.AtLeast,
            AtMost => TargetDirection.AtMost,
            _ => null,
        };
        return direction is not null;
    }

    /// <summary>Whether <paramref name="value"/> meets <paramref name="target"/> in <paramref name="direction"/>.</summary>
    public static bool Meets(this TargetDirection direction, decimal value, decimal target) =>
        direction == TargetDirection.AtLeast ? value >= target : value <= target;
}
