using OversightLedger.Domain.Replay;

namespace OversightLedger.Grains.Snapshots;

/// <summary>What a grain activates from: its snapshot's state (null: none usable) and the log entries after its position.</summary>
/// <typeparam name="TState">The domain state.</typeparam>
/// <param name="State">The restored state, or null when the grain replays its whole history.</param>
/// <param name="Position">The log position the state holds every entry below (0 without a state).</param>
/// <param name="Tail">The grain's entries at or after <paramref name="Position"/>, in log order, parsed, to replay.</param>
public sealed record GrainRestore<TState>(TState? State, ulong Position, IReadOnlyList<ParsedLogEntry> Tail)
    where TState : class;
