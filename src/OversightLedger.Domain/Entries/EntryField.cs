using System.Text.Json;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// One member of an entry object as <see cref="EntryObject"/> found it in the entry's bytes (where its name and its value
/// lie), and what <see cref="EntryFieldReader"/> made of it (whether it was read, and read from canonical bytes).
/// </summary>
/// <remarks>A plain struct so that an entry's dozen members fit in a <c>stackalloc</c>.</remarks>
internal struct EntryField
{
    /// <summary>
    /// Where the name starts: in the entry's bytes just after the opening quote or, when <see cref="NameIsEscaped"/>, in
    /// the object's buffer of unescaped names.
    /// </summary>
    internal int NameStart;

    /// <summary>The length in bytes of the name (unescaped when <see cref="NameIsEscaped"/>).</summary>
    internal int NameLength;

    /// <summary>The name's first (up to) eight bytes, packed: a quick first test when a reader looks a field up.</summary>
    internal ulong NameKey;

    /// <summary>The name was written with escape sequences (never canonical).</summary>
    internal bool NameIsEscaped;

    /// <summary>The name's escape sequences make no UTF-16 text (a lone surrogate).</summary>
    internal bool NameIsInvalid;

    /// <summary>The value's first token: a string, a number, true, false, null, an array or an object.</summary>
    internal JsonTokenType ValueType;

    /// <summary>Where the value starts in the entry's bytes (the opening quote of a string, the '[' of an array).</summary>
    internal int ValueStart;

    /// <summary>The length of the value in bytes, quotes and brackets included.</summary>
    internal int ValueLength;

    /// <summary>The value is a string written with escape sequences.</summary>
    internal bool ValueIsEscaped;

    /// <summary>A reader asked for this field.</summary>
    internal bool IsRead;

    /// <summary>The value's bytes are exactly what the entry read from them writes back.</summary>
    internal bool IsCanonical;
}
