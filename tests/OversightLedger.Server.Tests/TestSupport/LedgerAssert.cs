using OversightLedger.Grains.Ledger;

namespace OversightLedger.Server.Tests.TestSupport;

/// <summary>Assertions on <see cref="LedgerResult"/>s that say why they failed.</summary>
public static class LedgerAssert
{
    /// <summary>The result is an entry in the log; returns its leaf index.</summary>
    public static ulong Accepted(LedgerResult result)
    {
        Assert.True(result.Accepted, $"expected the command to be accepted, but it was refused: {result.RejectionCode}: {result.Message}");
        Assert.NotNull(result.LeafIndex);
        Assert.NotNull(result.Entry);
        return result.LeafIndex.Value;
    }

    /// <summary>The result is a refusal with <paramref name="code"/>.</summary>
    public static void Refused(string code, LedgerResult result)
    {
        Assert.False(result.Accepted, $"expected a refusal '{code}', but the command was accepted as leaf {result.LeafIndex}");
        Assert.True(code == result.RejectionCode, $"expected the refusal '{code}', got '{result.RejectionCode}': {result.Message}");
        Assert.Null(result.LeafIndex);
        Assert.Null(result.Entry);
    }
}
