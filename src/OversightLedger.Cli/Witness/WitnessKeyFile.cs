using System.Text;
using OversightLedger.Cli.Execution;
using OversightLedger.Cli.Inputs;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Witness;

/// <summary>
/// A witness's key file: an Ed25519 signer key (<c>PRIVATE+KEY+name+hash+base64</c>, the format of a log's key file),
/// whose public side is registered with the log as a cosignature/v1 verifier key.
/// </summary>
internal static class WitnessKeyFile
{
    /// <summary>The cosigner of the key in <paramref name="path"/>.</summary>
    /// <exception cref="CommandFailedException">The file cannot be read or does not hold a signer key (exit 2).</exception>
    public static Cosigner Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.BadInput($"cannot read witness key file '{path}': {e.Message}", e);
        }

        try
        {
            return WitnessKeys.OpenCosigner(text);
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput(
                $"'{path}' does not hold a valid witness key (a signer key PRIVATE+KEY+…, as 'oversight witness keygen' writes): {e.Message}", e);
        }
    }

    /// <summary>Makes a key for <paramref name="name"/>: the secret in <paramref name="path"/> (mode 0600), the verifier key in <c>path.vkey</c>.</summary>
    /// <returns>The verifier key and the path of its file.</returns>
    /// <exception cref="CommandFailedException">The name is not a key name, or a file exists already (exit 2).</exception>
    public static (string VerifierKey, string VerifierKeyPath) Create(string name, string path)
    {
        string verifierKeyPath = path + ".vkey";
        foreach (string existing in new[] { path, verifierKeyPath })
        {
            if (File.Exists(existing) || Directory.Exists(existing))
            {
                throw CommandFailedException.BadInput($"'{existing}' already exists; refusing to overwrite it.");
            }
        }

        (string signerKey, string verifierKey) keys;
        try
        {
            keys = WitnessKeys.Generate(name);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.BadInput($"--name '{name}' cannot name a key: it must be non-empty, without spaces or '+'.", e);
        }

        KeyFiles.WriteSecret(path, keys.signerKey);
        try
        {
            KeyFiles.WritePublic(verifierKeyPath, keys.verifierKey);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return (keys.verifierKey, verifierKeyPath);
    }
}
