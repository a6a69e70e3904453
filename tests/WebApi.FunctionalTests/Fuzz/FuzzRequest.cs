using System.Text;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>
/// What the answer to a generated request must be, when the generator knows it: the codes a refusal may carry and
/// whether a success is acceptable. Requests without one are held to the general rules only.
/// </summary>
public sealed record Expectation(string Reason, IReadOnlySet<string> Codes, bool SuccessAllowed = false)
{
    public static Expectation Refused(string reason, params string[] codes) => new(reason, codes.ToHashSet());

    public static Expectation RefusedOrSuccess(string reason, params string[] codes) => new(reason, codes.ToHashSet(), true);

    public static Expectation Success(string reason) => new(reason, new HashSet<string>(), true);

    public override string ToString() =>
        $"{Reason}: {(Codes.Count == 0 ? "" : string.Join(" or ", Codes))}{(SuccessAllowed ? (Codes.Count == 0 ? "2xx" : " or 2xx") : "")}";
}

/// <summary>
/// One generated request, kept whole so that a failure can show exactly what was sent: method, path and query as
/// written on the wire, every header, and the body bytes.
/// </summary>
public sealed class FuzzRequest
{
    public required int Index { get; init; }

    /// <summary>The family of mutation, e.g. <c>auth/alg-none</c>: the first segment is the category counted in the summary.</summary>
    public required string Kind { get; init; }

    public required HttpMethod Method { get; init; }

    /// <summary>Path and query exactly as sent (already percent-encoded where the generator wanted it).</summary>
    public required string PathAndQuery { get; init; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public byte[]? Body { get; set; }

    /// <summary>The raw Content-Type header; null sends none.</summary>
    public string? ContentType { get; set; }

    /// <summary>Send the body with Transfer-Encoding: chunked (no Content-Length).</summary>
    public bool Chunked { get; set; }

    public Expectation? Expect { get; set; }

    /// <summary>
    /// The problem codes the endpoint addressed may answer with (see the contract), when the request is sure to reach
    /// it; null when the address is mangled or unknown.
    /// </summary>
    public IReadOnlySet<string>? AllowedCodes { get; init; }

    public string Category => Kind.Split('/')[0];

    /// <summary>
    /// A body over the API's 16 KiB limit. The server may answer it before reading it all and then close the
    /// connection (RFC 9112, 9.6), so it is sent on a connection of its own, and a client still sending may see the
    /// connection go instead of the answer.
    /// </summary>
    public bool OverBodyLimit => Body is { Length: > (int)DependencyInjection.MaxRequestBodyBytes };

    /// <summary>Adds a header; control characters are dropped (see <see cref="JsonFuzz.HeaderSafe"/>).</summary>
    public FuzzRequest WithHeader(string name, string value)
    {
        Headers.Add(new(name, JsonFuzz.HeaderSafe(value)));
        return this;
    }

    /// <summary>
    /// The request to send to <paramref name="server"/>. The address is taken as written: no dot segments removed, no
    /// slashes merged, no escapes changed (the client would otherwise tidy the mutations away before sending them).
    /// </summary>
    public HttpRequestMessage ToMessage(Uri server)
    {
        var address = new Uri(server.GetLeftPart(UriPartial.Authority) + PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var message = new HttpRequestMessage(Method, address);
        if (Body is not null || ContentType is not null)
        {
            HttpContent content = Chunked
                ? new StreamContent(new MemoryStream(Body ?? []))
                : new ByteArrayContent(Body ?? []);
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            message.Content = content;
            if (Chunked)
            {
                message.Headers.TransferEncodingChunked = true;
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (OverBodyLimit)
        {
            message.Headers.ConnectionClose = true;
        }

        return message;
    }

    /// <summary>Everything sent, as text, for the failure report (long values and bodies truncated).</summary>
    public string Describe(int maxBody = 600)
    {
        var text = new StringBuilder();
        text.Append('#').Append(Index).Append(" [").Append(Kind).Append("] ")
            .Append(Method).Append(' ').AppendLine(Truncate(PathAndQuery, 400));
        if (ContentType is not null)
        {
            text.Append("  Content-Type: ").AppendLine(Printable(ContentType, 200));
        }

        if (Chunked)
        {
            text.AppendLine("  Transfer-Encoding: chunked");
        }

        if (OverBodyLimit)
        {
            text.AppendLine("  Connection: close");
        }

        foreach (var (name, value) in Headers)
        {
            text.Append("  ").Append(name).Append(": ").AppendLine(Printable(value, 300));
        }

        if (Body is not null)
        {
            text.Append("  body (").Append(Body.Length).Append(" bytes): ").AppendLine(PrintableBody(Body, maxBody));
        }

        if (Expect is not null)
        {
            text.Append("  expected: ").AppendLine(Expect.ToString());
        }

        return text.ToString();
    }

    /// <summary>The request as one string, to tell an echo of the request apart from a leak of the server's internals.</summary>
    public string AllText() =>
        PathAndQuery + "\n" + ContentType + "\n" + string.Join("\n", Headers.Select(h => h.Key + ": " + h.Value)) + "\n"
        + (Body is null ? "" : Encoding.UTF8.GetString(Body));

    private static string PrintableBody(byte[] body, int max)
    {
        var shown = body.AsSpan(0, Math.Min(body.Length, max));
        try
        {
            return Printable(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(shown), max)
                + (body.Length > max ? "..." : "");
        }
        catch (DecoderFallbackException)
        {
            return "(not UTF-8) hex " + Convert.ToHexString(shown[..Math.Min(shown.Length, max / 2)]) + (body.Length > max / 2 ? "..." : "");
        }
    }

    /// <summary>Control characters and lone surrogates shown as escapes, so the report stays readable and valid.</summary>
    internal static string Printable(string value, int max)
    {
        var text = new StringBuilder();
        foreach (var c in value.Length > max ? value[..max] : value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068')
            {
                text.Append($"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text + (value.Length > max ? $"...({value.Length} chars)" : "");
    }

    private static string Truncate(string value, int max) => Printable(value, max);
}
