using System.Text;
using Microsoft.Net.Http.Headers;

namespace OversightLedger.Server.Api;

/// <summary>
/// Refuses a request body in a character set .NET does not know (<c>Content-Type: application/json; charset=nonsense</c>)
/// with 415 and problem details. The framework's JSON body reader throws <see cref="InvalidOperationException"/> for it,
/// which minimal APIs do not map to a 4xx, so the request answered 500.
/// </summary>
internal static class RequestCharsetCheck
{
    public static IApplicationBuilder UseRequestCharsetCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out MediaTypeHeaderValue? mediaType)
                && mediaType.Charset is { HasValue: true } charset
                && !IsKnown(HeaderUtilities.RemoveQuotes(charset).Value ?? string.Empty))
            {
                await TypedResults.Problem(
                    detail: $"The request body's charset '{charset}' is not one the server reads; send UTF-8.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType,
                    title: "Unsupported character set.",
                    type: Problems.TypeBase + "unsupported-charset").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static bool IsKnown(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
