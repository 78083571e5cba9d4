using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OversightLedger.Cli.Agency;
using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Witness;

/// <summary>
/// Hands a witness's cosignature of a checkpoint to the ledger server (<c>POST &lt;log&gt;/cosignature</c>). A checkpoint the log has moved
/// past comes back as <see cref="SubmissionOutcome.Stale"/> (the caller cosigns the new one); any other refusal or HTTP
/// failure is bad input (exit 2): a refusal is about the submission, not a verdict on the log.
/// </summary>
internal sealed class CosignatureSubmitter(Uri logBase, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = timeout };

    /// <summary>Where the cosignature goes.</summary>
    public Uri Endpoint { get; } = new(logBase, "cosignature");

    /// <summary>
    /// Sends the checkpoint text with <paramref name="cosignature"/> alone (other witnesses' lines are theirs to submit);
    /// on acceptance returns how many cosignatures the checkpoint now carries, this one among them.
    /// </summary>
    public async Task<(SubmissionOutcome Outcome, int Cosignatures, string? Detail)> SubmitAsync(
        string checkpointText, NoteSignature cosignature, CancellationToken cancellationToken)
    {
        byte[] note = new SignedNote(checkpointText, [cosignature]).Format();
        var content = new ByteArrayContent(note);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(Endpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw CommandFailedException.BadInput($"cannot reach {Endpoint} to submit the cosignature: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.BadInput($"{Endpoint} did not answer within {_http.Timeout.TotalSeconds:0} s; the cosignature may not be submitted (running again is safe).", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.OK)
            {
                string[] stored = await ReadCosignaturesAsync(response, cancellationToken).ConfigureAwait(false);
                return stored.Contains(cosignature.ToString(), StringComparer.Ordinal)
                    ? (SubmissionOutcome.Accepted, stored.Length, null)
                    : throw CommandFailedException.BadInput($"{Endpoint} answered 200 but does not list this witness's cosignature among the {stored.Length} it holds.");
            }

            LedgerProblem problem = await LedgerProblem.ReadAsync(response, cancellationToken).ConfigureAwait(false);
            if (problem.Status == HttpStatusCode.Conflict && problem.Code == "stale-checkpoint")
            {
                return (SubmissionOutcome.Stale, 0, problem.Description);
            }

            string code = problem.Code is null ? string.Empty : problem.Code + ": ";
            throw CommandFailedException.BadInput($"{Endpoint} refused the cosignature (HTTP {(int)problem.Status}): {code}{problem.Description}");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<string[]> ReadCosignaturesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            return [.. body.RootElement.GetProperty("cosignatures").EnumerateArray().Select(line => line.GetString() ?? string.Empty)];
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw CommandFailedException.BadInput($"{Endpoint} accepted the cosignature but answered with JSON the CLI cannot read: {e.Message}", e);
        }
    }
}
