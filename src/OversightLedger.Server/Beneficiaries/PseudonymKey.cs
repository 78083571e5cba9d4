using System.Security.Cryptography;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Server.Hosting;

namespace OversightLedger.Server.Beneficiaries;

/// <summary>
/// The ledger's secret for keyed pseudonyms (HMAC-SHA-256). One key for the whole ledger, not one per
/// program, so the same beneficiary reference gives the same pseudonym in every program and a watchdog can
/// see a person paid twice across programs (DESIGN §5.6) without ever seeing who it is. Kept in the keys
/// directory (mode 0600, directory 0700); it never leaves the server, and agency references never reach a grain or the log.
/// </summary>
internal sealed class PseudonymKey
{
    private readonly ProgramSecret _secret;

    private PseudonymKey(ProgramSecret secret) => _secret = secret;

    public BeneficiaryPseudonym Derive(string agencyReference) => BeneficiaryPseudonym.Derive(_secret, agencyReference);

    public static PseudonymKey LoadOrCreate(string keysDirectory)
    {
        SecretFiles.EnsureDirectory(keysDirectory);
        string path = Path.Combine(keysDirectory, "pseudonym.key");
        if (File.Exists(path))
        {
            return new PseudonymKey(ProgramSecret.FromBytes(Convert.FromBase64String(File.ReadAllText(path).Trim())));
        }

        byte[] secret = RandomNumberGenerator.GetBytes(ProgramSecret.Length);
        SecretFiles.WriteNew(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(secret) + "\n"));
        return new PseudonymKey(ProgramSecret.FromBytes(secret));
    }
}
