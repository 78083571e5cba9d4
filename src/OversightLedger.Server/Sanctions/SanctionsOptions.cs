using OversightLedger.Sanctions;

namespace OversightLedger.Server.Sanctions;

/// <summary>
/// <c>Sanctions:</c> the list files loaded at start (<c>Sanctions:Lists:0:Path</c>, <c>…:Format</c>, <c>…:Source</c>)
/// and the hit threshold (<c>Sanctions:Threshold</c>, default 0.86). No list configured: counterparties stay
/// unscreened, and so unpayable, until one is.
/// </summary>
internal sealed class SanctionsOptions
{
    /// <summary>The lists, each loaded and put in force on its own.</summary>
    public List<SanctionsListFile> Lists { get; set; } = [];

    /// <summary>A best score at or above it is a hit (default <see cref="SanctionsIndex.DefaultThreshold"/>).</summary>
    public double Threshold { get; set; } = SanctionsIndex.DefaultThreshold;
}
