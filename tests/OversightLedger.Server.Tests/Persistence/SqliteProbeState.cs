namespace OversightLedger.Server.Tests.Persistence;

/// <summary>State persisted by the SQLite grain storage tests; the padding makes torn or mixed-up payloads visible.</summary>
[GenerateSerializer]
[Alias("OversightLedger.Server.Tests.Persistence.SqliteProbeState")]
public sealed class SqliteProbeState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public long Counter { get; set; }

    [Id(2)]
    public byte[] Padding { get; set; } = [];

    /// <summary>A state for <paramref name="counter"/> with 2–10 KiB of padding derived from it, so writes span pages.</summary>
    public static SqliteProbeState ForCounter(long counter)
    {
        var padding = new byte[2048 + (int)(counter % 5) * 2048];
        for (int i = 0; i < padding.Length; i++)
        {
            padding[i] = PaddingByte(counter, i);
        }

        return new SqliteProbeState { Text = $"counter {counter}", Counter = counter, Padding = padding };
    }

    /// <summary>Whether the text and padding are exactly what <see cref="ForCounter"/> makes for <see cref="Counter"/>.</summary>
    public bool IsConsistent()
    {
        SqliteProbeState expected = ForCounter(Counter);
        return Text == expected.Text && Padding.AsSpan().SequenceEqual(expected.Padding);
    }

    private static byte PaddingByte(long counter, int index) => unchecked((byte)((counter * 31) + (index * 7)));
}
