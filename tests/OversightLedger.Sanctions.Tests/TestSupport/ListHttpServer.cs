using System.Net;

namespace OversightLedger.Sanctions.Tests.TestSupport;

/// <summary>
/// A real HTTP server on loopback (the BCL's <see cref="HttpListener"/>) that answers every request with a handler, for
/// the downloader's tests. Disposing it stops it and cancels the handlers still waiting.
/// </summary>
internal sealed class ListHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private ListHttpServer(HttpListener listener, Uri address, Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _listener = listener;
        Address = address;
        _loop = Task.Run(() => ServeAsync(handler));
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static ListHttpServer Start(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePorts.One();
            var listener = new HttpListener();
            var address = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new ListHttpServer(listener, address, handler);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>A handler that sends the bytes whole with their length.</summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Serving(byte[] body, HttpStatusCode status = HttpStatusCode.OK) =>
        async (context, cancellationToken) =>
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentLength64 = body.LongLength;
            context.Response.Headers["ETag"] = "\"v1\"";
            await context.Response.OutputStream.WriteAsync(body, cancellationToken);
            context.Response.Close();
        };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task ServeAsync(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        var running = new List<Task>();
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            running.Add(Task.Run(async () =>
            {
                try
                {
                    await handler(context, _stopping.Token);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away (a refused download closes its connection).
                    context.Response.Abort();
                }
            }));
        }

        await Task.WhenAll(running);
    }
}
