namespace OversightLedger.Storage.Azure;

/// <summary>
/// A tile or entry bundle that the log's checkpoint already covers holds other bytes than this writer's:
/// writing them would fork the log. The stored blob was left as it is.
/// </summary>
public sealed class LogForkException : LogConflictException
{
    /// <summary>Creates the error for the tile at <paramref name="path"/>.</summary>
    public LogForkException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The tile or entry bundle (e.g. <c>tile/0/000</c>) whose stored bytes differ.</summary>
    public string Path { get; }
}
