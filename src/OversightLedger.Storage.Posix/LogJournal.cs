using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Storage.Posix;

/// <summary>
/// The write-ahead journal of a <see cref="JournaledLogStorage"/>: each commit's files (tiles, bundles, the checkpoint)
/// are appended as one checksummed record and made durable with one <c>fdatasync</c>. Every second or so the journal is
/// rotated: the storage writes what it holds in memory to the files, a new journal takes the next records, the file
/// system is synced (<c>syncfs</c>) and the older journals, now redundant, are deleted. After a crash the files written
/// since the last sync may be missing or torn; opening the storage again replays the journals, oldest first.
/// </summary>
/// <remarks>
/// Record: magic <c>OLJ2</c> (4 bytes), payload length (4, little-endian), SHA-256 of the payload (32), payload.
/// Payload: file count (4), then per file its path length (2) and UTF-8 path, the path length (2, 0 for none) and path of
/// the earlier file it extends, that file's length (4), and the length (4) and bytes of the rest; the checkpoint is the
/// last file. A partial tile or bundle grows by appending, so a commit journals only its new bytes, not the whole
/// partial bundle again (~50 KB a commit otherwise). Replay stops at the first record that is incomplete or does not match its checksum (a torn tail);
/// a journal whose write failed is never appended to again (the next commit starts a new one).
/// </remarks>
internal sealed partial class LogJournal
{
    private const uint Magic = 0x324A4C4F; // "OLJ2" little-endian
    private const int HeaderLength = 4 + 4 + SHA256.HashSizeInBytes;
    private const long RotateAfterBytes = 64L << 20;

    private readonly string _root;
    private readonly long _rotateAfterMilliseconds;
    private readonly object _gate = new();
    private SafeFileHandle _handle;
    private long _sequence;
    private long _length;
    private long _startedAt;
    private bool _broken;
    private Task _retiring = Task.CompletedTask;

    private LogJournal(string root, SafeFileHandle handle, long sequence, TimeSpan rotateAfter)
    {
        _root = root;
        _rotateAfterMilliseconds = (long)rotateAfter.TotalMilliseconds;
        _handle = handle;
        _sequence = sequence;
        _startedAt = Environment.TickCount64;
    }

    /// <summary>Whether this platform has the calls the journal needs (<c>fdatasync</c>, <c>syncfs</c>): Linux.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The failure of the last background sync of the file system, if it failed (its journals are kept).</summary>
    public Exception? LastSyncFailure { get; private set; }

    /// <summary>The complete records of one journal file, in order, up to the first torn or corrupt one.</summary>
    public static IEnumerable<JournalRecord> ReadRecords(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int offset = 0;
        while (TryReadRecord(bytes, ref offset, out JournalRecord? record))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Starts a new, empty journal in <paramref name="root"/> numbered after <paramref name="lastSequence"/>; its name is
    /// durable before this returns, so records in it can be relied on. It is rotated once it is
    /// <paramref name="rotateAfter"/> old (see <see cref="IsRotationDue"/>).
    /// </summary>
    public static LogJournal Start(string root, long lastSequence, TimeSpan rotateAfter)
    {
        long sequence = lastSequence + 1;
        return new LogJournal(root, CreateFile(root, sequence), sequence, rotateAfter);
    }

    /// <summary>
    /// Appends one record holding <paramref name="files"/> and <paramref name="checkpoint"/> and returns once it is
    /// durable. Commits are one at a time (the storage's writer serialises them).
    /// </summary>
    /// <exception cref="IOException">The write or the sync failed: the record may or may not be durable, and the next
    /// append goes to a new journal file.</exception>
    public void Append(IReadOnlyList<JournalFile> files, ReadOnlyMemory<byte> checkpoint)
    {
        byte[] record = Encode(files, checkpoint);
        lock (_gate)
        {
            if (_broken)
            {
                RotateLocked();
            }

            try
            {
                RandomAccess.Write(_handle, record, _length);
                if (DataSync(_handle) != 0)
                {
                    throw new IOException($"fdatasync of the log's journal failed (errno {Marshal.GetLastPInvokeError()}).");
                }
            }
            catch
            {
                _broken = true;
                throw;
            }

            _length += record.Length;
        }
    }

    /// <summary>
    /// Whether to rotate: this journal is old enough (a second, for the server) or 64 MiB long, and the previous
    /// rotation's sync is done.
    /// </summary>
    public bool IsRotationDue
    {
        get
        {
            lock (_gate)
            {
                return (_length >= RotateAfterBytes || Environment.TickCount64 - _startedAt >= _rotateAfterMilliseconds) && _retiring.IsCompleted;
            }
        }
    }

    /// <summary>
    /// Starts a new journal for the next records; the file system is then synced in the background and the older
    /// journals deleted. Call it once everything the older journals hold has been written to the files.
    /// </summary>
    public void Rotate()
    {
        lock (_gate)
        {
            RotateLocked();
        }
    }

    /// <summary>
    /// Closes the journal once everything it holds has been written to the files: syncs the file system and deletes
    /// every journal, so the directory is a plain log again.
    /// </summary>
    /// <exception cref="IOException">The sync failed (the journals are kept and replayed at the next open).</exception>
    public async Task CloseAsync()
    {
        Task retiring;
        lock (_gate)
        {
            _handle.Dispose();
            retiring = _retiring;
        }

        await retiring.ConfigureAwait(false);
        PosixDirectorySync.SyncFileSystem(_root);
        foreach ((long _, string path) in LogJournalFiles.Find(_root))
        {
            File.Delete(path);
        }
    }

    /// <summary>Waits for the background sync of the last rotation (tests, shutdown).</summary>
    public Task WhenRetiredAsync()
    {
        lock (_gate)
        {
            return _retiring;
        }
    }

    private void RotateLocked()
    {
        SafeFileHandle next = CreateFile(_root, _sequence + 1);
        _handle.Dispose();
        _handle = next;
        _sequence++;
        _length = 0;
        _startedAt = Environment.TickCount64;
        _broken = false;
        long current = _sequence;
        Task previous = _retiring;
        _retiring = Task.Run(async () =>
        {
            await previous.ConfigureAwait(false);
            try
            {
                // Everything written before the new journal started is now on disk: the older journals are redundant.
                PosixDirectorySync.SyncFileSystem(_root);
                foreach ((long sequence, string path) in LogJournalFiles.Find(_root))
                {
                    if (sequence < current)
                    {
                        File.Delete(path);
                    }
                }

                LastSyncFailure = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Kept: the older journals are replayed at the next start, and the next rotation tries again.
                LastSyncFailure = e;
            }
        });
    }

    private static SafeFileHandle CreateFile(string root, long sequence)
    {
        string path = Path.Combine(root, LogJournalFiles.FilePrefix + sequence.ToString("D10", System.Globalization.CultureInfo.InvariantCulture));
        SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        try
        {
            PosixDirectorySync.Sync(root);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        return handle;
    }

    private static byte[] Encode(IReadOnlyList<JournalFile> files, ReadOnlyMemory<byte> checkpoint)
    {
        var whole = new JournalFile(TilePath.Checkpoint, checkpoint, null);
        int payloadLength = 4 + FileLength(whole);
        foreach (JournalFile file in files)
        {
            payloadLength += FileLength(file);
        }

        byte[] record = new byte[HeaderLength + payloadLength];
        Span<byte> payload = record.AsSpan(HeaderLength);
        BinaryPrimitives.WriteInt32LittleEndian(payload, files.Count + 1);
        int offset = 4;
        foreach (JournalFile file in files)
        {
            offset += WriteFile(payload[offset..], file);
        }

        offset += WriteFile(payload[offset..], whole);
        BinaryPrimitives.WriteUInt32LittleEndian(record, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), payloadLength);
        SHA256.HashData(payload, record.AsSpan(8, SHA256.HashSizeInBytes));
        return record;
    }

    // Per file: path length (2), path, base path length (2; 0 = none), base path, base length (4), data length (4), data.
    private static int FileLength(JournalFile file) =>
        2 + Encoding.UTF8.GetByteCount(file.Path) + 2 + (file.Base is null ? 0 : Encoding.UTF8.GetByteCount(file.Base.Path)) + 4 + 4
        + file.Data.Length - (file.Base?.Length ?? 0);

    private static int WriteFile(Span<byte> destination, JournalFile file)
    {
        int at = 2 + Encoding.UTF8.GetBytes(file.Path, destination[2..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination, checked((ushort)(at - 2)));
        int baseLength = 0;
        int basePathLength = 0;
        if (file.Base is JournalBase fileBase)
        {
            basePathLength = Encoding.UTF8.GetBytes(fileBase.Path, destination[(at + 2)..]);
            baseLength = fileBase.Length;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(destination[at..], checked((ushort)basePathLength));
        at += 2 + basePathLength;
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], baseLength);
        ReadOnlySpan<byte> suffix = file.Data.Span[baseLength..];
        BinaryPrimitives.WriteInt32LittleEndian(destination[(at + 4)..], suffix.Length);
        suffix.CopyTo(destination[(at + 8)..]);
        return at + 8 + suffix.Length;
    }

    private static bool TryReadRecord(byte[] bytes, ref int offset, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JournalRecord? record)
    {
        record = null;
        if (bytes.Length - offset < HeaderLength || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset)) != Magic)
        {
            return false;
        }

        int payloadLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
        if (payloadLength < 4 || payloadLength > bytes.Length - offset - HeaderLength)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = bytes.AsSpan(offset + HeaderLength, payloadLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(offset + 8, SHA256.HashSizeInBytes)))
        {
            return false;
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var files = new List<JournalRecordFile>(count);
        int at = 4;
        for (int i = 0; i < count; i++)
        {
            int pathLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
            string path = Encoding.UTF8.GetString(payload.Slice(at + 2, pathLength));
            at += 2 + pathLength;
            int basePathLength = BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
            string? basePath = basePathLength == 0 ? null : Encoding.UTF8.GetString(payload.Slice(at + 2, basePathLength));
            at += 2 + basePathLength;
            int baseLength = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
            int suffixLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(at + 4)..]);
            files.Add(new JournalRecordFile(path, basePath, baseLength, payload.Slice(at + 8, suffixLength).ToArray()));
            at += 8 + suffixLength;
        }

        if (files.Count == 0 || files[^1].Path != TilePath.Checkpoint || files[^1].BasePath is not null)
        {
            return false;
        }

        offset += HeaderLength + payloadLength;
        record = new JournalRecord(files[..^1], files[^1].Suffix);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int DataSync(SafeFileHandle fd);

    /// <summary>
    /// A file to journal. With <paramref name="Base"/>, the file extends an earlier one (a wider partial tile or bundle,
    /// or the full tile, extends the previous partial byte for byte) and only the bytes after it are journalled.
    /// </summary>
    internal readonly record struct JournalFile(string Path, ReadOnlyMemory<byte> Data, JournalBase? Base);

    /// <summary>The earlier file a journalled file extends, and that file's length.</summary>
    internal sealed record JournalBase(string Path, int Length);

    /// <summary>A journalled file: its bytes are <paramref name="Suffix"/> after the first <paramref name="BaseLength"/> bytes of <paramref name="BasePath"/>, or <paramref name="Suffix"/> alone.</summary>
    internal sealed record JournalRecordFile(string Path, string? BasePath, int BaseLength, byte[] Suffix);

    /// <summary>One commit as journalled: the files it wrote, then its checkpoint.</summary>
    internal sealed record JournalRecord(List<JournalRecordFile> Files, byte[] Checkpoint);
}
