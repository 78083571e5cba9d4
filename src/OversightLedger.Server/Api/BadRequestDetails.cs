using System.Text.Json;
using System.Text.RegularExpressions;

namespace OversightLedger.Server.Api;

/// <summary>
/// Gives a malformed request (bad JSON, a wrong type, a missing body, too large) a problem type and a detail in plain
/// words: which JSON field, what was expected. Never the framework's message, which names .NET types
/// ("OversightLedger.Server.Api.FreezeRequest") and can quote the request body.
/// </summary>
internal static partial class BadRequestDetails
{
    /// <summary>The most characters of a field path put into a detail (a client chooses unknown property names).</summary>
    private const int MaxPathLength = 100;

    /// <summary>What a JSON value of each .NET type the requests use must look like, by the type's full name.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["System.String"] = "a string",
        ["System.Boolean"] = "true or false",
        ["System.DateOnly"] = "a date such as \"2026-11-30\"",
        ["System.DateTimeOffset"] = "a date and time such as \"2026-11-30T00:00:00Z\"",
        ["System.String[]"] = "an array of strings",
        ["System.Int32"] = "a whole number",
        ["System.Int64"] = "a whole number",
        ["System.UInt64"] = "a whole number",
        ["System.Decimal"] = "a number",
    };

    /// <summary>Fills in the problem of a request the framework refused before the endpoint ran.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        Exception? error = context.Exception ?? context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            context.ProblemDetails.Status = bad.StatusCode;
            context.HttpContext.Response.StatusCode = bad.StatusCode;
            bool missingField = bad.InnerException is JsonException json && json.Message.Contains("missing required properties", StringComparison.Ordinal);
            context.ProblemDetails.Type = Problems.TypeBase + (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : missingField ? "validation" : "malformed-request");
            context.ProblemDetails.Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.";
            context.ProblemDetails.Detail = Describe(bad);
        }
        else if (error is null && context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel refused the body before the endpoint saw an exception (e.g. a JSON endpoint whose
            // Content-Length is over the limit): the same problem type as when the exception reaches us.
            context.ProblemDetails.Type = Problems.TypeBase + "too-large";
            context.ProblemDetails.Title = "The request body is too large.";
        }
    }

    /// <summary>A refused request in plain words, without anything the request itself held except JSON field names.</summary>
    public static string Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return Describe(json);
        }

        string message = bad.Message;
        return bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is larger than this endpoint accepts."
            : bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Send the body as JSON (Content-Type: application/json)."
            : message.Contains("no body was provided", StringComparison.Ordinal) ? "The request has no body; send a JSON object."
            : ParameterName().Match(message) is { Success: true } parameter
                ? message.Contains("was not provided", StringComparison.Ordinal)
                    ? $"The parameter '{parameter.Groups["name"].Value}' is required."
                    : $"The parameter '{parameter.Groups["name"].Value}' is not valid here (for example a number too large, or not a number)."
            : "The request could not be read.";
    }

    /// <summary>A JSON body that could not be read as the request, in plain words: where (the JSON path) and what was wrong.</summary>
    public static string Describe(JsonException json)
    {
        if (json.Data[NullArrayElements.Refusal] is string nullElement)
        {
            return nullElement;
        }

        string message = json.Message;
        string where = Where(json.Path);
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            string[] names = [.. QuotedNames().Matches(message[message.IndexOf("including:", StringComparison.Ordinal)..]).Select(m => m.Groups["name"].Value)];
            return names.Length == 1
                ? $"The field '{names[0]}' is required{In(json.Path)}."
                : $"The fields {string.Join(", ", names.Select(n => $"'{n}'"))} are required{In(json.Path)}.";
        }

        if (message.Contains("null value", StringComparison.Ordinal))
        {
            return $"{where} must not be null.";
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return $"{Named(json.Path, message)} is not a field of this request.";
        }

        if (message.Contains("uplicate", StringComparison.Ordinal))
        {
            return $"{Named(json.Path, message)} appears more than once; each field may be given once.";
        }

        if (ConvertedTo().Match(message) is { Success: true } converted)
        {
            string type = converted.Groups["type"].Value;
            // For a field read through a constructor the serializer names the request type, not the field's own type.
            bool atObject = json.Path is null or "$" || json.Path.EndsWith(']');
            if (type.StartsWith("OversightLedger.", StringComparison.Ordinal) && !atObject)
            {
                return $"{where} has a value of the wrong type (the OpenAPI document at /openapi/v1.json gives every field's type).";
            }

            string expected = Expected.GetValueOrDefault(type)
                ?? (type.StartsWith("OversightLedger.", StringComparison.Ordinal) ? "a JSON object"
                : type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) ? "a JSON array"
                : "a value of another type");
            return json.Path is null or "$" ? $"The body must be {expected}." : $"{where} must be {expected}.";
        }

        return $"The body is not well-formed JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).";
    }

    /// <summary>The field a message names ("The JSON property 'x' …"), under the object the path points at.</summary>
    private static string Named(string? path, string message)
    {
        if (PropertyName().Match(message) is not { Success: true } named)
        {
            return Where(path);
        }

        string name = named.Groups["name"].Value;
        string field = path is null or "$" ? name : Field(path);
        return $"The field '{(field == name || field.EndsWith("." + name, StringComparison.Ordinal) || path is null or "$" ? field : $"{field}.{name}")}'";
    }

    private static string Where(string? path) => path is null or "$" ? "The body" : $"The field '{Field(path)}'";

    private static string In(string? path) => path is null or "$" ? string.Empty : $" in '{Field(path)}'";

    private static string Field(string path)
    {
        string field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length <= MaxPathLength ? field : field[..MaxPathLength] + "…";
    }

    [GeneratedRegex("[Pp]roperty '(?<name>[^']{1,100})'", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyName();

    [GeneratedRegex("'(?<name>[^']{1,100})'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedNames();

    [GeneratedRegex("could not be converted to (?<type>[A-Za-z0-9_.`\\[\\]]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("parameter \"[^\"]* (?<name>[A-Za-z0-9_]{1,64})\"", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
