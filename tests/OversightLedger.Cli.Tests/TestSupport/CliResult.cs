namespace OversightLedger.Cli.Tests.TestSupport;

/// <summary>What one run of the CLI produced.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>For assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
