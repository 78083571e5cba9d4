using System.Text.Json;

namespace OversightLedger.Server.Tests.Http.Fuzzing;

/// <summary>One operation to fuzz: its method and path template, its path and query parameters, and its JSON body's schema.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The path template, e.g. <c>/api/budgets/{id}/funds</c>.</param>
/// <param name="PathParameters">The names in braces in <paramref name="Template"/>.</param>
/// <param name="QueryParameters">The query parameters the operation declares.</param>
/// <param name="BodySchema">The JSON body's schema with every <c>$ref</c> resolved on use, or null when none is declared.</param>
internal sealed record FuzzOperation(string Method, string Template, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, JsonElement? BodySchema)
{
    /// <summary>Whether the operation may change something (anything but GET and HEAD).</summary>
    public bool Writes => Method is not ("GET" or "HEAD");

    /// <summary>Every operation of an OpenAPI 3 document.</summary>
    public static IReadOnlyList<FuzzOperation> ReadAll(JsonElement document)
    {
        var operations = new List<FuzzOperation>();
        foreach (JsonProperty path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                var pathParameters = new List<string>();
                var queryParameters = new List<string>();
                if (operation.Value.TryGetProperty("parameters", out JsonElement parameters))
                {
                    foreach (JsonElement parameter in parameters.EnumerateArray())
                    {
                        string name = parameter.GetProperty("name").GetString()!;
                        (parameter.GetProperty("in").GetString() == "path" ? pathParameters : queryParameters).Add(name);
                    }
                }

                JsonElement? body = operation.Value.TryGetProperty("requestBody", out JsonElement requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out JsonElement json)
                    && json.TryGetProperty("schema", out JsonElement schema)
                        ? schema.Clone()
                        : null;
                operations.Add(new FuzzOperation(operation.Name.ToUpperInvariant(), path.Name, pathParameters, queryParameters, body));
            }
        }

        return operations;
    }
}
