using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OversightLedger.Server.Tests.TestSupport;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Notes;

namespace OversightLedger.Server.Tests.Witnesses;

/// <summary>
/// An acknowledged registration and an acknowledged cosignature survive SIGKILL of the server: after a restart on the
/// same data directory the witness is listed and <c>/log/checkpoint</c> still carries the cosignature. Runs on its own server.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Slow)]
public sealed class WitnessingCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registered_witnesses_and_accepted_cosignatures_survive_SIGKILL()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(Ct);
        using var witness = TestWitness.Create("crash");
        byte[] cosigned;
        using (HttpClient admin = server.CreateClient(ServerProcess.AdminKey))
        using (HttpClient watchdog = server.CreateClient(await admin.CreateKeyAsync("watchdog", "crash-witness-owner", Ct)))
        using (HttpClient anonymous = server.CreateClient())
        {
            await watchdog.PostJsonAsync("api/witnesses", new { name = witness.Name, verifierKey = witness.VerifierKey }, Ct).ExpectCreatedAsync(Ct);
            var logVerifier = new NoteVerifier((await anonymous.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim());
            byte[] checkpoint = await anonymous.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
            var content = new ByteArrayContent(witness.Cosign(checkpoint, logVerifier));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            using HttpResponseMessage accepted = await anonymous.PostAsync(new Uri("log/cosignature", UriKind.Relative), content, Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            cosigned = await anonymous.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        }

        server.Kill();
        await server.RestartAsync(Ct);

        using HttpClient reader = server.CreateClient();
        byte[] served = await reader.GetByteArrayAsync(new Uri("log/checkpoint", UriKind.Relative), Ct);
        Assert.Equal(cosigned, served);
        var verifier = new NoteVerifier((await reader.GetStringAsync(new Uri("log/key", UriKind.Relative), Ct)).Trim());
        new CosignatureVerifier(witness.VerifierKey).Verify(SignedCheckpoint.Open(served, verifier));
        JsonElement witnesses = await reader.GetJsonAsync("api/witnesses", Ct);
        Assert.Equal(witness.VerifierKey, witnesses.EnumerateArray().Single(w => w.Text("name") == witness.Name).Text("verifierKey"));
        Assert.Single(Directory.GetFiles(Path.Combine(server.DataDirectory, "witness"), "*.note"));
    }
}
