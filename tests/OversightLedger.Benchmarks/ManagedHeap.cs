namespace OversightLedger.Benchmarks;

/// <summary>The managed heap the benchmarks that measure a state's size read before and after filling it.</summary>
internal static class ManagedHeap
{
    /// <summary>The bytes the managed heap holds after full, compacting collections (and the finalizers they freed).</summary>
    public static long AfterFullCollection()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
