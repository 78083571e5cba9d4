using System.Text.Json;
using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests;

/// <summary>The same checks against the reference logs served over HTTP by a real Kestrel server.</summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class HttpLogTests : IAsyncLifetime
{
    private StaticLogServer? _server;

    private StaticLogServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async ValueTask InitializeAsync() => _server = await StaticLogServer.StartAsync(SharedData.GoTlog);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Log_1500_verifies_over_http_and_is_consistent_with_log_300()
    {
        CliResult result = await OversightProcess.RunAsync(
            "verify", "log", "--log", Server.Url("log-1500"), "--vkey", SharedData.GoTlogVerifierKey, "--old", SharedData.GoTlogPath("log-300", "checkpoint"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1500UL, json.RootElement.GetProperty("treeSize").GetUInt64());
        Assert.Equal(300UL, json.RootElement.GetProperty("oldTreeSize").GetUInt64());
    }

    [Fact]
    public async Task A_url_without_a_trailing_slash_works_too()
    {
        CliResult result = await OversightProcess.RunAsync("verify", "log", "--log", Server.Url("log-300").TrimEnd('/'), "--vkey", SharedData.GoTlogVerifierKey);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("tampered-hash-tile", @"tile/0/\d{3}")]
    [InlineData("tampered-entry", @"entry \d+")]
    [InlineData("wrong-key", "signature")]
    public async Task Tampered_logs_fail_over_http_with_the_same_reasons(string folder, string reasonPattern)
    {
        CliResult result = await OversightProcess.RunAsync("verify", "log", "--log", Server.Url(folder), "--vkey", SharedData.GoTlogVerifierKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches("^verification failed: .*" + reasonPattern, result.Stderr);
    }

    [Fact]
    public async Task Proofs_and_inclusion_work_over_http()
    {
        CliResult local = await OversightProcess.RunAsync("proof", "inclusion", "--log", SharedData.GoTlogPath("log-1500"), "--index", "1234", "--size", "1400");
        CliResult remote = await OversightProcess.RunAsync("proof", "inclusion", "--log", Server.Url("log-1500"), "--index", "1234", "--size", "1400");
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Equal(local.Stdout, remote.Stdout);

        CliResult inclusion = await OversightProcess.RunAsync("verify", "inclusion", "--log", Server.Url("log-1500"), "--vkey", SharedData.GoTlogVerifierKey, "--index", "1234");
        Assert.True(inclusion.ExitCode == 0, inclusion.ToString());
    }

    [Fact]
    public async Task A_url_with_no_log_or_no_server_is_bad_input()
    {
        CliResult missing = await OversightProcess.RunAsync("verify", "log", "--log", Server.Url("no-such-log"), "--vkey", SharedData.GoTlogVerifierKey);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no checkpoint", missing.Stderr, StringComparison.Ordinal);

        CliResult refused = await OversightProcess.RunAsync("verify", "log", "--log", "http://127.0.0.1:1/log/", "--vkey", SharedData.GoTlogVerifierKey);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.StartsWith("error: ", refused.Stderr, StringComparison.Ordinal);
    }
}
