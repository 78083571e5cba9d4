using System.Security.Cryptography;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary>
/// One real ledger server for the agency tests, with API keys for a donor, a watchdog, the test agency and another
/// agency. Each test opens its own budget and program (<see cref="NewProgramAsync"/>), so tests do not share caps or funds.
/// </summary>
public class LedgerServerFixture : IAsyncLifetime
{
    private readonly string _adminKey = "test-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private LedgerServerProcess? _server;
    private LedgerSetupClient? _setup;

    /// <summary>Files the tests write (key files, payment lists, receipts).</summary>
    internal TemporaryDirectory Temp { get; } = new();

    /// <summary>The server's base URL, without a trailing '/'.</summary>
    internal string ServerUrl => Server.Address.AbsoluteUri.TrimEnd('/');

    internal LedgerServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    internal LedgerSetupClient Setup => _setup ?? throw new InvalidOperationException("The server has not started.");

    internal string DonorKey { get; private set; } = string.Empty;

    internal string WatchdogKey { get; private set; } = string.Empty;

    internal string AgencyKey { get; private set; } = string.Empty;

    /// <summary>A file holding <see cref="AgencyKey"/>, for <c>--key @FILE</c>.</summary>
    internal string AgencyKeyFile => Temp.File("agency.key");

    /// <summary>The key of another agency, which may not act on the test agency's programs.</summary>
    internal string OtherAgencyKey { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        await BeforeServerStartsAsync();
        _server = await LedgerServerProcess.StartAsync(_adminKey, ServerConfiguration, TestContext.Current.CancellationToken);
        _setup = new LedgerSetupClient(_server.Address);
        DonorKey = await _setup.CreateKeyAsync(_adminKey, "donor", "donor-test");
        WatchdogKey = await _setup.CreateKeyAsync(_adminKey, "watchdog", "watchdog-test");
        AgencyKey = await _setup.CreateKeyAsync(_adminKey, "agency", "agency-test");
        OtherAgencyKey = await _setup.CreateKeyAsync(_adminKey, "agency", "agency-other");
        await File.WriteAllTextAsync(AgencyKeyFile, AgencyKey + "\n", TestContext.Current.CancellationToken);
        await AfterServerStartedAsync();
    }

    /// <summary>Runs before the server starts (nothing here).</summary>
    private protected virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    /// <summary>Runs once the server is ready and the keys are made (nothing here).</summary>
    private protected virtual Task AfterServerStartedAsync() => Task.CompletedTask;

    /// <summary>More command-line configuration for the server (none here).</summary>
    private protected virtual IReadOnlyList<string> ServerConfiguration => [];

    /// <summary>A fresh budget (1,000,000.00 USD released) and a program on it with a monthly cap and <paramref name="beneficiaries"/> enrolled.</summary>
    internal async Task<FundedProgram> NewProgramAsync(string capPerMonth = "100.00", int beneficiaries = 3)
    {
        string suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var funded = new FundedProgram(
            $"program-{suffix}", $"budget-{suffix}", "USD", capPerMonth, [.. Enumerable.Range(1, beneficiaries).Select(i => $"household-{suffix}-{i}")]);
        await Setup.OpenFundedBudgetAsync(DonorKey, WatchdogKey, funded.Budget, funded.Currency, "1000000.00");
        await Setup.OpenProgramAsync(AgencyKey, DonorKey, funded.Program, funded.Budget, funded.Currency, capPerMonth, funded.Beneficiaries);
        return funded;
    }

    public virtual async ValueTask DisposeAsync()
    {
        _setup?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Temp.Dispose();
    }
}
