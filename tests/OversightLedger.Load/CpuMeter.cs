using System.Diagnostics;
using System.Globalization;

namespace OversightLedger.Load;

/// <summary>
/// CPU time spent by the server (from <c>/proc/PID/stat</c>: user + system) and by the harness itself between start and
/// stop. Divided by the work done it gives a cost per disbursement that, unlike throughput, hardly moves when another
/// process shares the machine. Linux only for the server's figure.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int? _serverProcessId;
    private readonly TimeSpan _serverAtStart;
    private readonly TimeSpan _harnessAtStart;

    private CpuMeter(int? serverProcessId)
    {
        _serverProcessId = serverProcessId;
        _serverAtStart = ServerCpu();
        _harnessAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Starts measuring now.</summary>
    public static CpuMeter Start(int? serverProcessId) => new(serverProcessId);

    /// <summary>The CPU time used since the start, per unit of work, in words: "server X µs + harness Y µs per disbursement".</summary>
    public string Stop(long units, string unit)
    {
        TimeSpan server = ServerCpu() - _serverAtStart;
        TimeSpan harness = Process.GetCurrentProcess().TotalProcessorTime - _harnessAtStart;
        if (units <= 0)
        {
            return "—";
        }

        string serverPart = _serverProcessId is null ? "server ?" : string.Create(CultureInfo.InvariantCulture, $"server {server.TotalMicroseconds / units:0} µs");
        return string.Create(CultureInfo.InvariantCulture, $"{serverPart} + harness {harness.TotalMicroseconds / units:0} µs per {unit}");
    }

    /// <summary>utime + stime of the server (fields 14 and 15 of <c>/proc/PID/stat</c>, in clock ticks of 10 ms).</summary>
    private TimeSpan ServerCpu()
    {
        if (_serverProcessId is not { } id)
        {
            return TimeSpan.Zero;
        }

        try
        {
            string stat = File.ReadAllText($"/proc/{id}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
