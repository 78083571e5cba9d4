using NBitcoin;

namespace OversightLedger.Anchoring.Service;

/// <summary>
/// The anchor wallet's key file: one line, the private key in wallet import format (WIF) for its network. It must be
/// readable by its owner only (mode 0600, as <c>oversight anchor keygen</c> writes it).
/// </summary>
public static class AnchorWalletKey
{
    /// <summary>A new key's file contents for <paramref name="network"/>.</summary>
    public static (string FileText, BitcoinAddress Address) Create(Network network)
    {
        var key = new Key();
        return (key.GetWif(network) + "\n", Address(key, network));
    }

    /// <summary>The wallet's P2WPKH address.</summary>
    public static BitcoinAddress Address(Key key, Network network) => key.PubKey.GetAddress(ScriptPubKeyType.Segwit, network);

    /// <summary>Reads the key file.</summary>
    /// <exception cref="InvalidOperationException">The file is readable or writable by others, or holds no key of <paramref name="network"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Key Read(string path, Network network)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"The anchor wallet key file {path} is readable or writable by others; make it mode 0600.");
        }

        string text = File.ReadAllText(path).Trim();
        try
        {
            return new BitcoinSecret(text, network).PrivateKey;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"The anchor wallet key file {path} does not hold a private key (WIF) for {network.ChainName}.", e);
        }
    }
}
