using System.Diagnostics;

namespace OversightLedger.Reporting.Tests.Rendering;

/// <summary>
/// libxml2's <c>xmllint --noout --schema</c> (Debian libxml2-utils), the validator IATI's own scripts use: a second,
/// independent implementation of XML Schema.
/// </summary>
internal static class Xmllint
{
    private const string Executable = "/usr/bin/xmllint";

    /// <summary>Runs <c>xmllint --noout --schema SCHEMA FILE</c>; exit 0 means valid, 3 invalid.</summary>
    /// <exception cref="InvalidOperationException">xmllint is not installed.</exception>
    public static async Task<(int ExitCode, string Output)> ValidateAsync(string schema, string file)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian libxml2-utils (apt-get install -y libxml2-utils)");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(schema)!,
        };
        start.ArgumentList.Add("--noout");
        start.ArgumentList.Add("--nonet");
        start.ArgumentList.Add("--schema");
        start.ArgumentList.Add(schema);
        start.ArgumentList.Add(file);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("xmllint did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
