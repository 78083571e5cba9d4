using System.Text.Json.Serialization;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Api;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// <c>POST /log/cosignature</c>: a witness hands in its cosignature of the current checkpoint, as a signed note (the
/// checkpoint text, a blank line, its cosignature line, and any other lines, which are ignored). No API key: the
/// cosignature of a registered witness key is the credential.
/// </summary>
internal static class CosignatureSubmission
{
    /// <summary>The largest note accepted: a checkpoint and a hundred signature lines fit in far less.</summary>
    public const int MaxNoteBytes = 64 * 1024;

    public static async Task<IResult> SubmitAsync(HttpRequest request, CosignatureStore store, CancellationToken cancellationToken)
    {
        byte[]? note = await ReadBodyAsync(request, cancellationToken);
        if (note is null)
        {
            return TypedResults.Problem(
                detail: $"A cosigned checkpoint note is at most {MaxNoteBytes} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The request body is too large.",
                type: Problems.TypeBase + "too-large");
        }

        CosignedCheckpoint cosigned;
        try
        {
            cosigned = await store.AddAsync(note, cancellationToken);
        }
        catch (CosignatureRejectedException e)
        {
            return Refused(e);
        }

        return TypedResults.Ok(new CosignatureAccepted(
            cosigned.Checkpoint.Origin,
            cosigned.Checkpoint.Size,
            cosigned.Checkpoint.Root.ToBase64(),
            [.. cosigned.Cosignatures.Select(line => line.ToString())]));
    }

    private static IResult Refused(CosignatureRejectedException e) => e.Reason switch
    {
        CosignatureRejection.MalformedNote => Problems.Rule("malformed-note", e.Message, StatusCodes.Status400BadRequest),
        CosignatureRejection.WrongLog => Problems.Rule("wrong-log", e.Message, StatusCodes.Status422UnprocessableEntity),
        CosignatureRejection.StaleCheckpoint => Problems.Rule("stale-checkpoint", e.Message, StatusCodes.Status409Conflict),
        CosignatureRejection.UnknownWitness => Problems.Rule("unknown-witness", e.Message, StatusCodes.Status403Forbidden),
        CosignatureRejection.InvalidCosignature => Problems.Rule("invalid-cosignature", e.Message, StatusCodes.Status422UnprocessableEntity),
        _ => throw new InvalidOperationException($"No answer for {e.Reason}.", e),
    };

    /// <summary>The body's bytes, or null when it is longer than <see cref="MaxNoteBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxNoteBytes)
        {
            return null;
        }

        using var body = new MemoryStream();
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxNoteBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }
}

/// <summary>The cosignatures the log now holds for its current checkpoint (all witnesses', the submitted ones included).</summary>
internal sealed record CosignatureAccepted(
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("treeSize")] ulong TreeSize,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("cosignatures")] string[] Cosignatures);
