using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace OversightLedger.Cli.Tests.TestSupport;

/// <summary>A real Kestrel server on 127.0.0.1 (a free port) serving a folder as static files, as a log host would.</summary>
internal sealed class StaticLogServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticLogServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root URL, ending in '/'.</summary>
    public Uri BaseAddress { get; }

    public static async Task<StaticLogServer> StartAsync(string root)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            ServeUnknownFileTypes = true, // tiles and checkpoints have no extension
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new StaticLogServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The URL of a folder under the root.</summary>
    public string Url(string folder) => new Uri(BaseAddress, folder.Trim('/') + "/").AbsoluteUri;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
