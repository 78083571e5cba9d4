using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Entries;

/// <summary>The names of <see cref="ReviewCadence"/> as entries and the API write them, and the length of their windows.</summary>
public static class ReviewCadences
{
    /// <summary><c>monthly</c>.</summary>
    public const string Monthly = "monthly";

    /// <summary><c>quarterly</c>.</summary>
    public const string Quarterly = "quarterly";

    /// <summary>The longest a review schedule may run, in months (ten years): a longer horizon is refused as absurd.</summary>
    public const int MaxHorizonMonths = 120;

    /// <summary>The name of a cadence.</summary>
    public static string NameOf(ReviewCadence cadence) => cadence switch
    {
        ReviewCadence.Monthly => Monthly,
        ReviewCadence.Quarterly => Quarterly,
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "not a review cadence"),
    };

    /// <summary>The cadence of a name (exactly <c>monthly</c> or <c>quarterly</c>); false for anything else, a number included.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ReviewCadence? cadence)
    {
        cadence = name switch
        {
            Monthly => ReviewCadence.Monthly,
            Quarterly => ReviewCadence.Quarterly,
            _ => null,
        };
        return cadence is not null;
    }

    /// <summary>The length of one review window in calendar months.</summary>
    public static int MonthsOf(this ReviewCadence cadence) => cadence == ReviewCadence.Quarterly ? 3 : 1;

    /// <summary>The most reviews a schedule of this cadence may hold (<see cref="MaxHorizonMonths"/> of windows).</summary>
    public static int MaxReviews(this ReviewCadence cadence) => MaxHorizonMonths / cadence.MonthsOf();
}
