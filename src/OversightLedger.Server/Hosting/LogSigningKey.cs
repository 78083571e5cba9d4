using System.Text;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Hosting;

/// <summary>The log's Ed25519 signer key: read from the keys directory (mode 0700), or created there (mode 0600) on first start.</summary>
internal static class LogSigningKey
{
    /// <summary>The signer key in the file <paramref name="path"/>, which must be for <paramref name="origin"/> (never created: the azure profile's silos share one key).</summary>
    public static NoteSigner Load(string path, string origin)
    {
        var signer = new NoteSigner(File.ReadAllText(path, Encoding.UTF8).Trim());
        return signer.Name == origin
            ? signer
            : throw new InvalidOperationException($"The log key in {path} is for '{signer.Name}', but the log's origin is '{origin}'.");
    }

    public static NoteSigner LoadOrCreate(string keysDirectory, string origin)
    {
        SecretFiles.EnsureDirectory(keysDirectory);
        string path = Path.Combine(keysDirectory, "log.key");
        if (File.Exists(path))
        {
            var signer = new NoteSigner(File.ReadAllText(path, Encoding.UTF8).Trim());
            if (signer.Name != origin)
            {
                throw new InvalidOperationException($"The log key in {path} is for '{signer.Name}', but the log's origin is '{origin}'.");
            }

            return signer;
        }

        (string signerKey, _) = NoteSigner.Generate(origin);
        SecretFiles.WriteNew(path, Encoding.UTF8.GetBytes(signerKey + "\n"));
        return new NoteSigner(signerKey);
    }
}
