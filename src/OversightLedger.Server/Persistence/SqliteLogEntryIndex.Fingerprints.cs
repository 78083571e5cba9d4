using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OversightLedger.Server.Persistence;

/// <summary>The index's keyed fingerprints of ids, and the in-memory filter over them.</summary>
public sealed partial class SqliteLogEntryIndex
{
    /// <summary>
    /// HMAC-SHA-256 of an id under the file's key, truncated to 16 bytes. One instance per thread (the sequencer's, the
    /// writer's): the keyed state is set up once, not per id as the one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> does.
    /// </summary>
    private sealed class EntryFingerprints(byte[] key) : IDisposable
    {
        private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        public void Compute(string entryId, Span<byte> fingerprint)
        {
            int length = Encoding.UTF8.GetByteCount(entryId);
            Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
            Encoding.UTF8.GetBytes(entryId, utf8);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.AppendData(utf8);
            _hmac.GetHashAndReset(hash);
            hash[..FingerprintLength].CopyTo(fingerprint);
        }

        public void Dispose() => _hmac.Dispose();
    }

    /// <summary>A Bloom filter over fingerprints (already keyed and uniform): 7 probes from their two 64-bit halves.</summary>
    private sealed class FingerprintFilter(long bits)
    {
        private const int Probes = 7;
        private readonly long[] _words = new long[(bits + 63) / 64];

        private volatile bool _complete;

        /// <summary>Whether every id of the file has been added.</summary>
        public bool Complete
        {
            get => _complete;
            set => _complete = value;
        }

        public void Add(ReadOnlySpan<byte> fingerprint)
        {
            (ulong first, ulong step) = Halves(fingerprint);
            ulong size = (ulong)_words.Length * 64;
            for (int i = 0; i < Probes; i++)
            {
                ulong bit = (first + ((ulong)i * step)) % size;
                Interlocked.Or(ref _words[bit >> 6], 1L << (int)(bit & 63));
            }
        }

        public bool MayContain(ReadOnlySpan<byte> fingerprint)
        {
            (ulong first, ulong step) = Halves(fingerprint);
            ulong size = (ulong)_words.Length * 64;
            for (int i = 0; i < Probes; i++)
            {
                ulong bit = (first + ((ulong)i * step)) % size;
                if ((Volatile.Read(ref _words[bit >> 6]) & (1L << (int)(bit & 63))) == 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static (ulong First, ulong Step) Halves(ReadOnlySpan<byte> fingerprint) =>
            (BinaryPrimitives.ReadUInt64LittleEndian(fingerprint), BinaryPrimitives.ReadUInt64LittleEndian(fingerprint[8..]) | 1);
    }
}
