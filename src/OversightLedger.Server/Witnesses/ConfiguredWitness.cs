namespace OversightLedger.Server.Witnesses;

/// <summary>
/// One witness the log submits its checkpoints to (c2sp.org/tlog-witness), from the <c>Witnesses</c> list in
/// configuration: <c>--Witnesses:0:Url https://witness.example.org/ --Witnesses:0:VerifierKey witness.example.org+1a2b3c4d+BA…</c>
/// (or <c>OVERSIGHT_Witnesses__0__Url</c>). The verifier key is the one the witness's holder made with
/// <c>oversight witness keygen</c>; only cosignatures that verify with it are kept and served.
/// </summary>
public sealed class ConfiguredWitness
{
    /// <summary>The witness's submission URL prefix; <c>add-checkpoint</c> is appended. Required.</summary>
    public string Url { get; set; } = "";

    /// <summary>The witness's cosignature/v1 verifier key, <c>&lt;name&gt;+&lt;8 hex&gt;+&lt;base64(0x04 ‖ public key)&gt;</c>. Required.</summary>
    public string VerifierKey { get; set; } = "";

    /// <summary>The name in log messages. Default: the verifier key's name.</summary>
    public string? Name { get; set; }
}
