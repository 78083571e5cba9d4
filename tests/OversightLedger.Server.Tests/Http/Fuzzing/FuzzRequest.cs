using System.Text;

namespace OversightLedger.Server.Tests.Http.Fuzzing;

/// <summary>One generated request: what is sent, as whom, and which defect it carries (printed when it fails).</summary>
/// <param name="Number">Its place in the run (with the seed, enough to make it again).</param>
/// <param name="Template">The operation's path template (the path itself for a listed path).</param>
/// <param name="Principal">Whose key it carries: admin, donor, agency, watchdog, forged (a hostile Authorization header) or none.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query, percent-encoded as sent.</param>
/// <param name="Headers">Extra request headers (sent without validation).</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
/// <param name="Body">The body's bytes, or null for no body.</param>
/// <param name="Defect">What is wrong with it, in words.</param>
/// <param name="Writes">Whether the operation may change something, so that a 2xx means bad input was accepted.</param>
internal sealed record FuzzRequest(
    int Number, string Template, string Principal, string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, byte[]? Body, string Defect, bool Writes)
{
    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append('#').Append(Number).Append(" as ").Append(Principal).Append(": ").Append(Method).Append(' ').Append(Shorten(PathAndQuery, 300))
            .Append(" [").Append(Defect).Append(']');
        foreach (KeyValuePair<string, string> header in Headers)
        {
            text.Append("\n    ").Append(header.Key).Append(": ").Append(Shorten(header.Value, 200));
        }

        if (ContentType is not null)
        {
            text.Append("\n    Content-Type: ").Append(ContentType);
        }

        if (Body is not null)
        {
            text.Append("\n    body (").Append(Body.Length).Append(" bytes): ").Append(Shorten(Encoding.UTF8.GetString(Body), 300));
        }

        return text.ToString();
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + $"… ({text.Length} characters)";
}
