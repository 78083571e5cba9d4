using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;
using OversightLedger.Transparency.Storage;
using OversightLedger.Transparency.Tiles;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The log side of c2sp.org/tlog-witness for one witness: <see cref="SubmitAsync"/> POSTs <c>add-checkpoint</c> with
/// the size the witness is believed to have cosigned last (<see cref="KnownSize"/>; 0 at first), the consistency proof
/// from that size, read from the log's own tiles, and the log's signed checkpoint. A 409 with <c>text/x.tlog.size</c>
/// names the witness's real size: the client takes it and resubmits from it (a few times in a row at most). A 200's
/// lines count only when one of them is of the witness's configured key and verifies on the submitted checkpoint, so
/// garbage, another key's line or a cosignature of another checkpoint is never handed on. Not thread-safe: one
/// submission at a time (<see cref="WitnessSubmitter"/> runs it that way).
/// </summary>
public sealed class WitnessClient
{
    /// <summary>How many 409s with a size the client follows in one submission before it gives up until the next try.</summary>
    public const int MaxSizeConflicts = 3;

    /// <summary>The most bytes of a witness's answer that are read: a few cosignature lines fit in far less.</summary>
    public const int MaxAnswerBytes = 64 * 1024;

    private readonly HttpClient _http;

    /// <summary>A client of the witness at <paramref name="url"/> (its submission prefix; <c>add-checkpoint</c> is appended).</summary>
    /// <param name="name">The witness's name in log messages.</param>
    /// <param name="witnessKey">The witness's cosignature/v1 verifier key: only its lines are kept.</param>
    /// <param name="url">The witness's URL prefix, such as <c>https://witness.example.org/</c>.</param>
    /// <param name="http">The HTTP client to send with (its timeout bounds each request); the caller owns it.</param>
    /// <exception cref="FormatException">The key is not a cosignature/v1 verifier key.</exception>
    /// <exception cref="ArgumentException">The URL is not an absolute http or https URL.</exception>
    public WitnessClient(string name, string witnessKey, Uri url, HttpClient http)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(witnessKey);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(http);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The witness URL '{url}' is not an absolute http or https URL.", nameof(url));
        }

        Name = name;
        Key = new CosignatureVerifier(witnessKey.Trim());
        AddCheckpointUrl = new Uri(url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"), "add-checkpoint");
        _http = http;
    }

    /// <summary>The witness's name in log messages.</summary>
    public string Name { get; }

    /// <summary>The witness's cosignature/v1 key.</summary>
    public CosignatureVerifier Key { get; }

    /// <summary>Where <c>add-checkpoint</c> is POSTed.</summary>
    public Uri AddCheckpointUrl { get; }

    /// <summary>The size the witness is believed to have cosigned last: 0 until it cosigns or names its size in a 409.</summary>
    public ulong KnownSize { get; private set; }

    /// <summary>
    /// Submits <paramref name="checkpoint"/> (the log's signed note, without cosignatures), proving consistency from
    /// <see cref="KnownSize"/> with the tiles in <paramref name="log"/>. Never throws for what the witness or the network
    /// does: every failure is an outcome with a reason.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<WitnessSubmission> SubmitAsync(SignedCheckpoint checkpoint, ILogReader log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(log);
        ulong size = checkpoint.Checkpoint.Size;
        for (int conflicts = 0; ; conflicts++)
        {
            ulong old = KnownSize;
            if (old > size)
            {
                return WitnessSubmission.Failed(
                    WitnessSubmissionOutcome.WitnessAhead,
                    $"witness '{Name}' has cosigned a tree of size {old}, larger than the log's checkpoint of size {size}");
            }

            MerkleHash[] proof;
            try
            {
                proof = old == 0 || old == size ? [] : await ProofBuilder.ConsistencyAsync(new TileNodeHashReader(log, size), old, size, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                return WitnessSubmission.Failed(
                    WitnessSubmissionOutcome.LogUnreadable, $"the consistency proof from size {old} to {size} for witness '{Name}' could not be read from the log: {e.Message}");
            }

            Answer received = await PostAsync(new AddCheckpointRequest(old, proof, checkpoint.Format()).Format(), cancellationToken).ConfigureAwait(false);
            if (received.Failure is not null)
            {
                return WitnessSubmission.Failed(WitnessSubmissionOutcome.Unreachable, received.Failure);
            }

            if (received.Status == HttpStatusCode.OK)
            {
                return Cosignature(checkpoint.Checkpoint, received.Body);
            }

            if (received.Status == HttpStatusCode.Conflict && received.MediaType == AddCheckpointResponse.TreeSizeMediaType)
            {
                if (!TryParseSize(received.Body, out ulong witnessSize) || witnessSize == old)
                {
                    return WitnessSubmission.Failed(
                        WitnessSubmissionOutcome.Refused, $"witness '{Name}' answered 409 with a size that is not a new decimal size: '{FirstLine(received.Body)}'");
                }

                KnownSize = witnessSize;
                if (conflicts + 1 < MaxSizeConflicts)
                {
                    continue;
                }

                return WitnessSubmission.Failed(
                    WitnessSubmissionOutcome.SizeConflict, $"witness '{Name}' answered 409 with another size {MaxSizeConflicts} times in a row (last: {witnessSize})");
            }

            return WitnessSubmission.Failed(
                WitnessSubmissionOutcome.Refused,
                $"witness '{Name}' refused the checkpoint of size {size} from old size {old}: {(int)received.Status} {FirstLine(received.Body)}");
        }
    }

    private async Task<Answer> PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
            using HttpResponseMessage response = await _http.PostAsync(AddCheckpointUrl, content, cancellationToken).ConfigureAwait(false);
            string text = await ReadLimitedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, null);
        }
        catch (HttpRequestException e)
        {
            return Answer.Failed($"witness '{Name}' at {AddCheckpointUrl} cannot be reached: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer.Failed($"witness '{Name}' at {AddCheckpointUrl} did not answer within {_http.Timeout.TotalSeconds:0} s: {e.Message}");
        }
        catch (IOException e)
        {
            return Answer.Failed($"witness '{Name}' at {AddCheckpointUrl} broke off its answer: {e.Message}");
        }
    }

    /// <summary>The witness's line among those answered, verified on <paramref name="checkpoint"/>.</summary>
    private WitnessSubmission Cosignature(Checkpoint checkpoint, string body)
    {
        string problem = "it holds no line of its key " + Key.Name + "+" + NoteKeys.FormatHash(Key.KeyHash);
        foreach (string text in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            NoteSignature line;
            try
            {
                line = NoteSignature.Parse(text);
            }
            catch (FormatException e)
            {
                return WitnessSubmission.Failed(WitnessSubmissionOutcome.InvalidCosignature, $"witness '{Name}' answered 200 with a line that is not a signature line: {e.Message}");
            }

            if (line.Name != Key.Name || line.KeyHash != Key.KeyHash)
            {
                continue;
            }

            try
            {
                ulong timestamp = Key.Verify(checkpoint, line);
                KnownSize = checkpoint.Size;
                return new WitnessSubmission(WitnessSubmissionOutcome.Cosigned, line, timestamp, null);
            }
            catch (NoteVerificationException e)
            {
                problem = $"its line does not verify on the checkpoint of size {checkpoint.Size} (root {checkpoint.Root}): {e.Message}";
            }
        }

        return WitnessSubmission.Failed(WitnessSubmissionOutcome.InvalidCosignature, $"witness '{Name}' answered 200 but {problem}; its answer is not kept");
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = new byte[MaxAnswerBytes];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>A witness's answer (status, media type, body), or why there is none.</summary>
    private readonly record struct Answer(HttpStatusCode Status, string? MediaType, string Body, string? Failure)
    {
        public static Answer Failed(string failure) => new(0, null, string.Empty, failure);
    }

    private static bool TryParseSize(string body, out ulong size)
    {
        string digits = body.EndsWith('\n') ? body[..^1] : body;
        size = 0;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) && (digits == "0" || digits[0] != '0')
            && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out size);
    }

    private static string FirstLine(string body)
    {
        string line = body.Split('\n', 2)[0].Trim();
        line = new string([.. line.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
