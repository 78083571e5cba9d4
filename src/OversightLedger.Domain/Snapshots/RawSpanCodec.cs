using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OversightLedger.Domain.Snapshots;

/// <summary>
/// Arrays of 8-byte words (<c>ulong</c>, <c>long</c>, structs of them) written to and read from a snapshot body as one
/// block of little-endian bytes: a restore copies them in bulk instead of reading item by item (issue 17: the program's
/// snapshot of a million beneficiaries restores in milliseconds).
/// </summary>
internal static class RawSpanCodec
{
    /// <summary>Writes <paramref name="values"/> as their little-endian words, without a count.</summary>
    public static void Write<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        CheckWords<T>();
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        ulong[] words = MemoryMarshal.Cast<T, ulong>(values).ToArray();
        BinaryPrimitives.ReverseEndianness(words, words);
        writer.Write(MemoryMarshal.AsBytes(words.AsSpan()));
    }

    /// <summary>Reads <paramref name="count"/> values <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The body ends before them (checked before anything is allocated).</exception>
    public static T[] Read<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        CheckWords<T>();
        long bytes = (long)count * Unsafe.SizeOf<T>();
        Stream stream = reader.BaseStream;
        if (count < 0 || bytes > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"The snapshot ends before the {count} items it says follow.");
        }

        T[] values = GC.AllocateUninitializedArray<T>(count);
        stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            Span<ulong> words = MemoryMarshal.Cast<T, ulong>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return values;
    }

    /// <summary>Reads exactly <paramref name="into"/>.Length values into it.</summary>
    public static void ReadInto<T>(BinaryReader reader, Span<T> into)
        where T : unmanaged
    {
        CheckWords<T>();
        Stream stream = reader.BaseStream;
        if ((long)into.Length * Unsafe.SizeOf<T>() > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"The snapshot ends before the {into.Length} items it says follow.");
        }

        stream.ReadExactly(MemoryMarshal.AsBytes(into));
        if (!BitConverter.IsLittleEndian)
        {
            Span<ulong> words = MemoryMarshal.Cast<T, ulong>(into);
            BinaryPrimitives.ReverseEndianness(words, words);
        }
    }

    private static void CheckWords<T>()
        where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() % sizeof(ulong) != 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} is not made of 8-byte words.");
        }
    }
}
