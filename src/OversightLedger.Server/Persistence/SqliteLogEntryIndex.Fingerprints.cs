using System.Buffers.Binary;
using System.Text;

namespace OversightLedger.Server.Persistence;

/// <summary>The index's keyed fingerprints of ids, and the in-memory filter over them.</summary>
public sealed partial class SqliteLogEntryIndex
{
    /// <summary>
    /// SipHash-2-4-128 (<see cref="SipHash128"/>) of an id's UTF-8 under the file's key: a keyed pseudorandom function, so
    /// that ids cannot be crafted to collide, computed in managed code. Schema version 1 used HMAC-SHA-256 truncated to
    /// 16 bytes, whose calls into OpenSSL were ~13 % of the index's CPU per new id (BENCHMARKS, "index-cost").
    /// </summary>
    private sealed class EntryFingerprints(byte[] key) : IDisposable
    {
        private readonly byte[] _key = key.Length == SipHash128.KeySize ? key : throw new ArgumentException($"The fingerprint key is {SipHash128.KeySize} bytes.", nameof(key));

        public void Compute(string entryId, Span<byte> fingerprint)
        {
            int length = Encoding.UTF8.GetByteCount(entryId);
            Span<byte> utf8 = length <= 512 ? stackalloc byte[length] : new byte[length];
            Encoding.UTF8.GetBytes(entryId, utf8);
            SipHash128.Hash(_key, utf8, fingerprint);
        }

        public void Dispose()
        {
            // Nothing native to release: kept so that the index's lifetimes stay as they were.
        }
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
