using System.Reflection;
using System.Runtime.InteropServices;

namespace OversightLedger.TestSupport;

/// <summary>Where the built server is, how it was built, and the <c>dotnet</c> host to run it with.</summary>
internal static class ServerBuild
{
    private const string AssemblyName = "OversightLedger.Server.dll";

    private static readonly Lazy<string> Dll = new(FindServerDll);

    /// <summary>The server's entry assembly.</summary>
    public static string DllPath => Dll.Value;

    /// <summary>The configuration (Debug or Release) the server was built in along with this library.</summary>
    public static string Configuration { get; } = Metadata("LedgerServerConfiguration");

    /// <summary>The <c>dotnet</c> host: the one running this process, so the server runs on the same runtime.</summary>
    public static string DotnetHost()
    {
        string executable = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileName(processPath) == executable)
        {
            return processPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        string? root = Directory.GetParent(runtimeDirectory.TrimEnd(Path.DirectorySeparatorChar))?.Parent?.Parent?.FullName;
        string candidate = root is null ? string.Empty : Path.Combine(root, executable);
        return File.Exists(candidate) ? candidate : executable;
    }

    /// <summary>
    /// The server assembly a project reference copied beside the running program (the server tests), with its
    /// runtimeconfig; failing that, the server project's own output that this library recorded when it was built.
    /// </summary>
    private static string FindServerDll()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, AssemblyName);
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
        {
            return beside;
        }

        string built = Metadata("LedgerServerAssembly");
        return File.Exists(built)
            ? built
            : throw new FileNotFoundException($"The server is not built: no {AssemblyName} beside {AppContext.BaseDirectory}, and {built} is missing.");
    }

    private static string Metadata(string key) =>
        typeof(ServerBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
