using System.Diagnostics;
using System.Text;

namespace OversightLedger.Cli.Tests.TestSupport;

/// <summary>
/// Runs the real, built CLI (<c>oversight.dll</c>, copied beside the tests by the project reference) as a child
/// process with <c>dotnet</c>, with stdout and stderr redirected (so it shows no progress bar).
/// </summary>
internal static class OversightProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The CLI's entry assembly.</summary>
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "oversight.dll");

    /// <summary>Runs <c>oversight args…</c> to the end, feeding <paramref name="stdin"/> (or nothing) on standard input.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, byte[]? stdin = null, string? workingDirectory = null)
    {
        using Process process = Start(args, workingDirectory);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        Task<string> readOut = process.StandardOutput.ReadToEndAsync();
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        await using (Stream input = process.StandardInput.BaseStream)
        {
            if (stdin is not null)
            {
                await input.WriteAsync(stdin);
            }
        }

        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"oversight {string.Join(' ', args)} did not finish in {Timeout.TotalSeconds} s.");
        }

        return new CliResult(process.ExitCode, await readOut, await readErr);
    }

    /// <summary>Runs <c>oversight args…</c> with string arguments (convenience).</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    /// <summary>Starts <c>oversight args…</c> and returns at once (stdin, stdout and stderr redirected); the caller owns the process.</summary>
    public static Process Start(IEnumerable<string> args, string? workingDirectory = null)
    {
        Assert.True(File.Exists(DllPath), $"The CLI was not built beside the tests: {DllPath} is missing.");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
