using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Specialized;

namespace OversightLedger.Storage.Azure;

/// <summary>
/// A write-only stream onto a block blob that stages what is written in blocks of <see cref="BlockBytes"/> and changes
/// nothing until <see cref="CommitAsync"/> commits them as the blob's whole content, at once. A writer that fails or a
/// process that dies before that leaves the blob as it was (the staged blocks are uncommitted, and the service drops
/// them). Block ids are unique to the stream, so concurrent writers of one blob do not stage over each other's blocks.
/// </summary>
internal sealed class BlockStagingStream(BlockBlobClient blob) : Stream
{
    /// <summary>The size of a staged block (the last may be shorter).</summary>
    public const int BlockBytes = 4 << 20;

    private readonly string _writer = Guid.NewGuid().ToString("N");
    private readonly List<string> _blocks = [];
    private readonly byte[] _buffer = new byte[BlockBytes];
    private int _buffered;
    private long _length;
    private bool _committed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_committed;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int taken = Take(buffer);
            buffer = buffer[taken..];
            if (_buffered == BlockBytes)
            {
                using var block = new MemoryStream(_buffer, 0, _buffered, writable: false);
                blob.StageBlock(NextBlockId(), block);
                _buffered = 0;
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_buffered == BlockBytes)
            {
                await StageBufferedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Stages what is buffered and commits every block staged, in order, as the blob's content (replacing it).</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (_buffered > 0)
        {
            await StageBufferedAsync(cancellationToken).ConfigureAwait(false);
        }

        await blob.CommitBlockListAsync(_blocks, cancellationToken: cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    /// <summary>Does nothing: blocks are staged when full, and committed only by <see cref="CommitAsync"/>.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Take(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        int taken = Math.Min(buffer.Length, BlockBytes - _buffered);
        buffer[..taken].CopyTo(_buffer.AsSpan(_buffered));
        _buffered += taken;
        _length += taken;
        return taken;
    }

    private async Task StageBufferedAsync(CancellationToken cancellationToken)
    {
        using var block = new MemoryStream(_buffer, 0, _buffered, writable: false);
        await blob.StageBlockAsync(NextBlockId(), block, cancellationToken: cancellationToken).ConfigureAwait(false);
        _buffered = 0;
    }

    /// <summary>The next block's id: the writer's and the block's number, the same length for every block (base64).</summary>
    private string NextBlockId()
    {
        string id = Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{_writer}-{_blocks.Count:D8}")));
        _blocks.Add(id);
        return id;
    }
}
