namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The auditor's commands the HTML report prints in its "How to verify this report" box, with the options of the
/// <c>oversight</c> CLI (<c>--log</c>, <c>--vkey</c>, <c>--index</c>, <c>--report</c>).
/// </summary>
internal static class VerificationCommands
{
    /// <summary>The log's URL: the base URL without trailing slashes, then <c>/log</c>.</summary>
    public static string LogUrl(string publicBaseUrl) => publicBaseUrl.TrimEnd('/') + "/log";

    /// <summary><c>oversight verify log</c>: the checkpoint's signature, every entry, every tile, the root.</summary>
    public static string VerifyLog(string logUrl, string verifierKey) =>
        $"oversight verify log --log {Quote(logUrl)} --vkey {Quote(verifierKey)}";

    /// <summary><c>oversight replay</c>: recompute every figure of the report from the log and compare.</summary>
    public static string Replay(string logUrl, string verifierKey, string reportFile) =>
        $"oversight replay --log {Quote(logUrl)} --vkey {Quote(verifierKey)} --report {Quote(reportFile)}";

    /// <summary><c>oversight verify inclusion</c>: one entry (a leaf a table or the IATI file cites) is in the log.</summary>
    public static string VerifyInclusion(string logUrl, string verifierKey, ulong index) =>
        $"oversight verify inclusion --log {Quote(logUrl)} --vkey {Quote(verifierKey)} --index {index}";

    /// <summary><c>oversight verify anchor</c>: the anchor proof of the checkpoint the report's anchor names, pinned to its block.</summary>
    public static string VerifyAnchor(string proofUrl, string verifierKey, string network, string blockHash) =>
        $"oversight verify anchor {Quote(proofUrl)} --vkey {Quote(verifierKey)} --network {Quote(network)} --block {Quote(blockHash)}";

    /// <summary>
    /// A POSIX shell word: as is when it holds only characters no shell treats specially, else in single quotes (a
    /// single quote inside written <c>'\''</c>).
    /// </summary>
    public static string Quote(string word)
    {
        bool plain = word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%,".Contains(c, StringComparison.Ordinal));
        return plain ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
