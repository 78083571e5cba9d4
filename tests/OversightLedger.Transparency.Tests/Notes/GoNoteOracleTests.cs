using System.Diagnostics;
using System.Text.Json;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Tests.TestSupport;

namespace OversightLedger.Transparency.Tests.Notes;

/// <summary>Fresh keys and notes made here, checked by Go's x/mod note through the goverify oracle (skipped when it is not built).</summary>
public sealed class GoNoteOracleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("note-oracle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Go_signs_a_checkpoint_exactly_as_we_do_with_a_fresh_key()
    {
        string goverify = RequireGoVerify();
        (string skey, string vkey) = NoteSigner.Generate("example.com/oracle-log");
        using var signer = new NoteSigner(skey);
        var checkpoint = new Checkpoint("example.com/oracle-log", 1234, Rfc6962.HashLeaf("entry"u8), ["ext"]);
        string textFile = Write("checkpoint.txt", System.Text.Encoding.UTF8.GetBytes(checkpoint.Format()));

        (int exit, byte[] output) = Run(goverify, "sign", skey, textFile);

        Assert.Equal(0, exit);
        Assert.Equal(SignedCheckpoint.Sign(checkpoint, signer).Format(), output);
        Assert.Equal(vkey, signer.VerifierKey);
    }

    [Fact]
    public void Go_opens_our_cosigned_checkpoint_and_sees_the_cosignature_as_unknown()
    {
        string goverify = RequireGoVerify();
        (string skey, string vkey) = NoteSigner.Generate("example.com/oracle-log");
        using var signer = new NoteSigner(skey);
        using var witness = new Cosigner("witness.example/oracle", new byte[32]);
        var checkpoint = new Checkpoint("example.com/oracle-log", 7, Rfc6962.EmptyRoot);
        SignedCheckpoint signed = SignedCheckpoint.Sign(checkpoint, signer).WithSignature(witness.Sign(checkpoint, 1_800_000_000));
        string noteFile = Write("checkpoint", signed.Format());

        (int exit, byte[] output) = Run(goverify, "checkpoint", vkey, noteFile);

        Assert.Equal(0, exit);
        using JsonDocument result = JsonDocument.Parse(output);
        Assert.Equal(7UL, result.RootElement.GetProperty("checkpoint").GetProperty("size").GetUInt64());
        Assert.Equal("witness.example/oracle", result.RootElement.GetProperty("unverifiedSigs")[0].GetProperty("name").GetString());
    }

    private static string RequireGoVerify() => GoVerifyProcess.Executable;

    private static (int Exit, byte[] Output) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        _ = errors.Result;
        return (process.ExitCode, output.ToArray());
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
