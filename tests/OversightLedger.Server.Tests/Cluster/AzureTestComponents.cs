using System.Diagnostics;
using Npgsql;

namespace OversightLedger.Server.Tests.Cluster;

/// <summary>
/// The real Azurite (blob and table services) and PostgreSQL the azure-profile tests share: the ones named by
/// <c>OVERSIGHT_TEST_AZURE_STORAGE</c> (a connection string with <c>BlobEndpoint</c> and <c>TableEndpoint</c>) and
/// <c>OVERSIGHT_TEST_POSTGRES</c> (an Npgsql connection string), as <c>scripts/test</c> exports them; when both are
/// unset, started here with the repository's <c>infra/local</c> scripts on free ports in a temporary directory and
/// stopped at the end. Each test keeps out of the others' way with its own cluster id, containers and Hangfire schema.
/// </summary>
public sealed class AzureTestComponents : IAsyncLifetime
{
    /// <summary>The environment variable of the storage account's connection string.</summary>
    public const string StorageVariable = "OVERSIGHT_TEST_AZURE_STORAGE";

    /// <summary>The environment variable of PostgreSQL's connection string.</summary>
    public const string PostgresVariable = "OVERSIGHT_TEST_POSTGRES";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(6);
    private string? _startedIn;

    /// <summary>The storage account (Azurite's development account): blobs and tables.</summary>
    public string StorageConnectionString { get; private set; } = "";

    /// <summary>PostgreSQL, for Hangfire.</summary>
    public string PostgresConnectionString { get; private set; } = "";

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        string? storage = Environment.GetEnvironmentVariable(StorageVariable);
        string? postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(storage) && !string.IsNullOrWhiteSpace(postgres))
        {
            StorageConnectionString = storage;
            PostgresConnectionString = postgres;
            return;
        }

        if (!string.IsNullOrWhiteSpace(storage) || !string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException(
                $"Set both {StorageVariable} and {PostgresVariable} (as scripts/test does), or neither to let the tests start Azurite and PostgreSQL themselves.");
        }

        _startedIn = Directory.CreateTempSubdirectory("oversight-azure-components-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL runs as the user postgres, which must reach its directory inside this one (made 0700).
            File.SetUnixFileMode(_startedIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        string scripts = Path.Combine(RepositoryRoot(), "infra", "local");
        try
        {
            string blob = await RunScriptAsync(Path.Combine(scripts, "start-azurite.sh"), Path.Combine(_startedIn, "azurite"), FreePorts.One());
            string table = await RunScriptAsync(Path.Combine(scripts, "start-azurite-table.sh"), Path.Combine(_startedIn, "azurite"), FreePorts.One());
            StorageConnectionString = blob + table;
            PostgresConnectionString = await RunScriptAsync(Path.Combine(scripts, "start-postgres.sh"), Path.Combine(_startedIn, "postgres"), FreePorts.One());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database <paramref name="name"/> (letters, digits, underscores) on this PostgreSQL; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(PostgresConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Identifier(name)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database <paramref name="name"/>, ending the sessions still open on it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Identifier(name)}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_startedIn is null)
        {
            return;
        }

        foreach (string pidFile in new[] { "azurite.pid", "azurite-table.pid" }.Select(name => Path.Combine(_startedIn, "azurite", name)))
        {
            if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out int pid))
            {
                try
                {
                    using Process azurite = Process.GetProcessById(pid);
                    azurite.Kill(entireProcessTree: true);
                    await azurite.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException)
                {
                    // Already gone.
                }
            }
        }

        if (Directory.Exists(Path.Combine(_startedIn, "postgres")))
        {
            try
            {
                await RunScriptAsync(Path.Combine(RepositoryRoot(), "infra", "local", "stop-postgres.sh"), Path.Combine(_startedIn, "postgres"), null);
            }
            catch (InvalidOperationException)
            {
                // Reported by the script's output; the temporary directory goes anyway.
            }
        }

        try
        {
            Directory.Delete(_startedIn, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // PostgreSQL's files belong to the user postgres; the temp cleaner gets them.
        }

        _startedIn = null;
    }

    /// <summary>Runs one of the <c>infra/local</c> scripts and returns the last line it printed (a connection string or a part of one).</summary>
    private static async Task<string> RunScriptAsync(string script, string directory, int? port)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(directory);
        if (port is int p)
        {
            start.ArgumentList.Add(p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash could not be started.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{script} did not finish within {ScriptTimeout.TotalMinutes} minutes.");
        }

        string printed = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} {directory} failed ({process.ExitCode}); set {StorageVariable} and {PostgresVariable} to use running ones instead. {await errors} {printed}");
        }

        return printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    }

    private static string Identifier(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? name
            : throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OversightLedger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OversightLedger.sln above {AppContext.BaseDirectory}.");
    }
}
