namespace OversightLedger.Domain.Entries;

/// <summary>How often a benchmark that requires sustained compliance is reviewed (written by name, never as a number).</summary>
public enum ReviewCadence
{
    /// <summary>A review window of one calendar month.</summary>
    Monthly,

    /// <summary>A review window of three calendar months.</summary>
    Quarterly,
}
