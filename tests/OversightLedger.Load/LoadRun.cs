namespace OversightLedger.Load;

/// <summary>
/// One scenario end to end: a fresh server (or the one at <c>--server</c>), a ledger set up for it, the scenario, and the
/// report row. A fresh server per scenario keeps each one's memory figures its own.
/// </summary>
internal static class LoadRun
{
    public static async Task<string> RunAsync(
        LoadSettings settings, Func<Uri, LoadLedger, int?, CancellationToken, Task<ScenarioResult>> scenario, string command, CancellationToken cancellationToken)
    {
        ServerUnderTest server = settings.Server is { } address
            ? ServerUnderTest.Attach(address, settings.AdminKey ?? throw new InvalidOperationException("--admin-key (or OVERSIGHT_ADMIN_KEY) is needed with --server."), settings.ServerProcessId)
            : await ServerUnderTest.StartAsync(settings.KeepData, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"server {server.Address} (pid {server.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}, build {server.Build})").ConfigureAwait(false);
            LoadLedger ledger = await LedgerSetup.CreateAsync(server.Address, server.AdminKey, settings.Programs, settings.Beneficiaries, cancellationToken).ConfigureAwait(false)
                with { GatewayPort = server.GatewayPort };
            ScenarioResult result = await scenario(server.Address, ledger, server.ProcessId, cancellationToken).ConfigureAwait(false);
            return MarkdownReport.Row(result, server.Build, command);
        }
    }
}
