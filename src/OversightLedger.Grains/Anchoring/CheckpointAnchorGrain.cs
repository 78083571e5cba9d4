using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NBitcoin;
using OversightLedger.Anchoring;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Domain.Entries;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Ledger;
using OversightLedger.Grains.Reports;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Grains.Anchoring;

/// <summary>
/// Anchors the log's checkpoints in Bitcoin through the host's <see cref="CheckpointAnchorer"/> (none when anchoring is
/// not configured). The commit point of an anchor is its <c>CheckpointAnchored</c> entry, appended with
/// <see cref="LedgerLog.TryAppendAsync"/> under <c>checkpoint-anchored/&lt;size&gt;</c> after the proof file is stored
/// (by its hash, in the report store), so a retry after a crash appends nothing new and no second entry can exist.
/// </summary>
public sealed partial class CheckpointAnchorGrain(
    [PersistentState("anchors", GrainStorageNames.Ledger)] IPersistentState<CheckpointAnchorState> state,
    IServiceProvider services,
    LedgerLog log,
    AuditLogStore store,
    IReportStore files,
    ICosignatureStore cosignatures,
    TimeProvider time,
    ILogger<CheckpointAnchorGrain> logger) : Grain, ICheckpointAnchorGrain
{
    private readonly CheckpointAnchorer? _anchorer = services.GetService<CheckpointAnchorer>();

    /// <inheritdoc/>
    public async Task<AnchorRun> RunAsync()
    {
        if (_anchorer is null)
        {
            return new AnchorRun("off", "Anchoring in Bitcoin is not configured (Anchoring:RpcUrl).", null, time.GetUtcNow());
        }

        AnchorRun run;
        try
        {
            run = await StepAsync(_anchorer);
        }
        catch (ChainUnavailableException e)
        {
            LogChainUnavailable(logger, e.Message);
            run = new AnchorRun("chain-unavailable", "The Bitcoin node could not be asked: " + e.Message, null, time.GetUtcNow());
        }

        try
        {
            state.State.WalletBalanceSatoshis = (await _anchorer.GetBalanceAsync()).Satoshi;
            state.State.WalletBalanceAt = time.GetUtcNow();
        }
        catch (ChainUnavailableException)
        {
            // The balance stays as last seen (with its time); the run's outcome already says if the node is down.
        }

        state.State.LastRun = run;
        await state.WriteStateAsync();
        return run;
    }

    /// <inheritdoc/>
    public Task<AnchorStatus> GetStatusAsync()
    {
        CheckpointAnchorState s = state.State;
        PendingAnchorView? pending = s.PendingCheckpoint is null
            ? null
            : new PendingAnchorView(
                (long)OpenNote(s.PendingCheckpoint).Size,
                [.. s.PendingTransactions.Select(t => Transaction.Load(t, _anchorer?.Network ?? Network.Main).GetHash().ToString())],
                s.PendingConfirmations,
                s.PendingBlockHash);
        return Task.FromResult(_anchorer is null
            ? new AnchorStatus(false, null, null, null, null, null, s.LastAnchor, pending, s.LastRun)
            : new AnchorStatus(
                true, AnchorNetworks.NameOf(_anchorer.Network), _anchorer.WalletAddress.ToString(), s.WalletBalanceSatoshis, s.WalletBalanceAt,
                _anchorer.Depth, s.LastAnchor, pending, s.LastRun));
    }

    private async Task<AnchorRun> StepAsync(CheckpointAnchorer anchorer)
    {
        AnchorRecord? anchoredNow = null;
        if (Pending() is { } pending)
        {
            AnchorProgress progress = await anchorer.AdvanceAsync(pending);
            if (progress.Confirmed is not { } confirmed)
            {
                SetPending(progress.Pending, progress.Confirmations, progress.InBlock?.BlockHash.ToString());
                await state.WriteStateAsync();
                return new AnchorRun("pending", $"The anchor of checkpoint size {OpenNote(pending.SignedCheckpoint.ToArray()).Size} is {progress.Action}.", null, time.GetUtcNow());
            }

            anchoredNow = await RecordAsync(anchorer, confirmed);
            state.State.LastAnchor = anchoredNow;
            SetPending(null, 0, null);
            await state.WriteStateAsync();
        }

        LogTreeHead head = await log.GetTreeHeadAsync();
        if (!await GrewSinceAsync(state.State.LastAnchor?.CheckpointSize ?? 0, head.TreeSize))
        {
            return anchoredNow is not null
                ? new AnchorRun("anchored", Anchored(anchoredNow), anchoredNow, time.GetUtcNow())
                : new AnchorRun("skipped", $"The log did not grow since the last anchor (size {head.TreeSize}).", null, time.GetUtcNow());
        }

        Checkpoint checkpoint = OpenNote(head.Checkpoint);
        PendingAnchor built;
        try
        {
            built = await anchorer.BuildAsync(head.Checkpoint, checkpoint);
        }
        catch (AnchorFundingException e)
        {
            return new AnchorRun("insufficient-funds", e.Message, anchoredNow, time.GetUtcNow());
        }

        // Durable before it is broadcast: after a crash the next run rebroadcasts this one instead of making another.
        SetPending(built, 0, null);
        await state.WriteStateAsync();
        try
        {
            await anchorer.BroadcastAsync(built);
        }
        catch (TransactionRejectedException e)
        {
            SetPending(null, 0, null);
            await state.WriteStateAsync();
            return new AnchorRun("rejected", e.Message, anchoredNow, time.GetUtcNow());
        }

        uint256 txid = built.Latest(anchorer.Network).GetHash();
        LogBroadcast(logger, checkpoint.Size, txid.ToString());
        string detail = $"Anchor {txid} of checkpoint size {checkpoint.Size} broadcast; it is recorded once {anchorer.Depth} blocks deep.";
        return new AnchorRun("broadcast", anchoredNow is null ? detail : Anchored(anchoredNow) + " " + detail, anchoredNow, time.GetUtcNow());
    }

    private async Task<AnchorRecord> RecordAsync(CheckpointAnchorer anchorer, ConfirmedAnchor confirmed)
    {
        Checkpoint checkpoint = OpenNote(confirmed.Proof.SignedCheckpoint.ToArray());

        // The commitment is to the note text, so the witnesses' cosignatures of that checkpoint can join the proof.
        AnchorProof proof = await cosignatures.LatestCosignedAsync() is { } cosigned && cosigned.Checkpoint.Equals(checkpoint)
            ? confirmed.Proof with { SignedCheckpoint = cosigned.Format() }
            : confirmed.Proof;
        AnchorVerifier.Verify(proof, store.Verifier, new AnchorVerificationPolicy(anchorer.Network, anchorer.Depth, confirmed.BlockHash));
        string proofSha256 = await files.PutAsync(proof.Format());

        var entry = new CheckpointAnchored(
            EntryIds.CheckpointAnchored((long)checkpoint.Size), time.GetUtcNow(), (long)checkpoint.Size, checkpoint.Root.ToHex(),
            AnchorNetworks.NameOf(anchorer.Network), confirmed.TransactionId.ToString(), confirmed.BlockHash.ToString(), confirmed.Height, proofSha256);
        if (await log.TryAppendAsync(entry.ToCanonicalJson()) is { } receipt)
        {
            LogAnchored(logger, checkpoint.Size, entry.TransactionId, entry.BlockHeight, receipt.LeafIndex);
            return AnchorRecord.From(entry, receipt.LeafIndex);
        }

        // The size was recorded already (by an earlier attempt whose state write was lost): that entry is the anchor.
        ulong leaf = await log.FindAsync(entry.Id) ?? throw new InvalidOperationException($"The id {entry.Id} is taken but no entry has it.");
        return AnchorRecord.From((CheckpointAnchored)LedgerEntryParser.Parse(await log.ReadAsync(leaf)), leaf);
    }

    /// <summary>Whether an entry other than a <c>CheckpointAnchored</c> was appended since size <paramref name="anchored"/>.</summary>
    private async Task<bool> GrewSinceAsync(long anchored, ulong size)
    {
        await foreach ((ulong _, byte[] entry) in log.ReadRangeAsync((ulong)anchored, size))
        {
            if (LedgerEntryParser.Parse(entry) is not CheckpointAnchored)
            {
                return true;
            }
        }

        return false;
    }

    private PendingAnchor? Pending()
    {
        CheckpointAnchorState s = state.State;
        if (s.PendingCheckpoint is null)
        {
            return null;
        }

        Script wallet = _anchorer!.WalletAddress.ScriptPubKey;
        Coin[] coins = [.. s.PendingCoins.Select(c => new Coin(new OutPoint(uint256.Parse(c.TransactionId), c.OutputIndex), new TxOut(Money.Satoshis(c.Satoshis), wallet)))];
        return new PendingAnchor(s.PendingCheckpoint, [.. s.PendingTransactions.Select(t => (ReadOnlyMemory<byte>)t)], coins, s.PendingBroadcastHeight, s.PendingLastBroadcastHeight);
    }

    private void SetPending(PendingAnchor? pending, int confirmations, string? blockHash)
    {
        CheckpointAnchorState s = state.State;
        s.PendingCheckpoint = pending?.SignedCheckpoint.ToArray();
        s.PendingTransactions = pending is null ? [] : [.. pending.Transactions.Select(t => t.ToArray())];
        s.PendingCoins = pending is null ? [] : [.. pending.SpentCoins.Select(c => new AnchorCoinState(c.Outpoint.Hash.ToString(), c.Outpoint.N, c.Amount.Satoshi))];
        s.PendingBroadcastHeight = pending?.BroadcastHeight ?? 0;
        s.PendingLastBroadcastHeight = pending?.LastBroadcastHeight ?? 0;
        s.PendingConfirmations = confirmations;
        s.PendingBlockHash = blockHash;
    }

    private Checkpoint OpenNote(byte[] note) => SignedCheckpoint.Open(note, store.Verifier).Checkpoint;

    private static string Anchored(AnchorRecord record) =>
        $"Checkpoint size {record.CheckpointSize} is anchored in block {record.BlockHeight} ({record.BlockHash}), transaction {record.TransactionId}; CheckpointAnchored at leaf {record.LeafIndex}.";

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast the Bitcoin anchor {TransactionId} of checkpoint size {Size}")]
    private static partial void LogBroadcast(ILogger logger, ulong size, string transactionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkpoint size {Size} is anchored by {TransactionId} in block {Height}; CheckpointAnchored at leaf {LeafIndex}")]
    private static partial void LogAnchored(ILogger logger, ulong size, string transactionId, long height, ulong leafIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring skipped a run: {Reason}")]
    private static partial void LogChainUnavailable(ILogger logger, string reason);
}
