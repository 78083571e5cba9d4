using NBitcoin;
using OversightLedger.Anchoring.Chain;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Service;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Anchoring.Tests;

/// <summary>
/// The anchorer against a <see cref="RegtestJsonRpcNode"/> through the production <see cref="BitcoinCoreRpcChain"/>
/// (NBitcoin's RPCClient over HTTP): anchor, confirm to depth, a proof that verifies; no funds; a refused transaction;
/// a reorganisation that drops the anchor before the depth; a fee bump; the node down.
/// </summary>
public sealed class CheckpointAnchorerTests : IDisposable
{
    private const string Origin = "regtest.oversight.example/log";
    private readonly RegtestJsonRpcNode _node = new();
    private readonly string _signerKey;
    private readonly NoteVerifier _verifier;
    private readonly Key _walletKey = new();

    public CheckpointAnchorerTests()
    {
        (_signerKey, string verifierKey) = NoteSigner.Generate(Origin);
        _verifier = new NoteVerifier(verifierKey);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Anchor_confirms_to_depth_and_its_proof_verifies_offline()
    {
        CheckpointAnchorer anchorer = Anchorer();
        _node.Fund(anchorer.WalletAddress, Money.Coins(0.01m));
        SignedCheckpoint signed = Sign(42);

        PendingAnchor pending = await anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct);
        await anchorer.BroadcastAsync(pending, Ct);
        Transaction anchor = Assert.Single(_node.Mempool);
        Assert.Equal(0, AnchorCommitment.FindOutput(anchor, signed.Checkpoint));

        AnchorProgress unconfirmed = await anchorer.AdvanceAsync(pending, Ct);
        Assert.Null(unconfirmed.InBlock);
        _node.Mine(5);
        AnchorProgress shallow = await anchorer.AdvanceAsync(pending, Ct);
        Assert.Equal(5, shallow.Confirmations);
        Assert.Null(shallow.Confirmed);

        _node.Mine();
        AnchorProgress deep = await anchorer.AdvanceAsync(pending, Ct);

        ConfirmedAnchor confirmed = Assert.IsType<ConfirmedAnchor>(deep.Confirmed);
        Assert.Equal(anchor.GetHash(), confirmed.TransactionId);
        Assert.Equal(_node.HeightOf(anchor.GetHash()), confirmed.Height);
        VerifiedAnchor verified = AnchorVerifier.Verify(AnchorProof.Parse(confirmed.Proof.Format()), _verifier, new AnchorVerificationPolicy(Network.RegTest, 6, confirmed.BlockHash));
        Assert.Equal(signed.Checkpoint, verified.Checkpoint);
        Assert.Equal(6, verified.Depth);
        Assert.Equal(Money.Coins(0.01m) - anchor.GetFee([.. pending.SpentCoins]), await anchorer.GetBalanceAsync(Ct));
    }

    [Fact]
    public async Task Empty_wallet_and_too_small_a_wallet_are_funding_errors_and_nothing_is_broadcast()
    {
        CheckpointAnchorer anchorer = Anchorer();
        SignedCheckpoint signed = Sign(1);

        var empty = await Assert.ThrowsAsync<AnchorFundingException>(() => anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct));
        Assert.Contains(anchorer.WalletAddress.ToString(), empty.Message, StringComparison.Ordinal);

        _node.Fund(anchorer.WalletAddress, Money.Satoshis(200));
        await Assert.ThrowsAsync<AnchorFundingException>(() => anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct));
        Assert.Empty(_node.Mempool);
    }

    [Fact]
    public async Task A_transaction_the_node_refuses_is_a_rejection_with_the_nodes_reason()
    {
        CheckpointAnchorer anchorer = Anchorer(maxFeeRate: 5m);
        _node.Fund(anchorer.WalletAddress, Money.Coins(0.01m));
        _node.MinRelayFeeRate = 10m;
        SignedCheckpoint signed = Sign(2);
        PendingAnchor pending = await anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct);

        var refused = await Assert.ThrowsAsync<TransactionRejectedException>(() => anchorer.BroadcastAsync(pending, Ct));

        Assert.Contains("min relay fee not met", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_node.Mempool);
    }

    [Fact]
    public async Task Node_checks_scripts_a_transaction_with_a_broken_signature_is_refused()
    {
        CheckpointAnchorer anchorer = Anchorer();
        _node.Fund(anchorer.WalletAddress, Money.Coins(0.01m));
        SignedCheckpoint signed = Sign(3);
        PendingAnchor pending = await anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct);
        Transaction forged = pending.Latest(Network.RegTest);
        forged.Outputs[1].Value -= Money.Satoshis(1000);

        var refused = await Assert.ThrowsAsync<TransactionRejectedException>(() => Chain().BroadcastAsync(forged, Ct));

        Assert.Contains("script-verify", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_node.Mempool);
    }

    [Fact]
    public async Task Reorganisation_that_drops_the_anchor_before_the_depth_rebroadcasts_and_the_proof_names_the_final_block()
    {
        CheckpointAnchorer anchorer = Anchorer();
        _node.Fund(anchorer.WalletAddress, Money.Coins(0.01m));
        SignedCheckpoint signed = Sign(7);
        PendingAnchor pending = await anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct);
        await anchorer.BroadcastAsync(pending, Ct);
        _node.Mine(3);
        AnchorProgress first = await anchorer.AdvanceAsync(pending, Ct);
        uint256 firstBlock = first.InBlock!.Value.BlockHash;
        Assert.Equal(3, first.Confirmations);

        // The three blocks are replaced by four others; the anchor is in none and the node lost it.
        _node.Reorganise(depth: 3, newBlocks: 4, returnToMempool: false);
        AnchorProgress dropped = await anchorer.AdvanceAsync(first.Pending, Ct);
        Assert.Null(dropped.InBlock);
        Assert.Contains("rebroadcast", dropped.Action, StringComparison.Ordinal);
        Assert.Single(_node.Mempool);

        _node.Mine(6);
        AnchorProgress deep = await anchorer.AdvanceAsync(dropped.Pending, Ct);
        ConfirmedAnchor confirmed = Assert.IsType<ConfirmedAnchor>(deep.Confirmed);
        Assert.NotEqual(firstBlock, confirmed.BlockHash);
        Assert.Equal(_node.BlockAt(confirmed.Height).GetHash(), confirmed.BlockHash);
        AnchorVerifier.Verify(confirmed.Proof, _verifier, new AnchorVerificationPolicy(Network.RegTest, 6, confirmed.BlockHash));
    }

    [Fact]
    public async Task Anchor_left_out_of_blocks_is_replaced_by_one_paying_more_and_whichever_confirms_is_proved()
    {
        CheckpointAnchorer anchorer = Anchorer(bumpAfterBlocks: 2);
        _node.Fund(anchorer.WalletAddress, Money.Coins(0.01m));
        SignedCheckpoint signed = Sign(9);
        PendingAnchor pending = await anchorer.BuildAsync(signed.Format(), signed.Checkpoint, Ct);
        await anchorer.BroadcastAsync(pending, Ct);

        // Blocks that leave the anchor out: the node mines them without its mempool.
        _node.ClearMempool();
        _node.Mine(2);
        _node.FeeEstimate = 8m;
        AnchorProgress bumped = await anchorer.AdvanceAsync(pending, Ct);

        Assert.Equal(2, bumped.Pending.Transactions.Count);
        Transaction replacement = bumped.Pending.Latest(Network.RegTest);
        Assert.Equal(replacement.GetHash(), Assert.Single(_node.Mempool).GetHash());
        Coin[] coins = [.. pending.SpentCoins];
        Assert.True(replacement.GetFee(coins) > pending.Latest(Network.RegTest).GetFee(coins));

        _node.Mine(6);
        ConfirmedAnchor confirmed = Assert.IsType<ConfirmedAnchor>((await anchorer.AdvanceAsync(bumped.Pending, Ct)).Confirmed);
        Assert.Equal(replacement.GetHash(), confirmed.TransactionId);
    }

    [Fact]
    public async Task Node_that_cannot_be_reached_or_refuses_the_password_is_unavailable()
    {
        var wrongPassword = new BitcoinCoreRpcChain(new BitcoinRpcConnection { Network = "regtest", Url = _node.Url, User = _node.User, Password = "wrong" });
        await Assert.ThrowsAsync<ChainUnavailableException>(() => wrongPassword.GetBlockCountAsync(Ct));

        Uri closed = _node.Url;
        _node.Dispose();
        var down = new BitcoinCoreRpcChain(new BitcoinRpcConnection { Network = "regtest", Url = closed, User = _node.User, Password = _node.Password });
        await Assert.ThrowsAsync<ChainUnavailableException>(() => down.GetBlockCountAsync(Ct));
    }

    [Fact]
    public async Task Cookie_file_authenticates_like_bitcoin_core_s()
    {
        using var node = new RegtestJsonRpcNode("__cookie__", "4f1c2e");
        string cookie = Path.Combine(Path.GetTempPath(), $"anchor-cookie-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(cookie, "__cookie__:4f1c2e", Ct);
        try
        {
            var chain = new BitcoinCoreRpcChain(new BitcoinRpcConnection { Network = "regtest", Url = node.Url, CookieFile = cookie });
            Assert.Equal(node.Height, await chain.GetBlockCountAsync(Ct));
        }
        finally
        {
            File.Delete(cookie);
        }
    }

    private BitcoinCoreRpcChain Chain() =>
        new(new BitcoinRpcConnection { Network = "regtest", Url = _node.Url, User = _node.User, Password = _node.Password });

    private CheckpointAnchorer Anchorer(decimal maxFeeRate = 50m, int bumpAfterBlocks = 3) =>
        new(Chain(), _walletKey, new AnchorFeePolicy(maxFeeRate), new AnchorerSettings { BumpAfterBlocks = bumpAfterBlocks });

    private SignedCheckpoint Sign(ulong size)
    {
        using var signer = new NoteSigner(_signerKey);
        return SignedCheckpoint.Sign(new Checkpoint(Origin, size, Rfc6962.HashLeaf(BitConverter.GetBytes(size))), signer);
    }
}
