namespace OversightLedger.Server.Api;

/// <summary>RFC 9457 problem details with a stable <c>type</c> per rule broken.</summary>
internal static class Problems
{
    public const string TypeBase = "https://oversightledger.org/problems/";

    public static IResult Validation(string field, string message) =>
        TypedResults.Problem(
            detail: $"{field}: {message}",
            statusCode: StatusCodes.Status400BadRequest,
            title: "The request is not valid.",
            type: TypeBase + "validation",
            extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>404 for <paramref name="what"/> (e.g. "report file"), whose problem type is <c>unknown-report-file</c>.</summary>
    public static IResult NotFound(string what, string id) =>
        TypedResults.Problem(
            detail: $"There is no {what} '{id}'.",
            statusCode: StatusCodes.Status404NotFound,
            title: $"Unknown {what}.",
            type: TypeBase + $"unknown-{Slug(what)}",
            extensions: new Dictionary<string, object?> { ["code"] = $"unknown-{Slug(what)}" });

    /// <summary>A problem type's last segment: lower-case words joined by '-' (a space would make the type URI malformed).</summary>
    private static string Slug(string words) => words.Replace(' ', '-').ToLowerInvariant();

    public static IResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not yours to act on.", type: TypeBase + "forbidden");

    /// <summary>A domain rule refused the request: 409 for state conflicts, 422 for rules on the request itself.</summary>
    public static IResult Rule(string code, string message, int statusCode) =>
        TypedResults.Problem(detail: message, statusCode: statusCode, title: $"Refused: {code}.", type: TypeBase + code, extensions: new Dictionary<string, object?> { ["code"] = code });
}
