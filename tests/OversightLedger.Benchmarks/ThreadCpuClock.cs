using System.Runtime.InteropServices;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what one call costs when the machine is shared
/// and the thread waits for a core, which wall-clock time cannot separate.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>The thread's CPU time so far, in milliseconds.</summary>
    public static double NowMilliseconds()
    {
        return ClockGetTime(ClockThreadCpuTimeId, out Timespec time) == 0 ? (time.Seconds * 1e3) + (time.Nanoseconds / 1e6) : double.NaN;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
