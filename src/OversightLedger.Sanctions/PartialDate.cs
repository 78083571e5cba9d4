namespace OversightLedger.Sanctions;

/// <summary>
/// A date as the lists give it: often only a year ("DOB 1962") or a month and year ("DOB Jul 1963").
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="Month">The month (1–12) when known.</param>
/// <param name="Day">The day of the month when known.</param>
public sealed record PartialDate(int Year, int? Month, int? Day)
{
    /// <summary>True when this date can be the given full date (every known part equals it).</summary>
    public bool Admits(DateOnly date) =>
        Year == date.Year && (Month is null || Month == date.Month) && (Day is null || Day == date.Day);

    /// <inheritdoc />
    public override string ToString() =>
        Day is { } d ? $"{Year:0000}-{Month:00}-{d:00}" : Month is { } m ? $"{Year:0000}-{m:00}" : $"{Year:0000}";
}
