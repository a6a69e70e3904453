using System.Text;
using System.Text.Json.Nodes;
using FlashPurchase.WebApi.FunctionalTests.Client;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

public enum TokenKind
{
    Access,
    Queue,
    Purchase,
}

/// <summary>What the API must make of a mutated token, as far as the mutation alone decides it.</summary>
public enum TokenVerdict
{
    /// <summary>A token the API signed (or could have) for this shopper: any answer the state allows.</summary>
    Genuine,

    /// <summary>Malformed, forged, unsigned, of another kind, or naming nothing real: refused as such.</summary>
    Invalid,

    /// <summary>A sale token, well signed, of the right kind, but another shopper's.</summary>
    NotYours,

    /// <summary>Well signed, the right kind and shopper, past its expiry.</summary>
    Expired,

    /// <summary>A well-signed queue or purchase token of this shopper that the system never handed out.</summary>
    NeverIssued,

    /// <summary>The mutation alone does not decide the answer: only the general rules apply.</summary>
    Unclear,

    /// <summary>A valid access token without the admin role: an operator's call refuses it (403 forbidden).</summary>
    NoRole,
}

public sealed record MutatedToken(string Token, string Mutation, TokenVerdict Verdict);

/// <summary>
/// Mutations of real tokens: truncated, bit-flipped, re-signed with another key, <c>alg: none</c>, other algorithms,
/// edited payloads, swapped kinds, other shoppers', expired, never issued, well signed with nonsense claims, garbage.
/// </summary>
public static class TokenMutator
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>A token to stand where <paramref name="owner"/>'s token of <paramref name="kind"/> is expected.</summary>
    public static MutatedToken Mutate(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind)
    {
        var real = RealToken(owner, kind) ?? Forge(pool, owner, kind, pool.Now.AddMinutes(-1), TimeSpan.FromHours(1), random);
        var genuine = RealToken(owner, kind) is not null || kind == TokenKind.Access ? TokenVerdict.Genuine : TokenVerdict.NeverIssued;
        switch (random.Next(17))
        {
            case 0:
                return new(real, "genuine", genuine);
            case 1:
                return Truncated(random, real);
            case 2:
                return new(Flipped(random, real), "bit-flip", TokenVerdict.Invalid);
            case 3:
                return new(TokenForge.ResignedWith(real, RandomBytes(random, random.Next(16, 65))), "other-key", TokenVerdict.Invalid);
            case 4:
                return AlgNone(random, real);
            case 5:
                return OtherAlgorithm(random, pool, real);
            case 6:
                return new(TokenForge.WithEditedPayload(real, p => p["sub"] = pool.Other(random, owner).UserId.ToString()),
                    "edited-sub-kept-signature", TokenVerdict.Invalid);
            case 7:
                return SwappedKind(random, pool, owner, kind);
            case 8:
                return OtherShoppers(random, pool, owner, kind);
            case 9:
                return Expired(random, pool, owner, kind, real);
            case 10:
                return NeverIssued(random, pool, owner, kind);
            case 11:
            case 12:
                return SignedNonsense(random, pool, owner, kind, real);
            case 13:
                return new(Resign(pool, real, header => header["typ"] = TypeOf(OtherKind(random, kind)), _ => { }),
                    "real-key-other-typ", TokenVerdict.Invalid);
            case 14:
                return new(Resign(pool, real, _ => { }, p => p["aud"] = AudienceOf(OtherKind(random, kind))),
                    "real-key-other-audience", TokenVerdict.Invalid);
            default:
                return new(Garbage(random), "garbage", TokenVerdict.Invalid);
        }
    }

    /// <summary>
    /// An operator's access token forged from a shopper's, or the operator's own with its role taken away: the role
    /// claim added without the key (<see cref="TokenVerdict.Invalid"/>), spelled otherwise than the API writes it or
    /// removed, with the key (<see cref="TokenVerdict.NoRole"/>), or exactly as the API writes it, with the key:
    /// indistinguishable from the operator's own (<see cref="TokenVerdict.Genuine"/>).
    /// </summary>
    public static MutatedToken RoleForgery(Random random, TokenPool pool)
    {
        var shopper = pool.AnyShopper(random).AccessToken;
        void AddAdmin(JsonObject payload) => payload["role"] = "admin";
        switch (random.Next(9))
        {
            case 0:
                return new(TokenForge.WithEditedPayload(shopper, AddAdmin), "role-admin-kept-signature", TokenVerdict.Invalid);
            case 1:
                return new(TokenForge.ResignedWith(TokenForge.WithEditedPayload(shopper, AddAdmin), RandomBytes(random, 32)),
                    "role-admin-other-key", TokenVerdict.Invalid);
            case 2:
                return new(TokenForge.Unsigned(TokenForge.WithEditedPayload(shopper, AddAdmin)), "role-admin-alg-none", TokenVerdict.Invalid);
            case 3:
            case 4:
                (string Spelling, Action<JsonObject> Set) role = random.Next(10) switch
                {
                    0 => ("capitalised", p => p["role"] = "Admin"),
                    1 => ("uppercase", p => p["role"] = "ADMIN"),
                    2 => ("trailing-space", p => p["role"] = "admin "),
                    3 => ("administrator", p => p["role"] = "administrator"),
                    4 => ("operator", p => p["role"] = "operator"),
                    5 => ("empty", p => p["role"] = ""),
                    6 => ("nul", p => p["role"] = "admin\u0000"),
                    7 => ("zero-width-space", p => p["role"] = "ad\u200Bmin"),
                    8 => ("number", p => p["role"] = 1),
                    _ => ("array-without-admin", p => p["role"] = new JsonArray("shopper", "user")),
                };
                return new(Resign(pool, shopper, _ => { }, role.Set), $"role-{role.Spelling}-signed", TokenVerdict.NoRole);
            case 5:
                return new(Resign(pool, pool.Operator.AccessToken, _ => { }, p => p.Remove("role")), "operator-role-removed-signed",
                    TokenVerdict.NoRole);
            case 6:
                return new(TokenForge.WithEditedPayload(pool.Operator.AccessToken, p => p.Remove("role")), "operator-role-removed-kept-signature",
                    TokenVerdict.Invalid);
            case 7:
                return new(Resign(pool, shopper, _ => { }, p => p["role"] = new JsonArray("shopper", "admin")), "role-array-with-admin-signed",
                    TokenVerdict.Genuine);
            default:
                return new(Resign(pool, shopper, _ => { }, AddAdmin), "role-admin-signed", TokenVerdict.Genuine);
        }
    }

    /// <summary>Whether a (well-formed) access token carries the admin role: "admin", alone or in an array.</summary>
    public static bool HasAdminRole(string token)
    {
        try
        {
            return TokenForge.Payload(token)["role"] switch
            {
                JsonValue value => value.TryGetValue<string>(out var role) && role == "admin",
                JsonArray roles => roles.Any(r => r is JsonValue v && v.TryGetValue<string>(out var role) && role == "admin"),
                _ => false,
            };
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IndexOutOfRangeException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The Authorization header for a token: the usual form, or equivalent spellings JwtBearer accepts.</summary>
    public static (string Value, string Spelling) BearerHeader(Random random, string token) => random.Next(10) switch
    {
        0 => ("bearer " + token, "lowercase-scheme"),
        1 => ("BEARER " + token, "uppercase-scheme"),
        2 => ("Bearer   " + token + "  ", "extra-spaces"),
        _ => ("Bearer " + token, "bearer"),
    };

    /// <summary>Authorization headers that never carry a usable access token, whatever the token.</summary>
    public static (string Value, string Mutation) BrokenHeader(Random random, string token) => random.Next(12) switch
    {
        0 => ("Bearer", "scheme-only"),
        1 => ("Bearer ", "scheme-and-space"),
        2 => ("Bearer" + token, "no-space"),
        3 => ("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + token[..Math.Min(10, token.Length)])), "basic"),
        4 => ("Token " + token, "other-scheme"),
        5 => (token, "no-scheme"),
        6 => ("Bearer " + token + " " + token, "two-tokens"),
        7 => ("Bearer " + token + ",Bearer " + token, "comma-list"),
        8 => ("Digest username=\"x\", realm=\"y\"", "digest"),
        9 => ("Bearer " + JsonFuzz.HeaderSafe(JsonFuzz.UnicodeString(random, 1, 40)), "unicode"),
        10 => ("Negotiate " + Convert.ToBase64String(RandomBytes(random, 40)), "negotiate"),
        _ => ("Bearer " + new string('A', random.Next(4000, 9000)), "huge"),
    };

    public static string Kebab(TokenKind kind) => kind switch
    {
        TokenKind.Access => "access",
        TokenKind.Queue => "qt",
        _ => "pt",
    };

    private static string? RealToken(FuzzShopper shopper, TokenKind kind) => kind switch
    {
        TokenKind.Access => shopper.AccessToken,
        TokenKind.Queue => shopper.QueueToken,
        _ => shopper.PurchaseToken,
    };

    private static MutatedToken Truncated(Random random, string real)
    {
        var parts = real.Split('.');
        return random.Next(4) switch
        {
            0 => new($"{parts[0]}.{parts[1]}.", "no-signature", TokenVerdict.Invalid),
            1 => new($"{parts[0]}.{parts[1]}", "two-parts", TokenVerdict.Invalid),
            2 => new(real[..^1], "last-char-cut", TokenVerdict.Invalid),
            _ => new(real[..random.Next(real.Length - 1)], "truncated", TokenVerdict.Invalid),
        };
    }

    /// <summary>
    /// One character changed. Never the signature's last character: its low bits are padding, so some changes there
    /// decode to the same signature and the token stays valid (harmless malleability, not a forgery).
    /// </summary>
    private static string Flipped(Random random, string real)
    {
        var chars = real.ToCharArray();
        int at;
        do
        {
            at = random.Next(chars.Length - 1);
        }
        while (chars[at] == '.');

        char replacement;
        do
        {
            replacement = Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)];
        }
        while (replacement == chars[at]);

        chars[at] = replacement;
        return new string(chars);
    }

    private static MutatedToken AlgNone(Random random, string real)
    {
        var parts = real.Split('.');
        var header = TokenForge.Header(real);
        header["alg"] = random.Next(4) switch { 0 => "none", 1 => "None", 2 => "NONE", _ => "nOnE" };
        var encoded = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()));
        return random.Next(3) switch
        {
            0 => new($"{encoded}.{parts[1]}.", "alg-none", TokenVerdict.Invalid),
            1 => new($"{encoded}.{parts[1]}.{parts[2]}", "alg-none-signature-kept", TokenVerdict.Invalid),
            _ => new($"{encoded}.{parts[1]}", "alg-none-two-parts", TokenVerdict.Invalid),
        };
    }

    private static MutatedToken OtherAlgorithm(Random random, TokenPool pool, string real)
    {
        // Any algorithm but the one the token is signed with (HS256, or ES256 for a purchase token), which Resign keeps.
        var signedWith = TokenForge.Header(real)["alg"]?.ToString();
        var algs = new[] { "HS256", "HS384", "HS512", "RS256", "ES256", "ES384", "PS256", "hs256", "es256", "HS256 " }
            .Where(alg => alg != signedWith).ToArray();
        var alg = algs[random.Next(algs.Length)];
        return new(Resign(pool, real, header => header["alg"] = alg, _ => { }),
            $"alg-{alg.Trim()}-with-{signedWith?.ToLowerInvariant()}-signature", TokenVerdict.Invalid);
    }

    private static MutatedToken SwappedKind(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind)
    {
        var other = OtherKind(random, kind);
        var token = RealToken(owner, other) ?? Forge(pool, owner, other, pool.Now.AddMinutes(-1), TimeSpan.FromHours(1), random);
        return new(token, $"{Kebab(other)}-as-{Kebab(kind)}", TokenVerdict.Invalid);
    }

    private static MutatedToken OtherShoppers(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind)
    {
        var other = pool.Other(random, owner, s => RealToken(s, kind) is not null);
        if (RealToken(other, kind) is { } token)
        {
            // Another shopper's access token is simply that shopper signing in.
            return new(token, "other-shoppers", kind == TokenKind.Access ? TokenVerdict.Genuine : TokenVerdict.NotYours);
        }

        return new(Forge(pool, other, kind, pool.Now.AddMinutes(-1), TimeSpan.FromHours(1), random), "other-shoppers-forged",
            kind == TokenKind.Access ? TokenVerdict.Genuine : TokenVerdict.NotYours);
    }

    private static MutatedToken Expired(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind, string real)
    {
        var expiredAt = pool.Now.AddMinutes(-random.Next(2, 60 * 24 * 30));
        var lifetime = TimeSpan.FromHours(1);
        var verdict = kind == TokenKind.Access ? TokenVerdict.Invalid : TokenVerdict.Expired;
        if (random.Next(2) == 0)
        {
            // The real token (its jti too) with its times moved into the past.
            return new(Resign(pool, real, _ => { }, p => SetTimes(p, expiredAt - lifetime, expiredAt)), "expired-real", verdict);
        }

        return new(Forge(pool, owner, kind, expiredAt - lifetime, lifetime, random), "expired-forged", verdict);
    }

    private static MutatedToken NeverIssued(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind)
    {
        var token = Forge(pool, owner, kind, pool.Now.AddMinutes(-1), TimeSpan.FromHours(1), random);
        if (random.Next(3) == 0)
        {
            // For a sale that does not exist.
            token = Resign(pool, token, _ => { }, p => p["sale_id"] = RandomGuid(random).ToString());
            return new(token, "never-issued-other-sale", kind == TokenKind.Access ? TokenVerdict.Genuine : TokenVerdict.Invalid);
        }

        // An access token the server did not hand out but signed with its key is indistinguishable from a real one.
        return new(token, "never-issued", kind == TokenKind.Access ? TokenVerdict.Genuine : TokenVerdict.NeverIssued);
    }

    /// <summary>Well signed with the app's key, but with claims the server never writes.</summary>
    private static MutatedToken SignedNonsense(Random random, TokenPool pool, FuzzShopper owner, TokenKind kind, string real)
    {
        var access = kind == TokenKind.Access;
        switch (random.Next(18))
        {
            case 16:
                // A shopper id, but of nobody: as an access token it signs in a shopper who does not exist.
                return new(Resign(pool, real, _ => { }, p => p["sub"] = RandomGuid(random).ToString()), "signed-unknown-user",
                    access ? TokenVerdict.Unclear : TokenVerdict.NotYours);
            case 17:
                return new(Resign(pool, real, _ => { }, p => p["sub"] = Guid.Empty.ToString()), "signed-empty-guid-user",
                    access ? TokenVerdict.Unclear : TokenVerdict.NotYours);
            case 0:
                return new(Resign(pool, real, _ => { }, p => p["sub"] = "not-a-guid"), "signed-sub-not-a-guid", TokenVerdict.Invalid);
            case 1:
                return new(Resign(pool, real, _ => { }, p => p["sub"] = random.Next()), "signed-sub-number", TokenVerdict.Invalid);
            case 2:
                return new(Resign(pool, real, _ => { }, p => p.Remove("sub")), "signed-no-sub", TokenVerdict.Invalid);
            case 3:
                return new(Resign(pool, real, _ => { }, p => p["sub"] = new JsonArray(owner.UserId.ToString(), RandomGuid(random).ToString())),
                    "signed-sub-array", TokenVerdict.Unclear);
            case 4:
                // Sale tokens' lifetimes are the use cases' to judge (ValidateLifetime is off for them): no oracle there.
                return new(Resign(pool, real, _ => { }, p => p.Remove("exp")), "signed-no-exp",
                    access ? TokenVerdict.Invalid : TokenVerdict.Unclear);
            case 5:
                return new(Resign(pool, real, _ => { }, p => p["exp"] = "tomorrow"), "signed-exp-string", TokenVerdict.Unclear);
            case 6:
                return new(Resign(pool, real, _ => { }, p => p["exp"] = new[] { 1e12, 1e15, 9.9e18, -1, 0 }[random.Next(5)]),
                    "signed-exp-extreme", TokenVerdict.Unclear);
            case 7:
                return new(Resign(pool, real, _ => { }, p => p["nbf"] = pool.Now.AddHours(2).ToUnixTimeSeconds()), "signed-nbf-future",
                    access ? TokenVerdict.Invalid : TokenVerdict.Unclear);
            case 8:
                return new(Resign(pool, real, _ => { }, p => p["iss"] = "someone-else"), "signed-other-issuer", TokenVerdict.Invalid);
            case 9:
                return new(Resign(pool, real, _ => { }, p => p.Remove("jti")), "signed-no-jti",
                    access ? TokenVerdict.Genuine : TokenVerdict.Invalid);
            case 10:
                return new(Resign(pool, real, _ => { }, p => p["jti"] = new JsonObject { ["id"] = 1 }), "signed-jti-object",
                    TokenVerdict.Unclear);
            case 11:
                return new(Resign(pool, real, _ => { }, p => p["sale_id"] = random.Next(2) == 0 ? 42 : new JsonArray()),
                    "signed-sale-id-wrong-type", access ? TokenVerdict.Unclear : TokenVerdict.Invalid);
            case 12:
                return new(Resign(pool, real, h => h.Remove("typ"), _ => { }), "signed-no-typ", TokenVerdict.Invalid);
            case 13:
                return new(Resign(pool, real, h => h["kid"] = JsonFuzz.UnicodeString(random, 1, 20), _ => { }), "signed-odd-kid",
                    TokenVerdict.Unclear);
            case 14:
                return new(Resign(pool, real, h => h["crit"] = new JsonArray("exp"), _ => { }), "signed-crit", TokenVerdict.Unclear);
            default:
                return new(Resign(pool, real, _ => { }, p => p["padding"] = new string('x', random.Next(100, 3000))),
                    "signed-extra-claim", TokenVerdict.Unclear);
        }
    }

    private static string Garbage(Random random) => random.Next(10) switch
    {
        0 => "a.b.c",
        1 => "...",
        2 => $"{RandomSegment(random)}.{RandomSegment(random)}.{RandomSegment(random)}",
        3 => $"{RandomSegment(random)}.{RandomSegment(random)}.{RandomSegment(random)}.{RandomSegment(random)}.{RandomSegment(random)}",
        4 => "eyJhbGciOiJIUzI1NiJ9." + RandomSegment(random),
        5 => JsonFuzz.UnicodeString(random, 1, 60),
        6 => new string('A', random.Next(1000, 6000)),
        7 => "null",
        8 => Convert.ToBase64String(RandomBytes(random, random.Next(10, 300))),
        _ => "eyJ" + new string('.', random.Next(1, 10)),
    };

    /// <summary>A token of <paramref name="kind"/> signed with the app's key for it, with the claims the API writes.</summary>
    private static string Forge(TokenPool pool, FuzzShopper owner, TokenKind kind, DateTimeOffset issuedAt, TimeSpan lifetime, Random random)
    {
        var header = kind == TokenKind.Purchase
            ? TokenForge.Es256Header(TypeOf(kind), pool.PurchaseSigningKey)
            : new JsonObject { ["alg"] = "HS256", ["typ"] = TypeOf(kind) };
        var payload = new JsonObject
        {
            ["iss"] = TokenForge.Issuer,
            ["aud"] = AudienceOf(kind),
            ["sub"] = owner.UserId.ToString(),
            ["jti"] = RandomGuid(random).ToString(),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
        };
        if (kind != TokenKind.Access)
        {
            payload["sale_id"] = pool.SaleId.ToString();
        }

        return Sign(pool, header, payload, es256: kind == TokenKind.Purchase);
    }

    /// <summary>The token edited and signed again with the app's key it was signed with (ES256 stays ES256).</summary>
    private static string Resign(TokenPool pool, string token, Action<JsonObject> editHeader, Action<JsonObject> editPayload)
    {
        var header = TokenForge.Header(token);
        var es256 = header["alg"]?.ToString() == "ES256";
        var payload = TokenForge.Payload(token);
        editHeader(header);
        editPayload(payload);
        return Sign(pool, header, payload, es256);
    }

    private static string Sign(TokenPool pool, JsonObject header, JsonObject payload, bool es256) =>
        es256 ? TokenForge.SignEs256(header, payload, pool.PurchaseSigningKey) : TokenForge.Sign(header, payload, pool.SigningKey);

    private static void SetTimes(JsonObject payload, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        payload["iat"] = issuedAt.ToUnixTimeSeconds();
        payload["nbf"] = issuedAt.ToUnixTimeSeconds();
        payload["exp"] = expiresAt.ToUnixTimeSeconds();
    }

    private static TokenKind OtherKind(Random random, TokenKind kind)
    {
        var others = Enum.GetValues<TokenKind>().Where(k => k != kind).ToArray();
        return others[random.Next(others.Length)];
    }

    private static string TypeOf(TokenKind kind) => kind switch
    {
        TokenKind.Access => "at+jwt",
        TokenKind.Queue => TokenForge.QueueType,
        _ => TokenForge.PurchaseType,
    };

    private static string AudienceOf(TokenKind kind) => kind switch
    {
        TokenKind.Access => "flashpurchase-api",
        TokenKind.Queue => TokenForge.QueueAudience,
        _ => TokenForge.PurchaseAudience,
    };

    private static string RandomSegment(Random random) => Base64Url(RandomBytes(random, random.Next(1, 120)));

    public static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public static Guid RandomGuid(Random random) => new(RandomBytes(random, 16));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
