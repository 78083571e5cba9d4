using System.Text.Json;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The items of one array value of an entry, in order: where each starts, its token type and its bytes. Arrays the
/// canonical scan of <see cref="EntryObject"/> already checked are split at their commas directly; any other array is
/// read by <see cref="Utf8JsonReader"/>.
/// </summary>
/// <remarks>An item that is itself an array or an object is reported by its type only: the readers refuse it.</remarks>
internal ref struct EntryArrayItems
{
    private readonly ReadOnlySpan<byte> _array;
    private readonly bool _isFlat;
    private Utf8JsonReader _reader;
    private int _next = 1;

    /// <summary>Iterates <paramref name="array"/>, valid JSON from '[' to ']'.</summary>
    /// <param name="array">The array's bytes.</param>
    /// <param name="isFlat">The array holds only canonical strings and integers joined by single commas (as the canonical scan checked).</param>
    internal EntryArrayItems(ReadOnlySpan<byte> array, bool isFlat)
    {
        _array = array;
        _isFlat = isFlat;
        if (!isFlat)
        {
            _reader = new Utf8JsonReader(array);
            _reader.Read();
        }
    }

    /// <summary>Where the current item starts in the array's bytes.</summary>
    internal int Start { get; private set; }

    /// <summary>The current item's type.</summary>
    internal JsonTokenType Type { get; private set; }

    /// <summary>The current item's bytes (a string's with its quotes).</summary>
    internal ReadOnlySpan<byte> Token { get; private set; }

    /// <summary>The current item is a string written with escape sequences.</summary>
    internal bool IsEscaped { get; private set; }

    /// <summary>Where the closing ']' is, once <see cref="MoveNext"/> has returned false.</summary>
    internal int End { get; private set; }

    /// <summary>Moves to the next item; false at the end of the array.</summary>
    internal bool MoveNext()
    {
        if (_isFlat)
        {
            if (_next >= _array.Length - 1)
            {
                End = _array.Length - 1;
                return false;
            }

            Start = _next;
            bool isString = _array[Start] == '"';
            bool escaped = false;
            int end = isString ? EntryObject.CanonicalStringEnd(_array, Start, out escaped) : EntryObject.CanonicalIntegerEnd(_array, Start);
            Type = isString ? JsonTokenType.String : JsonTokenType.Number;
            Token = _array[Start..end];
            IsEscaped = escaped;
            _next = end + 1;
            return true;
        }

        if (!_reader.Read() || _reader.TokenType == JsonTokenType.EndArray)
        {
            End = (int)_reader.TokenStartIndex;
            return false;
        }

        Start = (int)_reader.TokenStartIndex;
        Type = _reader.TokenType;
        Token = Type == JsonTokenType.String ? _array.Slice(Start, _reader.ValueSpan.Length + 2) : _reader.ValueSpan;
        IsEscaped = _reader.ValueIsEscaped;
        return true;
    }
}
