using System.Text;

namespace OversightLedger.Benchmarks;

/// <summary>Ledger-like entries of about 200 bytes (compact JSON with sorted keys).</summary>
internal static class SyntheticEntries
{
    public static ReadOnlyMemory<byte>[] Create(int count)
    {
        var entries = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            string json = $"{{\"amount\":\"{i % 9973}.{i % 100:00}\",\"budget\":\"bud-{i % 50:000}\",\"currency\":\"USD\",\"id\":\"dsb-{i:00000000}\",\"kind\":\"Disbursed\",\"program\":\"prg-{i % 50:000}\",\"recipient\":\"ps-{i * 7919 % 1000003:0000000}\",\"time\":\"2026-11-25T12:00:00Z\",\"v\":1}}";
            entries[i] = Encoding.UTF8.GetBytes(json);
        }

        return entries;
    }
}
