using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Witnessing;

namespace OversightLedger.Server.Tests.Witnesses;

/// <summary>A witness of the tests: a fresh key, its registry name, and cosigning as a first-time witness would.</summary>
public sealed class TestWitness : IDisposable
{
    private TestWitness(string name, string signerKey)
    {
        Name = name;
        SignerKey = signerKey;
        Cosigner = WitnessKeys.OpenCosigner(signerKey);
    }

    /// <summary>The name the witness is registered under.</summary>
    public string Name { get; }

    /// <summary>The secret key.</summary>
    public string SignerKey { get; }

    /// <summary>The cosigner of <see cref="SignerKey"/>.</summary>
    public Cosigner Cosigner { get; }

    /// <summary>The cosignature/v1 verifier key to register.</summary>
    public string VerifierKey => Cosigner.VerifierKey;

    /// <summary>A witness with a new key, registered as <paramref name="name"/> with a random suffix.</summary>
    public static TestWitness Create(string name)
    {
        string unique = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];
        return new TestWitness(unique, WitnessKeys.Generate($"witness.example.org/{unique}").SignerKey);
    }

    /// <summary>The log's <paramref name="checkpointNote"/> with this witness's cosignature added, checked as a first-time witness checks it.</summary>
    public byte[] Cosign(byte[] checkpointNote, NoteVerifier logVerifier) =>
        new CheckpointWitness(logVerifier, Cosigner, TimeProvider.System).Cosign(state: null, checkpointNote, []).Cosigned.Format();

    public void Dispose() => Cosigner.Dispose();
}
