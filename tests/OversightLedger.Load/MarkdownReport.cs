using System.Diagnostics;
using System.Globalization;

namespace OversightLedger.Load;

/// <summary>The report: a Markdown table with one row per scenario, naming the machine, the date, the server build and the command.</summary>
internal static class MarkdownReport
{
    public const string Header =
        "| scenario | result | p50 ms | p99 ms | errors | server peak RSS (sampled VmRSS / VmHWM) | CPU time | server build | machine | date (UTC) | command |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|";

    public static string Row(ScenarioResult result, string serverBuild, string command) =>
        $"| {result.Scenario} | {result.Result} | {Milliseconds(result.P50Milliseconds)} | {Milliseconds(result.P99Milliseconds)} | {result.Errors} | {result.Memory} | {result.Cpu} "
        + $"| {serverBuild} | {Machine.Value} | {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} | `{command}` |";

    private static readonly Lazy<string> Machine = new(() => $"{Environment.ProcessorCount} cores, Linux {KernelRelease()}");

    private static string Milliseconds(double value) => double.IsNaN(value) ? "—" : value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>What <c>uname -r</c> prints.</summary>
    private static string KernelRelease()
    {
        try
        {
            using Process uname = Process.Start(new ProcessStartInfo("uname", "-r") { RedirectStandardOutput = true, UseShellExecute = false })!;
            string release = uname.StandardOutput.ReadToEnd().Trim();
            uname.WaitForExit();
            return release;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return Environment.OSVersion.VersionString;
        }
    }
}
