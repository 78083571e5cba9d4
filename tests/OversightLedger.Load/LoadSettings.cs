namespace OversightLedger.Load;

/// <summary>The options every scenario shares: which server, and how the ledger is set up.</summary>
/// <param name="Server">An existing server to load, or null to start one here.</param>
/// <param name="AdminKey">The existing server's admin key.</param>
/// <param name="ServerProcessId">The existing server's process id on this machine, for memory sampling.</param>
/// <param name="Programs">Programs to spread the load over.</param>
/// <param name="Beneficiaries">Beneficiaries enrolled in each program.</param>
/// <param name="KeepData">Keep the started server's data directory.</param>
internal sealed record LoadSettings(Uri? Server, string? AdminKey, int? ServerProcessId, int Programs, int Beneficiaries, bool KeepData)
{
    /// <summary>More silos of the same cluster as <see cref="Server"/> (azure profile): <c>http-single</c> spreads its clients over all of them.</summary>
    public IReadOnlyList<Uri> MoreServers { get; init; } = [];
}
