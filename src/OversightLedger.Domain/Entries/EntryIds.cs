using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// Builds every entry id the ledger writes, so that no principal's act can take or block the id of another's.
/// </summary>
/// <remarks>
/// <para>
/// An id is <c>&lt;kind&gt;/&lt;part&gt;/&lt;part&gt;…</c>: a fixed kind word, then a fixed number of parts per kind, each
/// escaped so it holds no <c>/</c> (<c>%</c>, <c>/</c>, white space and control characters become <c>%XX</c> of their
/// UTF-8 bytes, a lone surrogate <c>%uXXXX</c>). Splitting on <c>/</c> and unescaping gives back the kind and the parts,
/// so two different acts never get the same id, whatever the parts hold (a budget <c>a</c> with reference <c>b/c</c> and
/// a budget <c>a/b</c> with reference <c>c</c> stay apart).
/// </para>
/// <para>
/// Client-chosen ids live only under <see cref="DisbursementKind"/> (scoped to the program: only its agency disburses
/// there) and <see cref="RequestKind"/> (scoped to the caller's principal); every id the server derives has another kind,
/// or is one of the two older forms without a <c>/</c> (finding ids <c>f-…</c>, report ids <c>report-&lt;quarter&gt;</c>),
/// so no client id can ever equal a derived one. An id longer than <see cref="MaxLength"/> becomes
/// <c>sha256/&lt;64 hex digits&gt;</c> of the full id, a kind no caller can choose.
/// </para>
/// </remarks>
public static class EntryIds
{
    /// <summary>The longest entry id, in UTF-16 code units: room for a 64-character program and client id under their kind.</summary>
    public const int MaxLength = FieldFormat.MaxEntryIdLength;

    /// <summary>Separates the kind and the parts of an id.</summary>
    public const char Separator = '/';

    /// <summary>The kind of an agency's disbursement ids: <c>disbursement/&lt;program&gt;/&lt;client id&gt;</c>.</summary>
    public const string DisbursementKind = "disbursement";

    /// <summary>The kind of a caller's request ids: <c>request/&lt;principal&gt;/&lt;request id&gt;</c>.</summary>
    public const string RequestKind = "request";

    /// <summary>The kind of an id too long to write out: <c>sha256/&lt;hex of the full id&gt;</c>.</summary>
    public const string HashKind = "sha256";

    /// <summary>The entry id of disbursement <paramref name="clientId"/> (the agency's own id) in <paramref name="program"/>.</summary>
    public static string Disbursement(string program, string clientId) => Build(DisbursementKind, program, clientId);

    /// <summary>The entry id of <paramref name="requestId"/> sent by <paramref name="principal"/> (the caller's key principal).</summary>
    public static string Request(string principal, string requestId) => Build(RequestKind, principal, requestId);

    /// <summary>The entry id the request id <paramref name="requestId"/> gives, else the derived <paramref name="derived"/>.</summary>
    public static string RequestOr(string principal, string? requestId, string derived) =>
        requestId is null ? derived : Request(principal, requestId);

    /// <summary><c>budget-opened/&lt;budget&gt;</c>.</summary>
    public static string BudgetOpened(string budget) => Build("budget-opened", budget);

    /// <summary><c>funds-received/&lt;budget&gt;/&lt;transfer reference&gt;</c>.</summary>
    public static string FundsReceived(string budget, string reference) => Build("funds-received", budget, reference);

    /// <summary><c>tranche-added/&lt;budget&gt;/&lt;tranche&gt;</c>.</summary>
    public static string TrancheAdded(string budget, string tranche) => Build("tranche-added", budget, tranche);

    /// <summary><c>benchmark-verified/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;</c>.</summary>
    public static string BenchmarkVerified(string budget, string tranche, string benchmark) => Build("benchmark-verified", budget, tranche, benchmark);

    /// <summary><c>benchmark-defined/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;</c>: a benchmark is defined once.</summary>
    public static string BenchmarkDefined(string budget, string tranche, string benchmark) => Build("benchmark-defined", budget, tranche, benchmark);

    /// <summary>
    /// <c>benchmark-verification/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;/&lt;verifier&gt;/&lt;verifiedOn&gt;/&lt;evidence&gt;/&lt;value&gt;</c>:
    /// a defined benchmark takes several verifications, one per verifier and content, so a retry of the same one is the same
    /// entry and a verifier's new value is a new entry.
    /// </summary>
    public static string BenchmarkVerification(string budget, string tranche, string benchmark, string verifier, DateOnly verifiedOn, string evidenceSha256, string value) =>
        Build("benchmark-verification", budget, tranche, benchmark, verifier, verifiedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture), evidenceSha256, value);

    /// <summary><c>verifier-registered/&lt;budget&gt;/&lt;verifier&gt;</c>: a verifier is registered with a budget once.</summary>
    public static string VerifierRegistered(string budget, string verifier) => Build("verifier-registered", budget, verifier);

    /// <summary><c>benchmark-decided/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;/&lt;leaf count of the benchmark's verifications&gt;</c>: one decision per state of the dispute.</summary>
    public static string BenchmarkDecided(string budget, string tranche, string benchmark, int verifications) =>
        Build("benchmark-decided", budget, tranche, benchmark, verifications.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>review-opened/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;/&lt;review&gt;</c>: each scheduled review opens once, whichever silo's job gets there first.</summary>
    public static string ReviewOpened(string budget, string tranche, string benchmark, int review) =>
        Build("review-opened", budget, tranche, benchmark, review.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>review-closed/&lt;budget&gt;/&lt;tranche&gt;/&lt;benchmark&gt;/&lt;review&gt;</c>: each scheduled review closes once.</summary>
    public static string ReviewClosed(string budget, string tranche, string benchmark, int review) =>
        Build("review-closed", budget, tranche, benchmark, review.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// <c>consequence-applied/&lt;budget&gt;/&lt;id of the ReviewClosed entry&gt;</c>: a failed or missed review steps the ladder
    /// once, whichever pass of the review job gets there first.
    /// </summary>
    public static string ConsequenceApplied(string budget, string reviewClosedId) => Build("consequence-applied", budget, reviewClosedId);

    /// <summary><c>consequence-lifted/&lt;budget&gt;/&lt;step&gt;</c>: an applied step is lifted once.</summary>
    public static string ConsequenceLifted(string budget, int step) => Build("consequence-lifted", budget, step.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>tranche-released/&lt;budget&gt;/&lt;tranche&gt;</c>.</summary>
    public static string TrancheReleased(string budget, string tranche) => Build("tranche-released", budget, tranche);

    /// <summary><c>program-eligible/&lt;budget&gt;/&lt;program&gt;</c>.</summary>
    public static string ProgramEligible(string budget, string program) => Build("program-eligible", budget, program);

    /// <summary><c>exemption-granted/&lt;budget&gt;/&lt;exemption&gt;</c>.</summary>
    public static string ExemptionGranted(string budget, string exemption) => Build("exemption-granted", budget, exemption);

    /// <summary><c>exemption-renewed/&lt;budget&gt;/&lt;exemption&gt;/&lt;new sunset, yyyyMMddTHHmmssZ&gt;</c>.</summary>
    public static string ExemptionRenewed(string budget, string exemption, DateTimeOffset sunset) => Build("exemption-renewed", budget, exemption, Stamp(sunset));

    /// <summary><c>exemption-expired/&lt;budget&gt;/&lt;exemption&gt;/&lt;sunset, yyyyMMddTHHmmssZ&gt;</c>: once per sunset.</summary>
    public static string ExemptionExpired(string budget, string exemption, DateTimeOffset sunset) => Build("exemption-expired", budget, exemption, Stamp(sunset));

    /// <summary><c>program-opened/&lt;program&gt;</c>.</summary>
    public static string ProgramOpened(string program) => Build("program-opened", program);

    /// <summary><c>enrolled/&lt;program&gt;/&lt;pseudonym&gt;</c>.</summary>
    public static string Enrolled(string program, string pseudonym) => Build("enrolled", program, pseudonym);

    /// <summary>
    /// <c>reversal/&lt;program&gt;/&lt;disbursement client id&gt;/&lt;reason&gt;</c>: a reversal sent without a request id (a
    /// provider's reconciliation file) is once per disbursement and reason.
    /// </summary>
    public static string Reversal(string program, string clientId, string reason) => Build("reversal", program, clientId, reason);

    /// <summary><c>delivered/&lt;program&gt;/&lt;disbursement client id&gt;</c>: a disbursement's delivery is confirmed once.</summary>
    public static string Delivered(string program, string clientId) => Build("delivered", program, clientId);

    /// <summary><c>finding-disputed/&lt;finding&gt;/&lt;principal&gt;/&lt;digest of the response&gt;</c>.</summary>
    public static string FindingDisputed(string finding, string principal, string responseDigest) => Build("finding-disputed", finding, principal, responseDigest);

    /// <summary><c>finding-resolved/&lt;finding&gt;</c>.</summary>
    public static string FindingResolved(string finding) => Build("finding-resolved", finding);

    /// <summary><c>snap-back/&lt;budget&gt;/&lt;finding&gt;</c>: a confirmed finding freezes a budget once.</summary>
    public static string SnapBack(string budget, string finding) => Build("snap-back", budget, finding);

    /// <summary><c>checkpoint-anchored/&lt;size&gt;</c>: a checkpoint size is recorded as anchored in Bitcoin once.</summary>
    public static string CheckpointAnchored(long checkpointSize) => Build("checkpoint-anchored", checkpointSize.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// <c>witness-retired/&lt;witness&gt;/&lt;SHA-256 of the verifier key&gt;</c>: a witness key is retired once.
    /// </summary>
    public static string WitnessRetired(string witness, string verifierKey) =>
        Build("witness-retired", witness, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(verifierKey))));

    /// <summary>
    /// <c>sanctions-list-loaded/&lt;source&gt;/&lt;sha256&gt;/&lt;leaf of the source's previous load, or first&gt;</c>: a version of a
    /// list is recorded once after each other version, so every silo loading the same file records it once, and a list
    /// that goes back to an earlier version is recorded again.
    /// </summary>
    public static string SanctionsListLoaded(string source, string sha256, ulong? previousLoadLeaf) =>
        Build("sanctions-list-loaded", source, sha256, previousLoadLeaf?.ToString(CultureInfo.InvariantCulture) ?? "first");

    /// <summary><c>counterparty-registered/&lt;counterparty&gt;</c>: a counterparty is registered once.</summary>
    public static string CounterpartyRegistered(string counterparty) => Build("counterparty-registered", counterparty);

    /// <summary>
    /// <c>counterparty-screened/&lt;counterparty&gt;/&lt;lists digest&gt;</c>: a counterparty is screened once against each set of
    /// list versions (<see cref="ListsDigest"/>).
    /// </summary>
    public static string CounterpartyScreened(string counterparty, NameSet lists) => Build("counterparty-screened", counterparty, ListsDigest(lists));

    /// <summary>
    /// <c>screening-reviewed/&lt;counterparty&gt;/&lt;lists digest&gt;</c>: the id of both <c>ScreeningCleared</c> and
    /// <c>ScreeningConfirmed</c>, so the log holds at most one review of each screening.
    /// </summary>
    public static string ScreeningReviewed(string counterparty, NameSet lists) => Build("screening-reviewed", counterparty, ListsDigest(lists));

    /// <summary>The lower-case hex SHA-256 of the list versions, one a line, in ordinal order.</summary>
    public static string ListsDigest(NameSet lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lists))));
    }

    /// <summary>
    /// <c>jurisdiction-sanctioned/&lt;country&gt;/&lt;lifts so far&gt;</c>: a country is declared sanctioned once between two lifts,
    /// so a retry of the declaration is the same entry.
    /// </summary>
    public static string JurisdictionSanctioned(string country, int liftsSoFar) =>
        Build("jurisdiction-sanctioned", country, liftsSoFar.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>jurisdiction-lifted/&lt;country&gt;/&lt;lifts before this one&gt;</c>: each declaration is lifted once.</summary>
    public static string JurisdictionLifted(string country, int liftsSoFar) =>
        Build("jurisdiction-lifted", country, liftsSoFar.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>licence-recorded/&lt;licence&gt;</c>: a licence is recorded once.</summary>
    public static string LicenceRecorded(string licence) => Build("licence-recorded", licence);

    /// <summary><c>licence-amended/&lt;licence&gt;/&lt;amendment&gt;</c>: an amendment is recorded once.</summary>
    public static string LicenceAmended(string licence, string amendment) => Build("licence-amended", licence, amendment);

    /// <summary><c>licence-attached/&lt;budget&gt;/&lt;licence&gt;</c>: a licence is attached to a budget once.</summary>
    public static string LicenceAttached(string budget, string licence) => Build("licence-attached", budget, licence);

    /// <summary><c>licence-expired/&lt;licence&gt;/&lt;expiry, yyyyMMddTHHmmssZ&gt;</c>: once per expiry.</summary>
    public static string LicenceExpired(string licence, DateTimeOffset expires) => Build("licence-expired", licence, Stamp(expires));

    /// <summary><c>vetting-required/&lt;budget&gt;</c>: a budget's vetting term is set once.</summary>
    public static string VettingRequired(string budget) => Build("vetting-required", budget);

    /// <summary><c>vetter-registered/&lt;budget&gt;/&lt;vetter&gt;</c>.</summary>
    public static string VetterRegistered(string budget, string vetter) => Build("vetter-registered", budget, vetter);

    /// <summary><c>payment-list-submitted/&lt;program&gt;/&lt;list&gt;</c>: a list id is the agency's own, scoped to its program.</summary>
    public static string PaymentListSubmitted(string program, string list) => Build("payment-list-submitted", program, list);

    /// <summary><c>payment-list-vetted/&lt;program&gt;/&lt;list&gt;</c>: one vetting per list.</summary>
    public static string PaymentListVetted(string program, string list) => Build("payment-list-vetted", program, list);

    /// <summary><c>payment-list-expired/&lt;program&gt;/&lt;list&gt;</c>.</summary>
    public static string PaymentListExpired(string program, string list) => Build("payment-list-expired", program, list);

    /// <summary><c>report-&lt;quarter&gt;</c> (<see cref="ReportPublished.IdFor"/>): a quarter's report is published once.</summary>
    public static string Report(string quarter) => ReportPublished.IdFor(quarter);

    /// <summary>
    /// <c>&lt;kind&gt;/&lt;escaped part&gt;/…</c>, or its <see cref="HashKind"/> form when longer than <see cref="MaxLength"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is not a lower-case word with dashes, or there is no part.</exception>
    internal static string Build(string kind, params ReadOnlySpan<string> parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        if (kind.AsSpan().ContainsAnyExcept("abcdefghijklmnopqrstuvwxyz-") || parts.Length == 0)
        {
            throw new ArgumentException($"An entry id kind is a lower-case word with at least one part, not '{kind}'", nameof(kind));
        }

        var id = new StringBuilder(kind.Length + 32).Append(kind);
        foreach (string part in parts)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
            AppendEscaped(id.Append(Separator), part);
        }

        return id.Length <= MaxLength ? id.ToString() : Hashed(id.ToString());
    }

    private static string Hashed(string id) =>
        HashKind + Separator + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Appends <paramref name="part"/> with every character that could split or blur an id escaped. Each character maps
    /// to itself or to an escape that begins with '%', and '%' itself is escaped, so the mapping is injective; after it
    /// the id holds only well-formed UTF-16, which also keeps the hash form injective.
    /// </summary>
    private static void AppendEscaped(StringBuilder id, string part)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < part.Length; i++)
        {
            char c = part[i];
            if (char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1]))
            {
                id.Append(c).Append(part[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                id.Append(CultureInfo.InvariantCulture, $"%u{(int)c:X4}");
            }
            else if (c is '%' or Separator || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                int length = Encoding.UTF8.GetBytes([c], utf8);
                foreach (byte b in utf8[..length])
                {
                    id.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
                }
            }
            else
            {
                id.Append(c);
            }
        }
    }
}
