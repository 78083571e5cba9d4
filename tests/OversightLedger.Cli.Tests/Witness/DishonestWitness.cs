using System.Net;
using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Tests.Witness;

/// <summary>
/// A witness that lies, on a port of its own: it answers every <c>add-checkpoint</c> 200 with a cosignature of its own,
/// configured key, but of another checkpoint (the submitted one with its root's first byte flipped). A log that kept
/// it would serve a line that verifies on nothing it published.
/// </summary>
internal sealed class DishonestWitness : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Cosigner _cosigner;
    private int _requests;

    public DishonestWitness(int port)
    {
        _cosigner = WitnessKeys.OpenCosigner(WitnessKeys.Generate("witness.example.org/dishonest").SignerKey);
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = Task.Run(AnswerAsync);
    }

    public string VerifierKey => _cosigner.VerifierKey;

    /// <summary>How many add-checkpoint requests it answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Close();
        _cosigner.Dispose();
    }

    private async Task AnswerAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Checkpoint submitted = Checkpoint.Parse(SignedNote.Parse(AddCheckpointRequest.Parse(body.ToArray()).Note).Text);
            byte[] root = submitted.Root.ToArray();
            root[0] ^= 0xff;
            NoteSignature line = _cosigner.Sign(new Checkpoint(submitted.Origin, submitted.Size, new MerkleHash(root)), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            byte[] answer = Encoding.UTF8.GetBytes(line + "\n");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
            Interlocked.Increment(ref _requests);
        }
    }
}
