using System.Security.Cryptography;

namespace OversightLedger.Cli.Tests.Agency;

/// <summary>
/// One real ledger server for the agency tests (<see cref="LedgerServerFixture"/>), with API keys for a donor, a watchdog,
/// the test agency and another agency. Each test opens its own budget and program (<see cref="NewProgramAsync"/>), so
/// tests do not share caps or funds.
/// </summary>
public class AgencyLedgerFixture : LedgerServerFixture
{
    private LedgerSetupClient? _setup;

    internal LedgerSetupClient Setup => _setup ?? throw new InvalidOperationException("The server has not started.");

    internal string DonorKey { get; private set; } = string.Empty;

    internal string WatchdogKey { get; private set; } = string.Empty;

    internal string AgencyKey { get; private set; } = string.Empty;

    /// <summary>A file holding <see cref="AgencyKey"/>, for <c>--key @FILE</c>.</summary>
    internal string AgencyKeyFile => Temp.File("agency.key");

    /// <summary>The key of another agency, which may not act on the test agency's programs.</summary>
    internal string OtherAgencyKey { get; private set; } = string.Empty;

    /// <summary>The watchdog scan keeps its schedule, as on a real server.</summary>
    protected override ServerProcessOptions ServerOptions => base.ServerOptions with { ScheduledWatchdogScans = true };

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

    public override async ValueTask DisposeAsync()
    {
        _setup?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Makes the four keys and the agency's key file.</summary>
    protected override async Task AfterServerStartedAsync()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        _setup = new LedgerSetupClient(Server.BaseAddress);
        DonorKey = await CreateKeyAsync("donor", "donor-test", cancellationToken);
        WatchdogKey = await CreateKeyAsync("watchdog", "watchdog-test", cancellationToken);
        AgencyKey = await CreateKeyAsync("agency", "agency-test", cancellationToken);
        OtherAgencyKey = await CreateKeyAsync("agency", "agency-other", cancellationToken);
        await File.WriteAllTextAsync(AgencyKeyFile, AgencyKey + "\n", cancellationToken);
    }
}
