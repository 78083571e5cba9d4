using System.Security.Cryptography;

namespace OversightLedger.Domain.Snapshots;

/// <summary>
/// A write-only stream that counts the bytes written and feeds them to a SHA-256, and passes them on to another stream
/// if given one (else keeps nothing). Used to learn a stored base's length and digest (its name) before it is written
/// to the store, without holding a copy of it, and to check them while it is written (<c>ProgramBase</c>).
/// </summary>
/// <param name="passTo">The stream the bytes go on to (left open), or null.</param>
internal sealed class HashingWriteStream(Stream? passTo = null) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>The SHA-256 of everything written (once: the hash starts again after).</summary>
    public byte[] Digest() => _hash.GetHashAndReset();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        passTo?.Write(buffer);
        _hash.AppendData(buffer);
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => passTo?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
