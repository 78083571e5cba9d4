using System.CommandLine;

namespace OversightLedger.Cli.Commands;

/// <summary>Options the agency commands share (the ledger server, the API key, the program); each command gets its own instances.</summary>
internal static class AgencyOptions
{
    public static Option<string> Server() => new("--server")
    {
        Description = "The ledger server's base URL, e.g. https://ledger.example.org (the API is under /api/).",
        HelpName = "URL",
        Required = true,
    };

    public static Option<string> ApiKey() => new("--key")
    {
        Description = "The agency's API key, sent as 'Authorization: Bearer'. Prefer @FILE (a file holding the key): "
            + "a key on the command line is visible in the process list and in shell history.",
        HelpName = "KEY|@FILE",
        Required = true,
    };

    public static Option<string> Program() => new("--program")
    {
        Description = "The beneficiary program (run by the key's agency).",
        HelpName = "P",
        Required = true,
    };
}
