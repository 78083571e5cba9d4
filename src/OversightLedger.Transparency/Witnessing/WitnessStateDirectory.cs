using System.Security.Cryptography;
using System.Text;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The states of a witness that follows several logs: one <see cref="WitnessState"/> file per origin,
/// <c>&lt;hex SHA-256(origin)&gt;.state</c>, each replaced atomically (<see cref="WitnessState.WriteFile"/>). The directory
/// is held with an exclusive lock file for as long as this object lives, so two witness processes can never
/// interleave their check-and-persist on the same states.
/// </summary>
public sealed class WitnessStateDirectory : IDisposable
{
    private const string LockFileName = "witness.lock";
    private readonly FileStream _lock;

    private WitnessStateDirectory(string path, FileStream lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>Opens (creating it if needed) the state directory and takes its lock.</summary>
    /// <exception cref="IOException">The directory cannot be created, or another process holds it.</exception>
    public static WitnessStateDirectory Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(full);
        FileStream lockFile;
        try
        {
            // FileShare.None is an exclusive flock on Unix: a second witness on the same directory is refused.
            lockFile = new FileStream(System.IO.Path.Combine(full, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the witness state directory '{full}' is in use by another process: {e.Message}", e);
        }

        return new WitnessStateDirectory(full, lockFile);
    }

    /// <summary>The state of <paramref name="origin"/>, or null when this witness never cosigned that log.</summary>
    /// <exception cref="FormatException">The file is not a state, or is the state of another origin.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public WitnessState? Read(string origin)
    {
        WitnessState? state = WitnessState.ReadFile(FileOf(origin));
        return state is null || state.Origin == origin
            ? state
            : throw new FormatException($"the state file of '{origin}' holds the state of '{state.Origin}'");
    }

    /// <summary>Replaces the state of its origin durably (fsync, rename, directory fsync) before returning.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(WitnessState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.WriteFile(FileOf(state.Origin));
    }

    /// <summary>Releases the directory's lock.</summary>
    public void Dispose() => _lock.Dispose();

    private string FileOf(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        return System.IO.Path.Combine(Path, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(origin))) + ".state");
    }
}
