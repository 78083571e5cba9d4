namespace OversightLedger.Reporting.Log;

/// <summary>One leaf of the log as <see cref="LogReportSource"/> streams it.</summary>
/// <param name="Index">The leaf index.</param>
/// <param name="Entry">The entry's bytes, a slice of its entry bundle (valid until the enumeration moves past the bundle).</param>
public readonly record struct LogLeaf(ulong Index, ReadOnlyMemory<byte> Entry);
