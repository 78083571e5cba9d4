using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests.Screening;

/// <summary><c>oversight screen --server</c>: the same answer as offline against the same list; keys that may not screen exit 2.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class ScreenCommandServerTests(SanctionedLedgerFixture ledger) : IClassFixture<SanctionedLedgerFixture>
{
    [Fact]
    public async Task The_server_answers_as_the_same_list_does_offline()
    {
        const string Name = "Gaddafi International Charity and Development Foundation";
        CliResult online = await OversightProcess.RunAsync("screen", Name, "--json", "--server", ledger.ServerUrl, "--key", "@" + ledger.AgencyKeyFile);
        CliResult offline = await OversightProcess.RunAsync("screen", Name, "--json", "--list", SharedData.SanctionsPath("ofac-sdn-csv-sample"));

        Assert.True(online.ExitCode == 0, online.ToString());
        Assert.True(offline.ExitCode == 0, offline.ToString());
        using var server = JsonDocument.Parse(online.Stdout);
        using var local = JsonDocument.Parse(offline.Stdout);
        Assert.True(server.RootElement.GetProperty("hit").GetBoolean());
        Assert.Equal("OFAC-SDN:12685", server.RootElement.GetProperty("matches")[0].GetProperty("entry").GetString());
        Assert.Equal(local.RootElement.GetProperty("lists").GetRawText(), server.RootElement.GetProperty("lists").GetRawText());
        Assert.Equal(local.RootElement.GetProperty("matches").GetRawText(), server.RootElement.GetProperty("matches").GetRawText());
    }

    [Fact]
    public async Task A_watchdog_key_an_unknown_key_and_a_bad_name_exit_2()
    {
        CliResult watchdog = await OversightProcess.RunAsync("screen", "Someone", "--server", ledger.ServerUrl, "--key", ledger.WatchdogKey);
        CliResult unknown = await OversightProcess.RunAsync("screen", "Someone", "--server", ledger.ServerUrl, "--key", "olk_never-issued-0123456789abcdef");
        CliResult badDate = await OversightProcess.RunAsync("screen", "Someone", "--dob", "2999-01-01", "--server", ledger.ServerUrl, "--key", ledger.AgencyKey);

        Assert.True(watchdog.ExitCode == 2 && watchdog.Stderr.Contains("403", StringComparison.Ordinal), watchdog.ToString());
        Assert.True(unknown.ExitCode == 2 && unknown.Stderr.Contains("401", StringComparison.Ordinal), unknown.ToString());
        Assert.True(badDate.ExitCode == 2 && badDate.Stderr.Contains("dateOfBirth", StringComparison.Ordinal), badDate.ToString());
    }
}
