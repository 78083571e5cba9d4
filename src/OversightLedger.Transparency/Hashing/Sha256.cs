using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OversightLedger.Transparency.Hashing;

/// <summary>
/// One-shot SHA-256 for the tree's small inputs. <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// goes through OpenSSL's EVP layer, which costs about 650 ns per call here, for a 65-byte node whose hashing
/// takes about 100 ns with the CPU's SHA extensions. OpenSSL's own SHA256_Init/Update/Final skip that layer, so
/// on Linux we call them directly (the same library .NET uses; the results are checked against
/// <see cref="SHA256"/> in tests), and fall back to <see cref="SHA256"/> wherever libcrypto is not found.
/// </summary>
internal static unsafe class Sha256
{
    private const int ContextSize = 128; // sizeof(SHA256_CTX) is 112 in OpenSSL 1.1 and 3.x
    private static readonly delegate* unmanaged<byte*, int> Init;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<byte*, byte*, int> Final;

    static Sha256()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OVERSIGHT_MANAGED_SHA256") == "1")
        {
            return;
        }

        foreach (string name in new[] { "libcrypto.so.3", "libcrypto.so.1.1" })
        {
            if (NativeLibrary.TryLoad(name, out IntPtr library)
                && NativeLibrary.TryGetExport(library, "SHA256_Init", out IntPtr init)
                && NativeLibrary.TryGetExport(library, "SHA256_Update", out IntPtr update)
                && NativeLibrary.TryGetExport(library, "SHA256_Final", out IntPtr final))
            {
                Init = (delegate* unmanaged<byte*, int>)init;
                Update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
                Final = (delegate* unmanaged<byte*, byte*, int>)final;
                IsNative = true;
                return;
            }
        }
    }

    /// <summary>Whether hashing goes straight to libcrypto.</summary>
    public static bool IsNative { get; }

    /// <summary>SHA-256 of <paramref name="prefix"/> ‖ <paramref name="data"/> into <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(byte prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!IsNative)
        {
            ManagedHash(prefix, data, destination);
            return;
        }

        byte* context = stackalloc byte[ContextSize];
        fixed (byte* input = data)
        fixed (byte* output = destination)
        {
            Init(context);
            Update(context, &prefix, 1);
            Update(context, input, (nuint)data.Length);
            Final(output, context);
        }
    }

    /// <summary>SHA-256 of 0x01 ‖ left ‖ right (an RFC 6962 interior node).</summary>
    public static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        byte* input = stackalloc byte[1 + (2 * MerkleHash.Size)];
        input[0] = Rfc6962.NodePrefix;
        left.CopyTo(new Span<byte>(input + 1, MerkleHash.Size));
        right.CopyTo(new Span<byte>(input + 1 + MerkleHash.Size, MerkleHash.Size));
        var bytes = new ReadOnlySpan<byte>(input, 1 + (2 * MerkleHash.Size));
        if (!IsNative)
        {
            SHA256.HashData(bytes, destination);
            return;
        }

        byte* context = stackalloc byte[ContextSize];
        fixed (byte* output = destination)
        {
            Init(context);
            Update(context, input, (nuint)bytes.Length);
            Final(output, context);
        }
    }

    /// <summary>The same digest through .NET's own API (the fallback, and the reference in tests).</summary>
    internal static void ManagedHash(byte prefix, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([prefix]);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }
}
