using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Transparency.Tests.Witnessing;

/// <summary>
/// HTTP to a real <see cref="TlogWitness"/> in this process: every request's body goes to its <c>AddCheckpointAsync</c>
/// and its answer comes back as the response, as <c>oversight witness serve</c> does over a socket. It records each
/// request's old size, counts requests in flight, and can hold requests until the test opens <see cref="Gate"/>, or
/// answer the first <see cref="FailFirst"/> with 503, or throw on the first <see cref="ThrowFirst"/>.
/// </summary>
internal sealed class InProcessWitnessHandler(TlogWitness witness) : HttpMessageHandler
{
    private int _inFlight;
    private int _failed;
    private int _thrown;

    /// <summary>The old sizes of the requests received, in order.</summary>
    public ConcurrentQueue<ulong> OldSizes { get; } = new();

    /// <summary>The most requests that were in flight at once.</summary>
    public int MostInFlight { get; private set; }

    /// <summary>When set, a request waits for it before it reaches the witness.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completed when a request is waiting at <see cref="Gate"/>.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many requests (the first ones) are answered 503 without reaching the witness.</summary>
    public int FailFirst { get; init; }

    /// <summary>How many requests (the first ones) throw an exception no HTTP client expects.</summary>
    public int ThrowFirst { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int inFlight = Interlocked.Increment(ref _inFlight);
        MostInFlight = Math.Max(MostInFlight, inFlight);
        try
        {
            byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
            OldSizes.Enqueue(AddCheckpointRequest.Parse(body).OldSize);
            if (Gate is { } gate)
            {
                Waiting.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Interlocked.Increment(ref _thrown) <= ThrowFirst)
            {
                throw new InvalidOperationException("the handler broke");
            }

            if (Interlocked.Increment(ref _failed) <= FailFirst)
            {
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("down for maintenance\n") };
            }

            AddCheckpointResponse answer = await witness.AddCheckpointAsync(body, cancellationToken);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(answer.Body));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(answer.ContentType);
            return new HttpResponseMessage((HttpStatusCode)answer.StatusCode) { Content = content };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
