using System.Diagnostics;
using System.Text.Json;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>Runs the goverify oracle (golang.org/x/mod/sumdb/tlog) and parses its JSON output.</summary>
internal static class GoVerifyProcess
{
    public const string NotBuiltMessage = "goverify not built: run scripts/test (it installs Go and builds the oracle)";

    /// <summary>The oracle binary; fails the calling test (never skips it) when it was not built.</summary>
    public static string Executable
    {
        get
        {
            string? path = SharedData.GoVerify;
            if (path is null)
            {
                Assert.Fail(NotBuiltMessage);
            }

            return path;
        }
    }

    /// <summary>Runs goverify and returns its stdout as JSON, failing on any exit status not in <paramref name="okExitCodes"/>.</summary>
    public static async Task<JsonDocument> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken, params int[] okExitCodes)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("goverify did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        string output = await stdout;
        string errors = await stderr;
        int[] accepted = okExitCodes.Length == 0 ? [0] : okExitCodes;
        if (!accepted.Contains(process.ExitCode))
        {
            Assert.Fail($"goverify {start.ArgumentList.FirstOrDefault()} exited with {process.ExitCode}: {errors}");
        }

        return JsonDocument.Parse(output);
    }
}
