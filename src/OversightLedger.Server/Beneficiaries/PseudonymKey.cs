using System.Security.Cryptography;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Server.Beneficiaries;

/// <summary>
/// The ledger's secret for keyed pseudonyms (HMAC-SHA-256). One key for the whole ledger, not one per
/// program, so the same beneficiary reference gives the same pseudonym in every program and a watchdog can
/// see a person paid twice across programs (DESIGN §5.6) without ever seeing who it is. Kept in the keys
/// directory (mode 0600); it never leaves the server, and agency references never reach a grain or the log.
/// </summary>
internal sealed class PseudonymKey
{
    private readonly ProgramSecret _secret;

    private PseudonymKey(ProgramSecret secret) => _secret = secret;

    public BeneficiaryPseudonym Derive(string agencyReference) => BeneficiaryPseudonym.Derive(_secret, agencyReference);

    public static PseudonymKey LoadOrCreate(string keysDirectory)
    {
        string path = Path.Combine(keysDirectory, "pseudonym.key");
        if (File.Exists(path))
        {
            return new PseudonymKey(ProgramSecret.FromBytes(Convert.FromBase64String(File.ReadAllText(path).Trim())));
        }

        Directory.CreateDirectory(keysDirectory);
        byte[] secret = RandomNumberGenerator.GetBytes(ProgramSecret.Length);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(secret) + "\n"));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path);
        return new PseudonymKey(ProgramSecret.FromBytes(secret));
    }
}
