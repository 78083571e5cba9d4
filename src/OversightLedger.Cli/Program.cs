using System.CommandLine;
using System.Text;
using OversightLedger.Cli.Commands;
using OversightLedger.Cli.Execution;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

var root = new RootCommand(
    "oversight: create, append to and independently verify OversightLedger transparency logs "
    + "(RFC 6962 Merkle trees in C2SP tlog-tiles, with signed checkpoints), and record disbursements on a ledger server or cosign its checkpoints as a witness. "
    + "Exit codes: 0 ok/verified, 1 verification failed or refused by the ledger, 2 bad usage, unreadable input or HTTP failure.")
{
    LogCommands.Create(),
    VerifyCommands.Create(),
    ProofCommands.Create(),
    DisburseCommand.Create(),
    ImportCommand.Create(),
    ReceiptCommand.Create(),
    ReverseCommand.Create(),
    ReconcileCommand.Create(),
    WitnessCommand.Create(),
    ReplayCommand.Create(),
    AnchorCommand.Create(),
    MonitorCommand.Create(),
    ScreenCommand.Create(),
};

return await CommandLineInvocation.InvokeAsync(root, args);
