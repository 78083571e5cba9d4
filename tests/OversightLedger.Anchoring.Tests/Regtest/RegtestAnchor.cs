using NBitcoin;
using OversightLedger.Anchoring.Proofs;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Anchoring.Tests.Regtest;

/// <summary>
/// One anchoring run on a <see cref="RegtestChain"/>: a log key signs a checkpoint, a funded P2WPKH wallet builds
/// the anchor transaction, a block holds it and <c>depth - 1</c> blocks are mined on top; the anchor proof is
/// taken from that chain.
/// </summary>
internal sealed class RegtestAnchor
{
    public const string Origin = "regtest.oversight.example/log";

    private RegtestAnchor(RegtestChain chain, string verifierKey, string signerKey, SignedCheckpoint checkpoint, Transaction transaction, AnchorProof proof, Key walletKey)
    {
        Chain = chain;
        VerifierKey = verifierKey;
        SignerKey = signerKey;
        Checkpoint = checkpoint;
        Transaction = transaction;
        Proof = proof;
        WalletKey = walletKey;
    }

    public RegtestChain Chain { get; }

    public string VerifierKey { get; }

    public string SignerKey { get; }

    public SignedCheckpoint Checkpoint { get; }

    public Transaction Transaction { get; }

    public AnchorProof Proof { get; }

    public Key WalletKey { get; }

    public Block AnchorBlock => Chain.Blocks[Chain.HeightOf(Transaction.GetHash())];

    public static RegtestAnchor Create(int depth = 6, ulong size = 1234)
    {
        (string signerKey, string verifierKey) = NoteSigner.Generate(Origin);
        using var signer = new NoteSigner(signerKey);
        SignedCheckpoint checkpoint = SignedCheckpoint.Sign(new Checkpoint(Origin, size, Rfc6962.HashLeaf(BitConverter.GetBytes(size))), signer);
        return Of(checkpoint, verifierKey, signerKey, depth);
    }

    /// <summary>Anchors a given signed checkpoint (such as one of a real tile log, with the keys of that log).</summary>
    public static RegtestAnchor Of(SignedCheckpoint checkpoint, string verifierKey, string signerKey, int depth = 6)
    {
        var walletKey = new Key();
        var factory = new AnchorTransactionFactory(RegtestChain.Network, walletKey, new AnchorFeePolicy(50m));
        var chain = new RegtestChain();
        Block funding = chain.Mine(factory.WalletAddress);
        chain.MineEmpty(new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, RegtestChain.Network), 100);
        Transaction anchor = factory.Build(checkpoint.Checkpoint, [new Coin(funding.Transactions[0], 0)], 5m);

        chain.Mine(new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, RegtestChain.Network), anchor);
        int height = chain.HeightOf(anchor.GetHash());
        chain.MineEmpty(new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, RegtestChain.Network), depth - 1);

        var proof = new AnchorProof
        {
            SignedCheckpoint = checkpoint.Format(),
            Transaction = anchor.ToBytes(),
            TxOutProof = chain.TxOutProof(anchor.GetHash()),
            Headers = chain.HeadersFrom(height),
        };
        return new RegtestAnchor(chain, verifierKey, signerKey, checkpoint, anchor, proof, walletKey);
    }
}
