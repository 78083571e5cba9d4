namespace OversightLedger.Sanctions;

/// <summary>A parsed sanctions list: its version and its entries.</summary>
/// <param name="Version">What identifies this version.</param>
/// <param name="Entries">The entries, in file order.</param>
public sealed record SanctionsList(SanctionsListVersion Version, IReadOnlyList<SanctionsEntry> Entries);
