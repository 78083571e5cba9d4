using System.Text.Json;

namespace OversightLedger.Grains.AuditLog;

/// <summary>What the sequencer needs from an entry without knowing its kind: its id and the subjects it names.</summary>
internal readonly record struct EntryEnvelope(string Id, string? Budget, string? Program, string? Kind, string? Counterparty = null)
{
    /// <summary>The subjects under which the entry is indexed.</summary>
    public IEnumerable<string> Subjects()
    {
        if (Budget is not null)
        {
            yield return LogSubjects.Budget(Budget);
        }

        if (Program is not null)
        {
            yield return LogSubjects.Program(Program);
        }

        if (Counterparty is not null)
        {
            yield return LogSubjects.Counterparty(Counterparty);
        }

        if (Kind is not null && LogSubjects.IndexedKinds.Contains(Kind))
        {
            yield return LogSubjects.OfKind(Kind);
        }
    }

    /// <summary>Reads the top-level <c>id</c>, <c>budget</c>, <c>program</c>, <c>kind</c> and <c>counterparty</c> strings of a JSON entry.</summary>
    /// <exception cref="FormatException">The entry is not a JSON object with a string <c>id</c>.</exception>
    public static EntryEnvelope Read(ReadOnlySpan<byte> entry)
    {
        var reader = new Utf8JsonReader(entry);
        string? id = null, budget = null, program = null, kind = null, counterparty = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("A log entry is a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("budget"u8))
                {
                    budget = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("program"u8))
                {
                    program = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    kind = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("counterparty"u8))
                {
                    counterparty = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"A log entry is not valid JSON: {e.Message}", e);
        }

        if (string.IsNullOrEmpty(id))
        {
            throw new FormatException("A log entry needs a string \"id\".");
        }

        return new EntryEnvelope(id, budget, program, kind, counterparty);
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
