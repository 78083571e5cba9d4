using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Cli.Inputs;

/// <summary>
/// Splits a stream into entries, one per line: the bytes of each line without its "\n" (a "\r" before it is
/// part of the entry; a last line without "\n" is an entry too). Entries come in batches that share one buffer.
/// </summary>
internal sealed class EntryLineReader
{
    private const int InitialBatchBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly string _inputName;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _endOfStream;
    private ulong _linesRead;

    public EntryLineReader(Stream stream, string inputName)
    {
        _stream = stream;
        _inputName = inputName;
    }

    /// <summary>
    /// Reads up to <paramref name="maxEntries"/> entries (fewer once a batch holds <paramref name="maxBytes"/> bytes);
    /// an empty list means the input is exhausted.
    /// </summary>
    /// <exception cref="CommandFailedException">A line is longer than an entry may be (exit 2).</exception>
    public async Task<List<ReadOnlyMemory<byte>>> ReadBatchAsync(int maxEntries, int maxBytes, CancellationToken cancellationToken)
    {
        byte[] arena = new byte[InitialBatchBytes];
        int used = 0;
        int lineStart = 0;
        bool inLine = false;
        var lines = new List<(int Offset, int Length)>();
        while (inLine || (lines.Count < maxEntries && used < maxBytes))
        {
            if (_start == _end)
            {
                if (_endOfStream || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            ReadOnlySpan<byte> available = _buffer.AsSpan(_start, _end - _start);
            int newline = available.IndexOf((byte)'\n');
            ReadOnlySpan<byte> part = newline < 0 ? available : available[..newline];
            if (used - lineStart + part.Length > TileLayout.MaxEntrySize)
            {
                throw LineTooLong();
            }

            if (used + part.Length > arena.Length)
            {
                Array.Resize(ref arena, Math.Max(arena.Length * 2, used + part.Length));
            }

            part.CopyTo(arena.AsSpan(used));
            used += part.Length;
            inLine = true;
            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start += newline + 1;
            lines.Add((lineStart, used - lineStart));
            _linesRead++;
            lineStart = used;
            inLine = false;
        }

        if (inLine)
        {
            lines.Add((lineStart, used - lineStart));
            _linesRead++;
        }

        var entries = new List<ReadOnlyMemory<byte>>(lines.Count);
        foreach ((int offset, int length) in lines)
        {
            entries.Add(new ReadOnlyMemory<byte>(arena, offset, length));
        }

        return entries;
    }

    /// <summary>Reads the rest of the input without keeping it: counts its entries and checks their lengths.</summary>
    /// <exception cref="CommandFailedException">A line is longer than an entry may be (exit 2).</exception>
    public async Task<ulong> CountAsync(CancellationToken cancellationToken)
    {
        ulong count = 0;
        int lineLength = 0;
        bool inLine = false;
        while (_start < _end || (!_endOfStream && await FillAsync(cancellationToken).ConfigureAwait(false)))
        {
            ReadOnlySpan<byte> available = _buffer.AsSpan(_start, _end - _start);
            int newline = available.IndexOf((byte)'\n');
            lineLength += newline < 0 ? available.Length : newline;
            if (lineLength > TileLayout.MaxEntrySize)
            {
                throw LineTooLong();
            }

            inLine = true;
            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start += newline + 1;
            _linesRead++;
            count++;
            lineLength = 0;
            inLine = false;
        }

        if (inLine)
        {
            _linesRead++;
            count++;
        }

        return count;
    }

    private CommandFailedException LineTooLong() => CommandFailedException.BadInput(
        $"line {_linesRead + 1} of {_inputName} is longer than {TileLayout.MaxEntrySize} bytes, the most an entry can hold; nothing was appended.");

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
        _endOfStream = _end == 0;
        return !_endOfStream;
    }
}
