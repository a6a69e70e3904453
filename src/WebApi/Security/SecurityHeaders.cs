namespace FlashPurchase.WebApi.Security;

/// <summary>
/// The headers every answer carries (API JSON, problem documents, the waiting room, its files and /docs): no MIME
/// sniffing, no referrer, no framing, a Content-Security-Policy, and no caching of API answers (tokens live in them) unless the answer sets its own (the public JWKS, the sale reads).
/// Set when the answer starts, so that error answers written after the pipeline cleared the response get them too.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The waiting room (and anything else but /docs): its own script and stylesheet only, no inline code, calls to this
    /// origin only, never in a frame.
    /// </summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// NSwag's Swagger UI: its index.html starts the UI with an inline script and the UI sets inline styles, so /docs
    /// alone allows inline code. connect-src 'self' keeps its <c>?url=</c> from loading a document from elsewhere.
    /// </summary>
    public const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string DocsPath = "/docs";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(DocsPath) ? DocsPolicy : PagePolicy;
                // An answer that chose its own caching keeps it: the public key set and the sale reads (no token in them).
                if (IsJson(http.Response.ContentType) && string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            }, context);
            await next(context);
        });

    // API answers and problem documents (application/json, application/problem+json); not the page or its files.
    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase));
}
