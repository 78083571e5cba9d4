using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Cli.Witness;

/// <summary>
/// The HTTP side of <c>oversight witness serve</c>: a minimal Kestrel host with one route, <c>POST /add-checkpoint</c>
/// (c2sp.org/tlog-witness), which hands the body to <see cref="TlogWitness"/> and writes its status, content type and
/// body as they are. Each request is logged as one line on stderr.
/// </summary>
internal static class WitnessHttpHost
{
    /// <summary>A request body larger than this is refused (413): a checkpoint, 63 proof lines and 100 signatures fit easily.</summary>
    private const long MaxBodyBytes = 64 * 1024;

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0: any free port) and returns the started host.</summary>
    public static async Task<WebApplication> StartAsync(TlogWitness witness, IPEndPoint endpoint, TextWriter log, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });

        // Only the command line configures the witness: no appsettings.json or Kestrel section from wherever it runs.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Listen(endpoint);
        });
        WebApplication app = builder.Build();
        app.MapPost("/add-checkpoint", (HttpContext context) => AddCheckpointAsync(context, witness, log));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>The address the host listens on (with the port Kestrel chose for port 0).</summary>
    public static string Address(WebApplication app) => app.Urls.First();

    private static async Task AddCheckpointAsync(HttpContext context, TlogWitness witness, TextWriter log)
    {
        CancellationToken aborted = context.RequestAborted;
        using var buffer = new MemoryStream();
        AddCheckpointResponse response;
        try
        {
            await context.Request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
            response = await witness.AddCheckpointAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), aborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            response = AddCheckpointResponse.Refused(e.StatusCode, e.Message);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // The state could not be read or made durable: nothing was cosigned.
            response = AddCheckpointResponse.Refused(StatusCodes.Status500InternalServerError, $"the witness's state is unavailable: {e.Message}");
        }

        await log.WriteLineAsync($"add-checkpoint from {context.Connection.RemoteIpAddress}: {response.StatusCode} {FirstLine(response)}").ConfigureAwait(false);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body, aborted).ConfigureAwait(false);
    }

    private static string FirstLine(AddCheckpointResponse response)
    {
        string line = response.Body.Split('\n', 2)[0];
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
