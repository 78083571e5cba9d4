namespace OversightLedger.Transparency.Storage;

/// <summary>
/// The names of the write-ahead journal files a journaled log keeps in its root (the journal itself, <c>LogJournal</c>,
/// is the server's, in <c>OversightLedger.Storage.Posix</c>): <see cref="FileSystemLogStorage"/> refuses to commit to a
/// directory that holds one, and the journal finds the files it replays by them.
/// </summary>
internal static class LogJournalFiles
{
    /// <summary>Journal files are named this, then a sequence number; the dot hides them from the served log.</summary>
    public const string FilePrefix = ".journal.";

    /// <summary>The journal files in <paramref name="root"/>, oldest first.</summary>
    public static IReadOnlyList<(long Sequence, string Path)> Find(string root)
    {
        var found = new List<(long Sequence, string Path)>();
        if (!Directory.Exists(root))
        {
            return found;
        }

        foreach (string path in Directory.EnumerateFiles(root, FilePrefix + "*"))
        {
            if (long.TryParse(Path.GetFileName(path).AsSpan(FilePrefix.Length), out long sequence))
            {
                found.Add((sequence, path));
            }
        }

        found.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return found;
    }
}
