namespace OversightLedger.Transparency.Storage;

/// <summary>Reads the files of a tlog-tiles log (checkpoint, tiles, entry bundles) by path.</summary>
public interface ILogReader
{
    /// <summary>Where the log is read from, for messages.</summary>
    string Location { get; }

    /// <summary>The bytes at <paramref name="path"/> (e.g. <c>checkpoint</c>, <c>tile/0/000</c>), or null when there is no such file.</summary>
    ValueTask<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);
}
