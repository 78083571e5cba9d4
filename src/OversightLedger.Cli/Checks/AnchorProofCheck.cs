using NBitcoin;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Spv;
using OversightLedger.Cli.Execution;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Cli.Checks;

/// <summary>
/// Reads and verifies an anchor proof (<c>oversight-anchor/v1</c>) for <c>verify anchor</c>, <c>replay --anchor</c>
/// and <c>verify consistency --old</c>: a file or URL that cannot be read or is malformed is bad input (exit 2), a
/// check that fails is exit 1 with the check's name first.
/// </summary>
internal static class AnchorProofCheck
{
    /// <summary>The largest proof fetched over HTTP (a proof is a few kilobytes; thousands of headers are 80 bytes each).</summary>
    private const int MaxProofBytes = 4 * 1024 * 1024;

    /// <summary>Reads the proof from a local file or an http(s) URL such as a server's <c>/log/anchors/&lt;size&gt;.json</c>.</summary>
    /// <exception cref="CommandFailedException">It cannot be read or is not an anchor proof (exit 2).</exception>
    public static async Task<AnchorProof> ReadAsync(string path, CancellationToken cancellationToken) =>
        Parse(path, await ReadBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Whether <paramref name="bytes"/> look like an anchor proof rather than a checkpoint note (a JSON object naming the format).</summary>
    public static bool LooksLikeProof(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> trimmed = bytes.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("\uFEFF"u8))
        {
            trimmed = trimmed[3..].TrimStart(" \t\r\n"u8);
        }

        return trimmed.StartsWith("{"u8) && trimmed.IndexOf(System.Text.Encoding.UTF8.GetBytes(AnchorProof.FormatName)) >= 0;
    }

    /// <summary>Reads a proof from bytes already read from <paramref name="path"/>.</summary>
    /// <exception cref="CommandFailedException">It is not an anchor proof, or its checkpoint is not a signed checkpoint note (exit 2).</exception>
    public static AnchorProof Parse(string path, byte[] bytes)
    {
        try
        {
            AnchorProof proof = AnchorProof.Parse(bytes);

            // A checkpoint that is not a signed note at all is bad input (exit 2), as in the other verify commands.
            Checkpoint.Parse(SignedNote.Parse(proof.SignedCheckpoint.Span).Text);
            return proof;
        }
        catch (FormatException e)
        {
            throw CommandFailedException.BadInput($"anchor proof '{path}' is malformed: {e.Message}", e);
        }
    }

    /// <summary>Every check of <see cref="AnchorVerifier"/>.</summary>
    /// <exception cref="CommandFailedException">A check failed (exit 1, the check named first), or a part is malformed (exit 2).</exception>
    public static VerifiedAnchor Verify(string path, AnchorProof proof, NoteVerifier verifier, AnchorVerificationPolicy policy)
    {
        try
        {
            return AnchorVerifier.Verify(proof, verifier, policy);
        }
        catch (AnchorVerificationException e) when (e.Failure == AnchorFailure.Malformed)
        {
            throw CommandFailedException.BadInput($"anchor proof '{path}' is malformed: {e.Message}", e);
        }
        catch (AnchorVerificationException e)
        {
            throw CommandFailedException.VerificationFailed($"{Name(e.Failure)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Only the anchored checkpoint's signature by the log's key, not the Bitcoin part (for <c>verify consistency --old</c>).
    /// </summary>
    /// <exception cref="CommandFailedException">The signature does not verify (exit 1).</exception>
    public static SignedCheckpoint OpenCheckpoint(string path, AnchorProof proof, NoteVerifier verifier)
    {
        try
        {
            return SignedCheckpoint.Open(proof.SignedCheckpoint.Span, verifier);
        }
        catch (NoteVerificationException e)
        {
            throw CommandFailedException.VerificationFailed(
                $"{Name(AnchorFailure.CheckpointSignature)}: the checkpoint in anchor proof '{path}' does not verify with key {verifier.Name}+{verifier.KeyHash:x8}: {e.Message}", e);
        }
    }

    /// <summary>The signature lines of the anchored checkpoint (the log's and any witnesses' cosignatures), to count a quorum.</summary>
    public static IReadOnlyList<NoteSignature> SignatureLines(AnchorProof proof) => SignedNote.Parse(proof.SignedCheckpoint.Span).Signatures;

    /// <summary>The policy from the command's options.</summary>
    /// <exception cref="CommandFailedException">The depth is below 1 or the block is not a block hash (exit 2).</exception>
    public static AnchorVerificationPolicy Policy(string networkName, int depth, string? pinnedBlock)
    {
        if (depth < 1)
        {
            throw CommandFailedException.BadInput($"--depth must be at least 1, not {depth}");
        }

        uint256? pinned = null;
        if (pinnedBlock is not null && (pinnedBlock.Length != 64 || !uint256.TryParse(pinnedBlock, out pinned)))
        {
            throw CommandFailedException.BadInput($"--block '{pinnedBlock}' is not a block hash (64 hex digits)");
        }

        return new AnchorVerificationPolicy(Anchoring.AnchorNetworks.Get(networkName), depth, pinned);
    }

    private static async Task<byte[]> ReadBytesAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CommandFailedException.BadInput($"cannot read anchor proof '{path}': {e.Message}", e);
            }
        }

        if (!Uri.TryCreate(path, UriKind.Absolute, out Uri? url))
        {
            throw CommandFailedException.BadInput($"'{path}' is not a valid URL.");
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60), MaxResponseContentBufferSize = MaxProofBytes };
        try
        {
            using HttpResponseMessage response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)
                : throw CommandFailedException.BadInput($"cannot fetch anchor proof '{path}': HTTP {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw CommandFailedException.BadInput($"cannot fetch anchor proof '{path}': {e.Message}", e);
        }
    }

    private static string Name(AnchorFailure failure) => failure switch
    {
        AnchorFailure.CheckpointSignature => "checkpoint signature",
        AnchorFailure.Commitment => "commitment",
        AnchorFailure.MerkleProof => "transaction not in block",
        AnchorFailure.ProofOfWork => "proof of work",
        AnchorFailure.HeaderChain => "header chain",
        AnchorFailure.Depth => "too shallow",
        AnchorFailure.PinnedBlock => "not the pinned block",
        _ => failure.ToString(),
    };
}
