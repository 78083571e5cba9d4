using NBitcoin;
using OversightLedger.Anchoring.Commitment;
using OversightLedger.Anchoring.Tests.Regtest;
using OversightLedger.Anchoring.Transactions;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Anchoring.Tests;

/// <summary>Anchor transactions: valid scripts (NBitcoin's script verification), the fee, the change, the commitment, RBF and the fee bump.</summary>
public sealed class AnchorTransactionFactoryTests
{
    private static readonly Network Regtest = Network.RegTest;
    private static readonly Checkpoint Checkpoint = new("example.org/log", 7, Rfc6962.HashLeaf("x"u8));

    [Fact]
    public void Anchor_spends_wallet_coins_with_valid_signatures_commits_once_pays_the_rate_and_returns_the_change()
    {
        var key = new Key();
        var factory = new AnchorTransactionFactory(Regtest, key, new AnchorFeePolicy(20m));
        Coin[] coins = FundedCoins(factory, Money.Coins(0.001m), Money.Coins(0.002m));

        Transaction tx = factory.Build(Checkpoint, coins, 3m);

        AssertScriptsVerify(tx, coins);
        Assert.Equal(0, AnchorCommitment.FindOutput(tx, Checkpoint));
        Assert.Equal(Money.Zero, tx.Outputs[0].Value);
        Assert.Equal(38, tx.Outputs[0].ScriptPubKey.Length);
        TxOut change = Assert.Single(tx.Outputs, o => o.ScriptPubKey == factory.WalletAddress.ScriptPubKey);
        Assert.Equal(2, tx.Outputs.Count);
        Money spent = tx.Inputs.Select(i => coins.Single(c => c.Outpoint == i.PrevOut).Amount).Sum();
        Money fee = tx.GetFee(coins);
        Assert.Equal(spent - fee, change.Value);
        decimal rate = fee.Satoshi / (decimal)tx.GetVirtualSize();
        Assert.InRange(rate, 3m, 3.2m);
        Assert.True(tx.RBF);
        Assert.All(tx.Inputs, i => Assert.True(i.Sequence < 0xfffffffe));
    }

    [Fact]
    public void Fee_rate_is_capped_by_the_policy()
    {
        var factory = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(4m));
        Coin[] coins = FundedCoins(factory, Money.Coins(0.01m));

        Transaction tx = factory.Build(Checkpoint, coins, 500m);

        decimal rate = tx.GetFee(coins).Satoshi / (decimal)tx.GetVirtualSize();
        Assert.InRange(rate, 4m, 4.2m);
    }

    [Fact]
    public void Too_few_funds_is_a_funding_error()
    {
        var factory = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(20m));
        Coin[] coins = FundedCoins(factory, Money.Satoshis(300));

        Assert.Throws<AnchorFundingException>(() => factory.Build(Checkpoint, coins, 10m));
    }

    [Fact]
    public void Coins_of_another_key_are_refused()
    {
        var factory = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(20m));
        var other = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(20m));

        Assert.Throws<ArgumentException>(() => factory.Build(Checkpoint, FundedCoins(other, Money.Coins(1m)), 2m));
    }

    [Fact]
    public void Fee_bump_conflicts_with_the_original_keeps_the_commitment_and_pays_more_as_BIP125_asks()
    {
        var factory = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(50m));
        Coin[] coins = FundedCoins(factory, Money.Coins(0.001m), Money.Coins(0.001m));
        Transaction original = factory.Build(Checkpoint, coins, 2m);

        Transaction bumped = factory.BumpFee(original, coins, Checkpoint, 10m);

        AssertScriptsVerify(bumped, coins);
        Assert.NotEqual(original.GetHash(), bumped.GetHash());
        Assert.True(original.Inputs.Select(i => i.PrevOut).ToHashSet().SetEquals(bumped.Inputs.Select(i => i.PrevOut)));
        Assert.NotNull(AnchorCommitment.FindOutput(bumped, Checkpoint));
        Money oldFee = original.GetFee(coins);
        Money newFee = bumped.GetFee(coins);
        Assert.True(newFee.Satoshi >= oldFee.Satoshi + bumped.GetVirtualSize(), $"{newFee} vs {oldFee}");
        Assert.InRange(newFee.Satoshi / (decimal)bumped.GetVirtualSize(), 10m, 10.2m);
        Assert.True(bumped.RBF);
    }

    [Fact]
    public void Fee_bump_beyond_the_cap_is_refused()
    {
        var factory = new AnchorTransactionFactory(Regtest, new Key(), new AnchorFeePolicy(5m));
        Coin[] coins = FundedCoins(factory, Money.Coins(0.001m));
        Transaction original = factory.Build(Checkpoint, coins, 5m);

        Assert.Throws<AnchorFundingException>(() => factory.BumpFee(original, coins, Checkpoint, 20m));
    }

    [Fact]
    public void Anchor_transaction_is_accepted_into_a_mined_regtest_block_and_spends_a_real_coinbase()
    {
        var anchor = RegtestAnchor.Create(depth: 1);

        Block block = anchor.AnchorBlock;
        Assert.True(block.Check());
        Assert.True(block.Header.CheckProofOfWork());
        Coin funding = new(anchor.Chain.Blocks[1].Transactions[0], 0);
        AssertScriptsVerify(anchor.Transaction, [funding]);
    }

    private static void AssertScriptsVerify(Transaction tx, Coin[] coins)
    {
        TransactionBuilder builder = Regtest.CreateTransactionBuilder();
        builder.AddCoins(coins);
        Assert.True(builder.Verify(tx, out NBitcoin.Policy.TransactionPolicyError[] errors), string.Join("; ", errors.Select(e => e.ToString())));
        foreach (IndexedTxIn input in tx.Inputs.AsIndexedInputs())
        {
            Coin coin = coins.Single(c => c.Outpoint == input.PrevOut);
            Assert.True(input.VerifyScript(coin, out ScriptError error), error.ToString());
        }
    }

    private static Coin[] FundedCoins(AnchorTransactionFactory factory, params Money[] amounts)
    {
        Transaction funding = Regtest.CreateTransaction();
        funding.Inputs.Add(new OutPoint(RandomUtils.GetUInt256(), 0));
        foreach (Money amount in amounts)
        {
            funding.Outputs.Add(amount, factory.WalletAddress);
        }

        return [.. funding.Outputs.AsCoins()];
    }
}
