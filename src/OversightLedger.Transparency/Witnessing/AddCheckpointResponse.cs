using System.Globalization;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// A witness's answer to <c>add-checkpoint</c> (c2sp.org/tlog-witness): the HTTP status, the content type and the body.
/// 200 carries the cosignature lines; 409 for a stale old size carries the witness's size as <c>text/x.tlog.size</c>;
/// every other refusal is a one-line <c>text/plain</c> reason.
/// </summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The body's media type.</param>
/// <param name="Body">The body.</param>
public sealed record AddCheckpointResponse(int StatusCode, string ContentType, string Body)
{
    /// <summary>The media type of a 409's body naming the witness's latest cosigned size.</summary>
    public const string TreeSizeMediaType = "text/x.tlog.size";

    /// <summary>200 with the cosignature lines (each "— name base64\n").</summary>
    public static AddCheckpointResponse Cosigned(string signatureLines) => new(200, "text/plain; charset=utf-8", signatureLines);

    /// <summary>409 because the old size is not the size the witness cosigned last, which the body names.</summary>
    public static AddCheckpointResponse SizeConflict(ulong latestSize) =>
        new(409, TreeSizeMediaType, string.Create(CultureInfo.InvariantCulture, $"{latestSize}\n"));

    /// <summary>A refusal with a one-line reason.</summary>
    public static AddCheckpointResponse Refused(int statusCode, string reason) =>
        new(statusCode, "text/plain; charset=utf-8", reason.ReplaceLineEndings(" ") + "\n");
}
