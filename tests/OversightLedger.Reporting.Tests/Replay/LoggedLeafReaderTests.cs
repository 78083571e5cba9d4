using System.Globalization;
using OversightLedger.Domain.Entries;
using OversightLedger.Reporting.Log;
using OversightLedger.Reporting.Replay;
using OversightLedger.Reporting.Tests.TestSupport;
using OversightLedger.Transparency.Tiles;
using OversightLedger.Transparency.Verification;

namespace OversightLedger.Reporting.Tests.Replay;

/// <summary>
/// What the bounded replay of <c>oversight replay</c> reads back: entries of the batch in hand from memory, earlier ones
/// from the log one bundle at a time, and never a bundle that differs from the one first verified.
/// </summary>
public sealed class LoggedLeafReaderTests : IDisposable
{
    private const int Leaves = 600;
    private readonly TemporaryDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EarlierEntriesAreReadBackOneBundleAtATimeAndTheBatchInHandFromMemory()
    {
        WrittenLog log = await History("a").WriteAsync(_temp.File("log"), batchSize: Leaves);
        LoggedLeafReader reader = Remembered(log);

        Assert.Equal("a-590", reader.EntryAt(590)!.Id); // the batch in hand
        Assert.Equal(0, reader.BundlesReadBack);
        Assert.Equal("a-3", reader.EntryAt(3)!.Id);
        Assert.Equal("a-200", reader.EntryAt(200)!.Id); // the same bundle, kept
        Assert.Equal(1, reader.BundlesReadBack);
        Assert.Equal("a-300", reader.EntryAt(300)!.Id);
        Assert.Equal(2, reader.BundlesReadBack);
    }

    [Fact]
    public async Task ABundleThatChangedSinceItWasVerifiedIsAVerificationFailure()
    {
        string directory = _temp.File("log");
        WrittenLog log = await History("a").WriteAsync(directory, batchSize: Leaves);
        await History("b").WriteAsync(_temp.File("other"), batchSize: Leaves);
        LoggedLeafReader reader = Remembered(log);

        // The log now serves other (well-formed) entries for bundle 1 than the ones the pass verified.
        File.Copy(Path.Combine(_temp.File("other"), TilePath.Entries(1, TileLayout.Width)), Path.Combine(directory, TilePath.Entries(1, TileLayout.Width)), overwrite: true);

        Assert.Equal("a-3", reader.EntryAt(3)!.Id);
        LogVerificationException error = Assert.Throws<LogVerificationException>(() => reader.EntryAt(300));
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A reader that was given the log's leaves in two batches, as the replay's pass gives them (the second in hand).</summary>
    private static LoggedLeafReader Remembered(WrittenLog log)
    {
        var reader = new LoggedLeafReader(log.Storage, Leaves, Ct);
        byte[][] leaves = [.. Enumerable.Range(0, Leaves).Select(i => History("a").Leaves[i])];
        ParsedLeaf[] parsed = [.. leaves.Select((bytes, i) => new ParsedLeaf((ulong)i, bytes, LedgerEntryParser.Parse(bytes), null))];
        reader.Remember(parsed[..512]);
        reader.Remember(parsed[512..]);
        return reader;
    }

    private static LedgerHistory History(string prefix)
    {
        var history = new LedgerHistory();
        for (int i = 0; i < Leaves; i++)
        {
            history.Add(new FundsReceived(
                string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"), new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "budget-1",
                OversightLedger.Domain.Money.Money.Parse("1.00", OversightLedger.Domain.Money.Currency.Parse("EUR")), "wire"));
        }

        return history;
    }
}
