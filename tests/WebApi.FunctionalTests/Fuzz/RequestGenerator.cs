using System.Text;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>
/// Turns (seed, index) into one request against the contract's endpoints. Every choice comes from the
/// <see cref="Random"/> it is given and the fixed <see cref="TokenPool"/>, so a seed replays the same recipe of requests
/// (the tokens inside differ from run to run: the server signs them anew).
/// </summary>
public sealed class RequestGenerator(TokenPool pool)
{
    private enum BodyShape
    {
        None,
        Credentials,
        QueueToken,
        PurchaseToken,
        SaleSettings,
    }

    /// <summary>Who may call an endpoint: anyone, a signed-in shopper (any account), or an operator (the admin role).</summary>
    private enum Caller
    {
        Anyone,
        Shopper,
        Operator,
    }

    /// <summary>
    /// One call of the contract. <c>{id}</c> in the path stands for a random order id, <c>{sale}</c> for one of
    /// <see cref="Targets"/>: the sales this call may name without breaking the run's invariants (see
    /// <see cref="FuzzSales"/>). <see cref="Weight"/> is its share of the random picks; <see cref="Codes"/> the problem
    /// codes its answers may carry.
    /// </summary>
    private sealed record Endpoint(
        string Name, HttpMethod Method, string Path, Caller Caller, BodyShape Body, int Weight, string[] Codes,
        SaleTarget[]? Targets = null)
    {
        public bool Authorized => Caller != Caller.Anyone;

        /// <summary>The path without its query: what routing matches the method against.</summary>
        public string Route => Path.Split('?')[0];
    }

    /// <summary>An endpoint's address as sent, and the sale it names.</summary>
    private sealed record Address(string PathAndQuery, SaleTarget Target);

    private static readonly string[] BodyCodes = ["validation_failed", "unsupported_media_type", "payload_too_large", "rate_limited"];
    private static readonly string[] JoinCodes =
    [
        "unauthorized", "validation_failed", "not_found", "sale_not_open", "sale_closed", "queue_full", "sold_out",
        "already_purchased", "queue_paused", "rate_limited",
    ];

    private static readonly string[] TokenCodes =
    [
        "unauthorized", "invalid_token", "token_expired", "token_not_yours", "sold_out", "already_purchased", "sale_closed",
        .. BodyCodes,
    ];

    private static readonly string[] OperatorCodes = ["unauthorized", "forbidden"];

    private static readonly SaleTarget[] AnySale =
    [
        SaleTarget.Default, SaleTarget.Second, SaleTarget.Paused, SaleTarget.Editable, SaleTarget.Closable,
        SaleTarget.Unknown, SaleTarget.Unknown,
    ];

    private static readonly Endpoint[] Endpoints =
    [
        new("register", HttpMethod.Post, "/api/auth/register", Caller.Anyone, BodyShape.Credentials, 4, ["username_taken", .. BodyCodes]),
        new("login", HttpMethod.Post, "/api/auth/token", Caller.Anyone, BodyShape.Credentials, 4, ["invalid_credentials", .. BodyCodes]),
        new("sale", HttpMethod.Get, "/api/sales/current", Caller.Anyone, BodyShape.None, 4, ["not_found"]),
        new("enter", HttpMethod.Get, "/api/queue/enter", Caller.Shopper, BodyShape.None, 4, JoinCodes),
        new("exchange", HttpMethod.Post, "/api/queue/exchange-qt-for-pt", Caller.Shopper, BodyShape.QueueToken, 4, TokenCodes),
        new("purchase", HttpMethod.Post, "/api/shop/purchase", Caller.Shopper, BodyShape.PurchaseToken, 4, TokenCodes),
        new("orders", HttpMethod.Get, "/api/orders/mine", Caller.Shopper, BodyShape.None, 4, ["unauthorized"]),
        new("order", HttpMethod.Get, "/api/orders/{id}", Caller.Shopper, BodyShape.None, 4, ["unauthorized", "not_found"]),
        new("live", HttpMethod.Get, "/health/live", Caller.Anyone, BodyShape.None, 4, []),
        new("ready", HttpMethod.Get, "/health/ready", Caller.Anyone, BodyShape.None, 4, []),

        // v2: several sales, ?saleId=, and the operators' calls.
        new("sales", HttpMethod.Get, "/api/sales", Caller.Anyone, BodyShape.None, 2, []),
        new("sale-by-id", HttpMethod.Get, "/api/sales/{sale}", Caller.Anyone, BodyShape.None, 2, ["not_found"], AnySale),
        new("enter-sale", HttpMethod.Get, "/api/queue/enter?saleId={sale}", Caller.Shopper, BodyShape.None, 3, JoinCodes, AnySale),
        new("admin-create", HttpMethod.Post, "/api/admin/sales", Caller.Operator, BodyShape.SaleSettings, 3, [.. OperatorCodes, .. BodyCodes]),
        new("admin-list", HttpMethod.Get, "/api/admin/sales", Caller.Operator, BodyShape.None, 1, OperatorCodes),
        new("admin-get", HttpMethod.Get, "/api/admin/sales/{sale}", Caller.Operator, BodyShape.None, 2, [.. OperatorCodes, "not_found"], AnySale),
        new("admin-patch", HttpMethod.Patch, "/api/admin/sales/{sale}", Caller.Operator, BodyShape.SaleSettings, 3,
            [.. OperatorCodes, .. BodyCodes, "not_found", "sale_closed", "sale_already_open", "stock_below_orders"],
            [SaleTarget.Default, SaleTarget.Second, SaleTarget.Editable, SaleTarget.Editable, SaleTarget.Closable, SaleTarget.Unknown, SaleTarget.Unknown]),
        new("admin-pause", HttpMethod.Post, "/api/admin/sales/{sale}/pause", Caller.Operator, BodyShape.None, 2,
            [.. OperatorCodes, "not_found", "sale_closed"],
            [SaleTarget.Second, SaleTarget.Paused, SaleTarget.Editable, SaleTarget.Closable, SaleTarget.Unknown, SaleTarget.Unknown]),
        new("admin-resume", HttpMethod.Post, "/api/admin/sales/{sale}/resume", Caller.Operator, BodyShape.None, 2,
            [.. OperatorCodes, "not_found", "sale_closed"],
            [SaleTarget.Second, SaleTarget.Editable, SaleTarget.Closable, SaleTarget.Unknown, SaleTarget.Unknown]),
        new("admin-close", HttpMethod.Post, "/api/admin/sales/{sale}/close", Caller.Operator, BodyShape.None, 2,
            [.. OperatorCodes, "not_found", "sale_closed"], [SaleTarget.Closable, SaleTarget.Unknown]),
    ];

    private static readonly Endpoint[] BodyEndpoints = Endpoints.Where(e => e.Body != BodyShape.None).ToArray();
    private static readonly Endpoint[] ProtectedEndpoints = Endpoints.Where(e => e.Authorized).ToArray();
    private static readonly Endpoint[] AnonymousEndpoints = Endpoints.Where(e => !e.Authorized).ToArray();
    private static readonly Endpoint[] SaleRouteEndpoints = Endpoints.Where(e => e.Route.Contains("{sale}", StringComparison.Ordinal)).ToArray();

    /// <summary>
    /// The sales whose edits the json mutations may aim at: a mutated body may change any field it carries, so neither
    /// the second sale (its stock would move) nor a closable one (an edit racing a close) is among them.
    /// </summary>
    private static readonly SaleTarget[] MutableTargets = [SaleTarget.Default, SaleTarget.Editable, SaleTarget.Unknown, SaleTarget.Unknown];

    private const string Json = "application/json";

    /// <summary>The categories and their share of the requests, in percent.</summary>
    public static readonly IReadOnlyList<(string Category, int Percent)> Mix =
    [
        ("baseline", 6), ("json", 18), ("random-json", 6), ("raw", 7), ("huge", 2), ("content-type", 7),
        ("auth", 18), ("body-token", 16), ("route", 10), ("method", 6), ("anonymous", 4),
    ];

    public FuzzRequest Generate(int index, Random random)
    {
        var roll = random.Next(100);
        var category = Mix[0].Category;
        foreach (var (name, percent) in Mix)
        {
            category = name;
            if ((roll -= percent) < 0)
            {
                break;
            }
        }

        var request = category switch
        {
            "baseline" => Baseline(index, random),
            "json" => MutatedJson(index, random),
            "random-json" => RandomJson(index, random),
            "raw" => RawBody(index, random),
            "huge" => HugeBody(index, random),
            "content-type" => ContentType(index, random),
            "auth" => AuthorizationHeader(index, random),
            "body-token" => BodyToken(index, random),
            "route" => Route(index, random),
            "method" => MethodOrPath(index, random),
            _ => Anonymous(index, random),
        };

        if (random.Next(100) < 30)
        {
            Decorate(random, request);
        }

        return request;
    }

    // --- categories ------------------------------------------------------------------------------------------------

    /// <summary>A well-formed request of a random shopper (or the operator): the fuzz's share of real traffic.</summary>
    private FuzzRequest Baseline(int index, Random random)
    {
        var endpoint = Pick(random, Endpoints);
        var shopper = pool.AnyShopper(random);
        var address = AddressOf(endpoint, random);
        var request = New(index, $"baseline/{endpoint.Name}{TargetSuffix(address)}", endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, shopper, endpoint, random);
        if (endpoint.Body != BodyShape.None)
        {
            SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
        }

        request.Expect = Expected(endpoint, address.Target);
        return request;
    }

    /// <summary>
    /// A valid body with members removed, repeated, retyped, renamed, huge or unicode; sometimes damaged whole. Half of
    /// the sale settings get field-aware mutations instead (see <see cref="SaleFuzz.Mutate"/>).
    /// </summary>
    private FuzzRequest MutatedJson(int index, Random random)
    {
        var endpoint = Pick(random, BodyEndpoints);
        var shopper = pool.AnyShopper(random);
        var address = AddressOf(endpoint, random, MutableTargets);
        var valid = ValidMembers(endpoint, shopper, random, address.Target);
        Expectation? expect = null;
        string body, mutation;
        if (endpoint.Body == BodyShape.SaleSettings && random.Next(2) == 0)
        {
            (body, mutation, expect) = SaleFuzz.Mutate(random, valid, SaleFuzz.ModeFor(address.Target), pool);
            mutation = "settings/" + mutation;
        }
        else
        {
            (body, mutation) = JsonFuzz.MutateMembers(random, valid);
        }

        if (random.Next(100) < 30)
        {
            var (damaged, damage) = JsonFuzz.MutateDocument(random, body);
            (body, mutation, expect) = (damaged, mutation + "+" + damage, null);
        }

        var request = New(index, $"json/{endpoint.Name}{TargetSuffix(address)}/{mutation}", endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, shopper, endpoint, random);
        SetJson(request, body);
        request.Expect = expect;
        return request;
    }

    private FuzzRequest RandomJson(int index, Random random)
    {
        var endpoint = Pick(random, BodyEndpoints);
        var address = AddressOf(endpoint, random, MutableTargets);
        var request = New(index, $"random-json/{endpoint.Name}{TargetSuffix(address)}", endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, pool.AnyShopper(random), endpoint, random);
        SetJson(request, random.Next(2) == 0 ? JsonFuzz.RandomValue(random, 4) : JsonFuzz.RandomObject(random, 3));
        return request;
    }

    /// <summary>Bodies that are not UTF-8 JSON: random bytes, invalid UTF-8 inside a valid body, UTF-16, control bytes.</summary>
    private FuzzRequest RawBody(int index, Random random)
    {
        var endpoint = Pick(random, BodyEndpoints);
        var shopper = pool.AnyShopper(random);
        var address = AddressOf(endpoint, random);
        var valid = JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target));
        string kind;
        byte[] body;
        Expectation? expect = null;
        var contentType = Json;
        switch (random.Next(6))
        {
            case 0:
                kind = "random-bytes";
                body = TokenMutator.RandomBytes(random, random.Next(0, 3000));
                break;
            case 1:
            case 2:
                bool inValue;
                (body, inValue) = WithInvalidUtf8(random, valid);
                kind = inValue ? "invalid-utf8" : "invalid-utf8-anywhere";

                // In a string value the reader must decode it; elsewhere (a member name the body does not need, say) it
                // may be skipped unread.
                expect = inValue ? Expectation.Refused("invalid UTF-8 in a string of the body", "validation_failed") : null;
                break;
            case 3:
                kind = "utf16-without-charset";
                body = Encoding.Unicode.GetBytes(valid);
                expect = Expectation.Refused("UTF-16 bytes announced as UTF-8", "validation_failed");
                break;
            case 5 when random.Next(2) == 0:
                kind = "utf16-with-charset";
                body = random.Next(2) == 0 ? Encoding.Unicode.GetBytes(valid) : [.. Encoding.Unicode.GetBytes(valid), 0x7D];
                contentType = "application/json; charset=utf-16";
                break;
            case 4:
                kind = "nul-bytes";
                body = [.. Encoding.UTF8.GetBytes(valid), .. new byte[random.Next(1, 100)]];
                expect = Expectation.Refused("NUL bytes after the document", "validation_failed");
                break;
            default:
                kind = "random-text";
                body = Encoding.UTF8.GetBytes(JsonFuzz.UnicodeString(random, 1, 50));
                break;
        }

        var request = New(index, $"raw/{endpoint.Name}{TargetSuffix(address)}/{kind}", endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, shopper, endpoint, random);
        request.Body = body;
        request.ContentType = contentType;
        request.Expect = expect;
        return request;
    }

    /// <summary>Bodies of 100 KB and more, announced or streamed (chunked): over the 16 KiB limit.</summary>
    private FuzzRequest HugeBody(int index, Random random)
    {
        var endpoint = Pick(random, BodyEndpoints);
        var address = AddressOf(endpoint, random);
        var chunked = random.Next(2) == 0;
        var size = random.Next(100 * 1024, 300 * 1024);
        var filler = random.Next(3) switch
        {
            0 => new string('a', size),
            1 => string.Concat(Enumerable.Repeat("😀\u202E", size / 6)),
            _ => string.Concat(Enumerable.Repeat("\\u0000", size / 6)),
        };
        var array = random.Next(4) == 0;
        var body = array
            ? "[" + string.Join(",", Enumerable.Repeat("{}", size / 3)) + "]"
            : endpoint.Body == BodyShape.SaleSettings
                ? $"{{\"productName\":\"{filler}\",\"price\":1,\"currency\":\"EUR\",\"stock\":1,\"duration\":\"01:00:00\"}}"
                : $"{{\"queueToken\":\"{filler}\",\"purchaseToken\":\"x\",\"username\":\"x\",\"password\":\"x\"}}";
        var request = New(index, $"huge/{endpoint.Name}/{(array ? "array" : "string")}/{(chunked ? "chunked" : "content-length")}",
            endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, pool.AnyShopper(random), endpoint, random);
        SetJson(request, body);
        request.Chunked = chunked;

        // Streamed, with no length announced, an array is refused for its shape within the first 16 KiB already.
        request.Expect = chunked && array
            ? Expectation.Refused("a streamed body over 16 KiB of the wrong shape", "payload_too_large", "validation_failed")
            : Expectation.Refused("a body over 16 KiB", "payload_too_large");
        return request;
    }

    private FuzzRequest ContentType(int index, Random random)
    {
        var endpoint = Pick(random, BodyEndpoints);
        var shopper = pool.AnyShopper(random);
        var address = AddressOf(endpoint, random);
        var request = New(index, $"content-type/{endpoint.Name}{TargetSuffix(address)}", endpoint.Method, address.PathAndQuery, endpoint);
        Authorize(request, shopper, endpoint, random);
        request.Body = Encoding.UTF8.GetBytes(JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
        switch (random.Next(3))
        {
            case 0:
                request.ContentType = new[]
                {
                    "text/plain", "text/html", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/octet-stream", "application/x-json", "image/png", "application/javascript", "text/plain; charset=utf-8",
                }[random.Next(10)];

                // A form is read as one by MVC's form value provider before the body binder refuses the media type: the
                // account endpoints (no [Consumes]) then answer that the form cannot be read.
                request.Expect = request.ContentType.Contains("form", StringComparison.Ordinal)
                    ? Expectation.Refused("a form, not JSON", "unsupported_media_type", "validation_failed")
                    : Expectation.Refused("not a JSON media type", "unsupported_media_type");
                break;
            case 1:
                request.ContentType = new[]
                {
                    null, "", " ", "json", "application/", "/", ";;;", "*/*", "application/*", "\"application/json\"", "application/json; a=",
                }[random.Next(11)];
                request.Expect = Expectation.Refused("a missing or malformed media type", "unsupported_media_type", "validation_failed");
                break;
            default:
                // JSON media types, some with charsets that do not match the UTF-8 bytes or do not exist.
                request.ContentType = new[]
                {
                    "application/json; charset=utf-8", "APPLICATION/JSON", "text/json", "application/problem+json",
                    "application/merge-patch+json", "application/vnd.fuzz+json; v=1", "application/json;charset=\"utf-8\"",
                    "application/json; charset=utf-16", "application/json; charset=latin1", "application/json; charset=bogus",
                    "application/json; charset=", "application/json; charset=utf-32", "application/json; charset=utf-7",
                    "application/json; charset=us-ascii", "application/json; boundary=x; q=0.1", "application/json/json",
                    "application/json,text/plain", "application/json; charset=\"", "application/json; charset=\"utf-8",
                    "application/json; =utf-8", "application/json;;;", "application/json; charset=utf-8; charset=utf-16",
                    "application/json; charset",
                }[random.Next(23)];
                break;
        }

        return request;
    }

    /// <summary>A protected endpoint with a mutated access token, or an Authorization header that cannot carry one.</summary>
    private FuzzRequest AuthorizationHeader(int index, Random random)
    {
        var endpoint = Pick(random, ProtectedEndpoints);
        if (endpoint.Caller == Caller.Operator)
        {
            return OperatorAuthorization(index, random, endpoint);
        }

        var shopper = pool.AnyShopper(random);
        string kind;
        string? header;
        TokenVerdict verdict;
        switch (random.Next(10))
        {
            case 0:
                (kind, header, verdict) = ("missing", null, TokenVerdict.Invalid);
                break;
            case 1:
            case 2:
                var (broken, mutation) = TokenMutator.BrokenHeader(random, shopper.AccessToken);
                (kind, header, verdict) = (mutation, broken, TokenVerdict.Invalid);
                break;
            default:
                var token = TokenMutator.Mutate(random, pool, shopper, TokenKind.Access);
                var (value, spelling) = token.Token.Length == 0 ? ("Bearer ", "empty") : TokenMutator.BearerHeader(random, token.Token);
                (kind, header, verdict) = ($"{token.Mutation}/{spelling}", value, token.Token.Length == 0 ? TokenVerdict.Invalid : token.Verdict);
                break;
        }

        var address = AddressOf(endpoint, random);
        var request = New(index, $"auth/{endpoint.Name}/{kind}", endpoint.Method, address.PathAndQuery, endpoint);
        if (header is not null)
        {
            request.WithHeader("Authorization", header);
        }

        if (endpoint.Body != BodyShape.None)
        {
            SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
        }

        request.Expect = verdict is TokenVerdict.Invalid or TokenVerdict.Expired
            ? Expectation.Refused("no valid access token", "unauthorized")
            : null;
        return request;
    }

    /// <summary>
    /// An operator's call with no usable access token (401), a shopper's (403), the operator's mutated, or a shopper's
    /// forged into an operator's: the role added without the key (401), spelled otherwise with the key (403).
    /// </summary>
    private FuzzRequest OperatorAuthorization(int index, Random random, Endpoint endpoint)
    {
        var address = AddressOf(endpoint, random);
        var unauthorized = Expectation.Refused("no valid access token", "unauthorized");
        var forbidden = Expectation.Refused("a valid access token without the admin role", "forbidden");
        var asOperator = Expected(endpoint, address.Target);
        string kind;
        string? header;
        Expectation? expect;
        switch (random.Next(10))
        {
            case 0:
                (kind, header, expect) = ("missing", null, unauthorized);
                break;
            case 1:
                var (broken, mutation) = TokenMutator.BrokenHeader(random, pool.Operator.AccessToken);
                (kind, header, expect) = (mutation, broken, unauthorized);
                break;
            case 2:
            case 3:
                var (shoppers, spelling) = TokenMutator.BearerHeader(random, pool.AnyShopper(random).AccessToken);
                (kind, header, expect) = ($"shopper-token/{spelling}", shoppers, forbidden);
                break;
            case 4:
            case 5:
                var forged = TokenMutator.RoleForgery(random, pool);
                (kind, header) = (forged.Mutation, "Bearer " + forged.Token);
                expect = forged.Verdict switch
                {
                    TokenVerdict.Invalid => unauthorized,
                    TokenVerdict.NoRole => forbidden,
                    TokenVerdict.Genuine => asOperator,
                    _ => null,
                };
                break;
            default:
                var token = TokenMutator.Mutate(random, pool, pool.Operator, TokenKind.Access);
                var (value, bearer) = token.Token.Length == 0 ? ("Bearer ", "empty") : TokenMutator.BearerHeader(random, token.Token);
                (kind, header) = ($"operator-{token.Mutation}/{bearer}", value);
                expect = token.Token.Length == 0 ? unauthorized : token.Verdict switch
                {
                    TokenVerdict.Invalid or TokenVerdict.Expired => unauthorized,

                    // Another shopper's token, or one the key signed without the role: valid, but not an operator's.
                    TokenVerdict.Genuine => TokenMutator.HasAdminRole(token.Token) ? asOperator : forbidden,
                    _ => null,
                };
                break;
        }

        var request = New(index, $"auth/{endpoint.Name}{TargetSuffix(address)}/{kind}", endpoint.Method, address.PathAndQuery, endpoint);
        if (header is not null)
        {
            request.WithHeader("Authorization", header);
        }

        if (endpoint.Body != BodyShape.None)
        {
            SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, pool.AnyShopper(random), random, address.Target)));
        }

        request.Expect = expect;
        return request;
    }

    /// <summary>The exchange or the purchase, signed in, with a mutated queue or purchase token in the body.</summary>
    private FuzzRequest BodyToken(int index, Random random)
    {
        var exchange = random.Next(2) == 0;
        var endpoint = Endpoints.Single(e => e.Name == (exchange ? "exchange" : "purchase"));
        var shopper = pool.AnyShopper(random);
        var token = TokenMutator.Mutate(random, pool, shopper, exchange ? TokenKind.Queue : TokenKind.Purchase);
        var request = New(index, $"body-token/{endpoint.Name}/{token.Mutation}", endpoint.Method, endpoint.Path, endpoint);
        request.WithHeader("Authorization", "Bearer " + shopper.AccessToken);
        SetJson(request, JsonFuzz.Render([new JsonMember(exchange ? "\"queueToken\"" : "\"purchaseToken\"", JsonFuzz.Quote(token.Token))]));
        request.Expect = ExpectForBodyToken(token, exchange);
        return request;
    }

    private static Expectation? ExpectForBodyToken(MutatedToken token, bool exchange)
    {
        if (string.IsNullOrWhiteSpace(token.Token) || token.Token.Length > 4096)
        {
            return Expectation.Refused("an empty or over-long token", "validation_failed");
        }

        // A lone surrogate cannot be read as a string: the body is then not valid JSON text.
        var unreadable = token.Token.Any(char.IsSurrogate);
        return token.Verdict switch
        {
            TokenVerdict.Invalid => unreadable
                ? Expectation.Refused("an invalid token", "invalid_token", "validation_failed")
                : Expectation.Refused("an invalid token", "invalid_token"),
            TokenVerdict.NotYours => Expectation.Refused("another shopper's token", "token_not_yours"),
            TokenVerdict.Expired => exchange
                ? Expectation.Refused("an expired token", "token_expired")
                : Expectation.RefusedOrSuccess("an expired token (a retry of a placed order answers it)", "token_expired"),
            TokenVerdict.NeverIssued => exchange
                ? Expectation.Refused("a token never queued", "invalid_token", "sold_out", "already_purchased", "sale_closed")
                : Expectation.Refused("a token never issued", "invalid_token"),
            _ => null,
        };
    }

    /// <summary>
    /// Odd route values (orders/{id}, the sale in the sales' and the operators' paths), <c>?saleId=</c> at the queue,
    /// spellings of the known paths, and query strings.
    /// </summary>
    private FuzzRequest Route(int index, Random random)
    {
        var shopper = pool.AnyShopper(random);
        switch (random.Next(5))
        {
            case 0:
            {
                var (id, kind, safe) = OrderId(random);
                var endpoint = Endpoints.Single(e => e.Name == "order");
                var request = New(index, "route/order-id/" + kind, HttpMethod.Get, "/api/orders/" + id, safe ? endpoint : null);
                request.WithHeader("Authorization", "Bearer " + shopper.AccessToken);
                request.Expect = safe ? Expectation.Refused("no such order", "not_found") : null;
                return request;
            }

            case 1:
            {
                // No sale has such an id, or the id is no GUID and no route matches: not found either way.
                var endpoint = Pick(random, SaleRouteEndpoints);
                var (id, kind, safe) = OrderId(random);
                var request = New(index, $"route/sale-id/{endpoint.Name}/{kind}", endpoint.Method,
                    endpoint.Path.Replace("{sale}", id, StringComparison.Ordinal), safe ? endpoint : null);
                Authorize(request, shopper, endpoint, random);
                if (endpoint.Body != BodyShape.None)
                {
                    SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, SaleTarget.Unknown)));
                }

                request.Expect = safe ? Expectation.Refused("no such sale", "not_found") : null;
                return request;
            }

            case 2:
            {
                var endpoint = Endpoints.Single(e => e.Name == "enter-sale");
                var (query, kind, expect) = SaleFuzz.SaleIdQuery(random, pool);
                var request = New(index, "route/sale-query/" + kind, HttpMethod.Get, endpoint.Route + query, endpoint);
                request.WithHeader("Authorization", "Bearer " + shopper.AccessToken);
                request.Expect = expect;
                return request;
            }

            case 3:
            {
                var endpoint = Pick(random, Endpoints);
                var address = AddressOf(endpoint, random);

                // The path respelled; a query (?saleId=) kept as it is.
                var at = address.PathAndQuery.IndexOf('?', StringComparison.Ordinal);
                var query = at < 0 ? "" : address.PathAndQuery[at..];
                var (path, kind) = Respelled(random, at < 0 ? address.PathAndQuery : address.PathAndQuery[..at]);
                path += query;
                var request = New(index, $"route/spelling/{endpoint.Name}/{kind}", endpoint.Method, path, null);
                Authorize(request, shopper, endpoint, random);
                if (endpoint.Body != BodyShape.None)
                {
                    SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
                }

                return request;
            }

            default:
            {
                var endpoint = Pick(random, Endpoints);
                var address = AddressOf(endpoint, random);
                var query = QueryString(random);
                var path = address.PathAndQuery.Contains('?', StringComparison.Ordinal) ? address.PathAndQuery + "&" + query[1..] : address.PathAndQuery + query;
                var request = New(index, $"route/query/{endpoint.Name}", endpoint.Method, path, endpoint);
                Authorize(request, shopper, endpoint, random);
                if (endpoint.Body != BodyShape.None)
                {
                    SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
                }

                request.Expect = endpoint.Name is "sale" or "sales" or "live" or "orders" or "admin-list"
                    ? Expectation.Success("the query is ignored")
                    : null;
                return request;
            }
        }
    }

    /// <summary>Known paths with methods they do not take (405), unknown paths with any method (404).</summary>
    private FuzzRequest MethodOrPath(int index, Random random)
    {
        var shopper = pool.AnyShopper(random);
        if (random.Next(2) == 0)
        {
            var endpoint = Pick(random, Endpoints);

            // The methods of every call at this path (GET and POST /api/admin/sales are two calls of one path).
            var taken = Endpoints.Where(e => e.Route == endpoint.Route).Select(e => e.Method.Method).ToHashSet();
            var methods = new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "PROPFIND" }
                .Where(m => !taken.Contains(m)).ToArray();
            var method = new HttpMethod(methods[random.Next(methods.Length)]);
            var request = New(index, $"method/{endpoint.Name}/{method}", method, AddressOf(endpoint, random).PathAndQuery, null);
            if (random.Next(2) == 0)
            {
                request.WithHeader("Authorization", "Bearer " + (endpoint.Caller == Caller.Operator && random.Next(2) == 0
                    ? pool.Operator.AccessToken
                    : shopper.AccessToken));
            }

            if (random.Next(2) == 0 && method != HttpMethod.Head)
            {
                SetJson(request, JsonFuzz.Render(ValidMembers(endpoint with { Body = BodyShape.QueueToken }, shopper, random, SaleTarget.None)));
            }

            request.Expect = Expectation.Refused("a method the path does not take", "method_not_allowed");
            return request;
        }

        var unknown = new[] { "GET", "POST", "PUT", "DELETE", "PATCH" }[random.Next(5)];
        var path = random.Next(7) switch
        {
            0 => "/api/" + Segment(random),
            1 => "/api/queue/" + Segment(random),
            2 => "/api/orders/mine/" + Segment(random),
            3 => "/zz-" + Segment(random) + "/" + Segment(random),
            4 => new[] { "/api", "/api/queue", "/api/shop", "/api/orders", "/api/auth", "/api/sale", "/health", "/api/v2/queue/enter", "/api/admin", "/api/admin/sale" }[random.Next(10)],
            5 => $"/api/admin/sales/{TokenMutator.RandomGuid(random)}/{Segment(random)}",
            _ => "/api/" + Uri.EscapeDataString(JsonFuzz.UnicodeString(random, 1, 6).Replace("\0", "x")),
        };
        var unknownRequest = New(index, "method/unknown-path", new HttpMethod(unknown), path, null);
        if (random.Next(2) == 0)
        {
            unknownRequest.WithHeader("Authorization", "Bearer " + (random.Next(3) == 0 ? pool.Operator.AccessToken : shopper.AccessToken));
        }

        unknownRequest.Expect = Expectation.Refused("no such address", "not_found");
        return unknownRequest;
    }

    /// <summary>The anonymous endpoints with junk credentials and headers: the junk must not break them.</summary>
    private FuzzRequest Anonymous(int index, Random random)
    {
        var endpoint = Pick(random, AnonymousEndpoints);
        var shopper = pool.AnyShopper(random);
        var token = TokenMutator.Mutate(random, pool, shopper, TokenKind.Access);
        var address = AddressOf(endpoint, random);
        var request = New(index, $"anonymous/{endpoint.Name}/{token.Mutation}", endpoint.Method, address.PathAndQuery, endpoint);
        if (token.Token.Length > 0)
        {
            request.WithHeader("Authorization", TokenMutator.BearerHeader(random, token.Token).Value);
        }

        if (endpoint.Body != BodyShape.None)
        {
            SetJson(request, JsonFuzz.Render(ValidMembers(endpoint, shopper, random, address.Target)));
        }

        request.Expect = endpoint.Name is "sale" or "sales" or "sale-by-id" or "live" or "ready"
            ? Expected(endpoint, address.Target)
            : null;
        return request;
    }

    // --- pieces ----------------------------------------------------------------------------------------------------

    private static FuzzRequest New(int index, string kind, HttpMethod method, string path, Endpoint? endpoint) =>
        new()
        {
            Index = index,
            Kind = kind,
            Method = method,
            PathAndQuery = path,
            AllowedCodes = endpoint?.Codes.ToHashSet(),
        };

    /// <summary>An endpoint, each as likely as its weight.</summary>
    private static Endpoint Pick(Random random, Endpoint[] endpoints)
    {
        var roll = random.Next(endpoints.Sum(e => e.Weight));
        foreach (var endpoint in endpoints)
        {
            if ((roll -= endpoint.Weight) < 0)
            {
                return endpoint;
            }
        }

        return endpoints[^1];
    }

    /// <summary>
    /// The endpoint's address: a random order id for <c>{id}</c>, and for <c>{sale}</c> one of the sales it may name
    /// (of <paramref name="allowed"/> only, when given and any of them is the endpoint's).
    /// </summary>
    private Address AddressOf(Endpoint endpoint, Random random, SaleTarget[]? allowed = null)
    {
        var path = endpoint.Path.Replace("{id}", TokenMutator.RandomGuid(random).ToString(), StringComparison.Ordinal);
        if (endpoint.Targets is not { } targets)
        {
            return new(path, SaleTarget.None);
        }

        var candidates = allowed is null ? targets : targets.Where(allowed.Contains).DefaultIfEmpty(SaleTarget.Unknown).ToArray();
        var target = candidates[random.Next(candidates.Length)];
        return new(path.Replace("{sale}", SaleFuzz.IdOf(pool, target, random).ToString(), StringComparison.Ordinal), target);
    }

    private static string TargetSuffix(Address address) =>
        address.Target == SaleTarget.None ? "" : "@" + address.Target.ToString().ToLowerInvariant();

    /// <summary>
    /// What a well-formed request of the right caller must be answered, when the endpoint and its sale decide it. The
    /// default sale is open and stays so; the second sale is open with units left and may be paused; the paused one
    /// stays paused; the fuzz's scheduled sales open days after the run, and only the closable ones may be closed.
    /// </summary>
    private static Expectation? Expected(Endpoint endpoint, SaleTarget target)
    {
        var notFound = Expectation.Refused("no such sale", "not_found");
        var success = Expectation.Success("a well-formed request");
        var closable = Expectation.RefusedOrSuccess("a sale the fuzz may have closed", "sale_closed");
        return endpoint.Name switch
        {
            "sale" or "sales" or "live" or "ready" or "orders" or "admin-list" or "admin-create" => success,
            "order" => Expectation.Refused("a random order id", "not_found"),
            "sale-by-id" or "admin-get" => target == SaleTarget.Unknown ? notFound : success,
            "enter-sale" => target switch
            {
                SaleTarget.Unknown => notFound,
                SaleTarget.Paused => Expectation.Refused("a paused sale nobody holds a place in", "queue_paused"),
                SaleTarget.Editable => Expectation.Refused("a sale scheduled days ahead", "sale_not_open"),
                SaleTarget.Closable => Expectation.Refused("a sale scheduled days ahead, or closed", "sale_not_open", "sale_closed"),
                SaleTarget.Second => Expectation.RefusedOrSuccess("the second sale: open, maybe paused", "queue_paused"),
                _ => null,
            },
            "admin-patch" => target switch
            {
                SaleTarget.Unknown => notFound,
                SaleTarget.Default => Expectation.Refused("the open default sale's locked fields", "sale_already_open"),
                SaleTarget.Second => Expectation.Refused("a stock below the second sale's orders", "stock_below_orders", "sale_already_open"),
                SaleTarget.Closable => closable,
                _ => success,
            },
            "admin-pause" or "admin-resume" or "admin-close" => target switch
            {
                SaleTarget.Unknown => notFound,
                SaleTarget.Closable => closable,
                _ => success,
            },
            _ => null,
        };
    }

    /// <summary>A valid Authorization header for protected endpoints (and now and then for anonymous ones).</summary>
    private void Authorize(FuzzRequest request, FuzzShopper shopper, Endpoint endpoint, Random random)
    {
        if (endpoint.Authorized || random.Next(4) == 0)
        {
            var token = endpoint.Caller == Caller.Operator ? pool.Operator.AccessToken : shopper.AccessToken;
            request.WithHeader("Authorization", TokenMutator.BearerHeader(random, token).Value);
        }
    }

    private static void SetJson(FuzzRequest request, string body)
    {
        request.Body = Encoding.UTF8.GetBytes(body);
        request.ContentType = Json;
    }

    /// <summary>The members of a well-formed body for <paramref name="endpoint"/>, for <paramref name="shopper"/> or the sale named.</summary>
    private List<JsonMember> ValidMembers(Endpoint endpoint, FuzzShopper shopper, Random random, SaleTarget target)
    {
        switch (endpoint.Body)
        {
            case BodyShape.Credentials:
                var (username, password) = random.Next(3) switch
                {
                    0 => (shopper.Username, shopper.Password),
                    1 => (shopper.Username.ToUpperInvariant(), shopper.Password + "x"),
                    _ => (JsonFuzz.ValidUsername(random, 16), "fuzz-password-" + random.Next()),
                };
                return [new("\"username\"", JsonFuzz.Quote(username)), new("\"password\"", JsonFuzz.Quote(password))];
            case BodyShape.QueueToken:
                return [new("\"queueToken\"", JsonFuzz.Quote(shopper.QueueToken ?? pool.WithQueueToken(random).QueueToken!))];
            case BodyShape.PurchaseToken:
                return [new("\"purchaseToken\"", JsonFuzz.Quote(shopper.PurchaseToken ?? pool.WithPurchaseToken(random).PurchaseToken!))];
            case BodyShape.SaleSettings:
                return SaleFuzz.ValidMembers(random, SaleFuzz.ModeFor(target), pool);
            default:
                return [];
        }
    }

    /// <summary>The body with an invalid UTF-8 sequence inside its first string value (true), or anywhere if it has none.</summary>
    private static (byte[] Body, bool InValue) WithInvalidUtf8(Random random, string valid)
    {
        byte[][] sequences =
        [
            [0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0xBC], [0xF8, 0xA1, 0xA1, 0xA1, 0xA1], [0xFE], [0xFF],
            [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE0, 0x80, 0xAF], [0x80],
        ];
        var bytes = Encoding.UTF8.GetBytes(valid).ToList();

        // Inside the first string value, where the reader must decode it.
        var at = valid.IndexOf(":\"", StringComparison.Ordinal);
        var inValue = at >= 0;
        at = inValue ? Encoding.UTF8.GetByteCount(valid[..(at + 2)]) : random.Next(bytes.Count);
        bytes.InsertRange(at, sequences[random.Next(sequences.Length)]);
        return ([.. bytes], inValue);
    }

    private static (string Id, string Kind, bool Safe) OrderId(Random random)
    {
        var guid = TokenMutator.RandomGuid(random);
        return random.Next(12) switch
        {
            0 => (guid.ToString("N"), "guid-n", true),
            1 => (guid.ToString("B"), "guid-braces", true),
            2 => (Uri.EscapeDataString(guid.ToString("P")), "guid-parens-escaped", true),
            3 => (Guid.Empty.ToString(), "empty-guid", true),
            4 => (guid + "x", "guid-and-junk", true),
            5 => (new string('9', random.Next(40, 6000)), "huge-number", true),
            6 => UnicodeId(random),
            7 => ("-1", "negative", true),
            8 => (guid.ToString()[..random.Next(1, 36)], "guid-prefix", true),
            9 => (Uri.EscapeDataString(new string('a', random.Next(100, 5000))), "long", true),
            10 => (new[] { "%00", "%2e%2e", "..%2fmine", "%2F", "%E0%A4%A", "%ZZ", "%C0%AF", ";x=1", "%C3%A9", "%FF%FE" }[random.Next(10)], "encoded", false),
            _ => (Segment(random), "word", true),
        };
    }

    /// <summary>
    /// Awkward text as a path segment. "." and ".." are no ids but dot segments, which the server resolves (/api/sales/.
    /// is /api/sales, the list): not found is then no longer certain.
    /// </summary>
    private static (string Id, string Kind, bool Safe) UnicodeId(Random random)
    {
        var text = Uri.EscapeDataString(JsonFuzz.UnicodeString(random, 1, 10));
        return (text, "unicode", text is not ("." or ".."));
    }

    private static (string Path, string Kind) Respelled(Random random, string path) => random.Next(9) switch
    {
        0 => (path.ToUpperInvariant(), "uppercase"),
        1 => (path + "/", "trailing-slash"),
        2 => ("/" + path, "double-leading-slash"),
        3 => (path.Replace("/api/", "/api//", StringComparison.Ordinal), "double-slash"),
        4 => (path + "/.", "dot-segment"),
        5 => (path.Replace("/api/", "/api/x/../", StringComparison.Ordinal), "dot-dot-segment"),
        6 => (path + ";jsessionid=" + random.Next(), "matrix-param"),
        7 => (PercentEncodeOneLetter(random, path), "percent-encoded-letter"),
        _ => (path + "%20", "trailing-space"),
    };

    private static string PercentEncodeOneLetter(Random random, string path)
    {
        var letters = Enumerable.Range(0, path.Length).Where(i => char.IsAsciiLetterLower(path[i])).ToList();
        var at = letters[random.Next(letters.Count)];
        return path[..at] + $"%{(int)path[at]:X2}" + path[(at + 1)..];
    }

    private static string QueryString(Random random) => random.Next(8) switch
    {
        0 => "?queueToken=" + Uri.EscapeDataString(JsonFuzz.UnicodeString(random, 1, 5).Replace("\0", "x")),
        1 => "?a=%ZZ&b=%",
        2 => "?%00=%00",
        3 => "?" + new string('q', random.Next(100, 4000)),
        4 => "?x=1&x=2&x[]=3&x[a]=4",
        5 => "?" + Uri.EscapeDataString(JsonFuzz.UnicodeString(random, 1, 20).Replace("\0", "x")) + "=1",
        6 => "?&&&==&",
        _ => "?userId=" + TokenMutator.RandomGuid(random) + "&saleId=" + TokenMutator.RandomGuid(random),
    };

    private static string Segment(Random random) =>
        new string(Enumerable.Range(0, random.Next(1, 20)).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());

    /// <summary>Headers that must not change the answer: odd Accept values, junk cookies, overrides nobody honours.</summary>
    private static void Decorate(Random random, FuzzRequest request)
    {
        switch (random.Next(10))
        {
            case 0:
            case 1:
            case 2:
                request.WithHeader("Accept", new[]
                {
                    "text/html", "application/xml", "*/*;q=0", "application/problem+xml", "garbage/////", "application/json;q=abc",
                    "image/png", "text/html, application/xhtml+xml, */*;q=0.8", "application/json;charset=utf-16", "",
                }[random.Next(10)]);
                break;
            case 3:
                request.WithHeader("Accept-Charset", "utf-16, iso-8859-1;q=0.5, bogus");
                break;
            case 4:
                request.WithHeader("User-Agent", JsonFuzz.HeaderSafe(JsonFuzz.UnicodeString(random, 1, 30)) + "x");
                break;
            case 5:
                request.WithHeader("X-HTTP-Method-Override", "DELETE");
                break;
            case 6:
                request.WithHeader("Cookie", "session=" + new string('c', random.Next(1, 3000)) + "; a=; =b; ;");
                break;
            case 7:
                request.WithHeader("X-Forwarded-For", "999.999.999.999, ::1, unknown");
                request.WithHeader("X-Forwarded-Proto", "gopher");
                break;
            case 8:
                request.WithHeader("Accept-Language", "zz-ZZ;q=2, *;q=-1");
                break;
            default:
                request.WithHeader("If-None-Match", "\"" + random.Next() + "\"");
                request.WithHeader("Range", "bytes=0-1,5-");
                break;
        }
    }
}
