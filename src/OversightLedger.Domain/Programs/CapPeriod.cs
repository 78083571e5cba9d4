namespace OversightLedger.Domain.Programs;

/// <summary>The period over which a program caps what one beneficiary receives.</summary>
public enum CapPeriod
{
    /// <summary>A calendar month (UTC), written <c>month</c>; its periods are <c>2026-11</c>.</summary>
    Month,

    /// <summary>A calendar quarter (UTC), written <c>quarter</c>; its periods are <c>2026-Q4</c>.</summary>
    Quarter,
}
