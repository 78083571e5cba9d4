namespace OversightLedger.Domain.Entries;

/// <summary>
/// One review of a benchmark's schedule: its number (from 1) and its window, both days inclusive (UTC dates). A
/// verification dated on <see cref="OpensOn"/> or <see cref="ClosesOn"/> or between them counts for it.
/// </summary>
public sealed record ReviewWindow(int Number, DateOnly OpensOn, DateOnly ClosesOn)
{
    /// <summary>Whether a verification dated <paramref name="date"/> falls inside the window.</summary>
    public bool Contains(DateOnly date) => date >= OpensOn && date <= ClosesOn;
}
