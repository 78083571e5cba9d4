using System.Security.Cryptography;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
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

    /// <summary>The keyed pseudonym of a counterparty's name (<c>cp_…</c>): the only form of the name the log holds.</summary>
    public CounterpartyPseudonym DeriveCounterparty(string name) => CounterpartyPseudonym.Derive(_secret, name);

    /// <summary>
    /// A counterparty's id, <c>cpty-</c> and 24 hex digits of an HMAC under this key of the registering agency and every
    /// detail given: the same registration sent again is the same counterparty (idempotent without a request id), two
    /// agencies registering one organisation get two counterparties, and the id tells nothing about the name.
    /// </summary>
    public string CounterpartyId(string agency, string kind, string normalizedName, string? country, string? dateOfBirth, string? registrationNumber)
    {
        string message = string.Join('\n', "counterparty-id", agency, kind, normalizedName, country ?? string.Empty, dateOfBirth ?? string.Empty, registrationNumber ?? string.Empty);
        byte[] mac = HMACSHA256.HashData(_secret.ToArray(), System.Text.Encoding.UTF8.GetBytes(message));
        return "cpty-" + Convert.ToHexStringLower(mac.AsSpan(0, 12));
    }

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
