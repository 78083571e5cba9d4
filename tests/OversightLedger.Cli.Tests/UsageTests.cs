using OversightLedger.Cli.Tests.TestSupport;

namespace OversightLedger.Cli.Tests;

/// <summary>Parse errors are bad usage (exit 2) with one clear line on stderr; help is not an error.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("verify", "frobnicate")]
    [InlineData("verify")]
    [InlineData("verify", "log", "--vkey", "x")]
    [InlineData("verify", "log", "--log", "x")]
    [InlineData("verify", "inclusion", "--log", "x", "--vkey", "y")]
    [InlineData("verify", "inclusion", "--log", "x", "--vkey", "y", "--index", "minus-one")]
    [InlineData("verify", "log", "--log", "x", "--vkey", "y", "--no-such-option")]
    [InlineData("log", "init", "--dir", "x", "--origin", "y")]
    [InlineData("log", "append", "--key", "k")]
    [InlineData("log", "append", "--dir", "x", "--key", "k", "--batch-size", "0")]
    [InlineData("log", "append", "--dir", "x", "--key", "k", "--batch-size", "many")]
    [InlineData("proof", "consistency", "--log", "x")]
    [InlineData("verify", "receipt", "--vkey", "x", "--entry", "e")]
    public async Task Bad_usage_exits_2_with_an_error_line(params string[] args)
    {
        CliResult result = await OversightProcess.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("verify", "log", "--help")]
    [InlineData("log", "init", "-h")]
    public async Task Help_exits_0(params string[] args)
    {
        CliResult result = await OversightProcess.RunAsync(args);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_help_says_where_the_verifier_key_goes()
    {
        CliResult result = await OversightProcess.RunAsync("log", "init", "--help");

        Assert.Contains(".vkey", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0600", result.Stdout, StringComparison.Ordinal);
    }
}
