using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlashPurchase.Infrastructure.Tokens;

namespace FlashPurchase.WebApi.FunctionalTests.Client;

/// <summary>
/// Builds JWTs by hand (base64url + HMAC-SHA256, or ECDSA P-256 for purchase tokens), so that the tests control every
/// byte of a forgery: other keys, <c>alg: none</c>, edited payloads, and well-signed tokens the system never handed out.
/// </summary>
public static class TokenForge
{
    public const string Issuer = "flashpurchase";
    public const string QueueAudience = "flashpurchase-queue";
    public const string PurchaseAudience = "flashpurchase-purchase";
    public const string QueueType = "qt+jwt";
    public const string PurchaseType = "pt+jwt";

    /// <summary>A queue token with the claims the API signs (iss, aud, typ, sub, jti, sale_id, iat, nbf, exp).</summary>
    public static string QueueToken(string key, Guid userId, Guid saleId, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        SaleToken(key, QueueType, QueueAudience, userId, saleId, issuedAt, lifetime);

    /// <summary>A purchase token as the API signs it: ES256 with <paramref name="purchaseKeyPem"/>, named by its kid.</summary>
    public static string PurchaseToken(string purchaseKeyPem, Guid userId, Guid saleId, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        SignEs256(Es256Header(PurchaseType, purchaseKeyPem), SaleClaims(PurchaseAudience, userId, saleId, issuedAt, lifetime), purchaseKeyPem);

    /// <summary>The header of an ES256 token signed with <paramref name="privateKeyPem"/>: alg, typ and the key's kid.</summary>
    public static JsonObject Es256Header(string type, string privateKeyPem)
    {
        using var key = ImportPem(privateKeyPem);
        return new JsonObject { ["alg"] = "ES256", ["kid"] = PurchaseKeys.Thumbprint(key), ["typ"] = type };
    }

    /// <summary>Signs the header as given (alg and kid are not touched) with ECDSA P-256 over SHA-256 (JWS: r ‖ s).</summary>
    public static string SignEs256(JsonObject header, JsonObject payload, string privateKeyPem)
    {
        using var key = ImportPem(privateKeyPem);
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The same payload under an ES256 header of <paramref name="privateKeyPem"/> (its kid), signed with it.</summary>
    public static string ResignedWithEs256(string token, string privateKeyPem) =>
        SignEs256(Es256Header(Header(token)["typ"]!.GetValue<string>(), privateKeyPem), Payload(token), privateKeyPem);

    public static string Sign(JsonObject header, JsonObject payload, byte[] key)
    {
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url(signature)}";
    }

    public static string Sign(JsonObject header, JsonObject payload, string key) => Sign(header, payload, Encoding.UTF8.GetBytes(key));

    /// <summary>The same header and payload, signed with another key.</summary>
    public static string ResignedWith(string token, byte[] key) => Sign(Header(token), Payload(token), key);

    public static string ResignedWith(string token, string key) => ResignedWith(token, Encoding.UTF8.GetBytes(key));

    /// <summary>The same payload with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var header = Header(token);
        header["alg"] = "none";
        return $"{Encode(header)}.{Encode(Payload(token))}.";
    }

    /// <summary>The payload edited by <paramref name="edit"/>, the original signature kept.</summary>
    public static string WithEditedPayload(string token, Action<JsonObject> edit)
    {
        var parts = token.Split('.');
        var payload = Payload(token);
        edit(payload);
        return $"{parts[0]}.{Encode(payload)}.{parts[2]}";
    }

    /// <summary>One character of the signature changed.</summary>
    public static string WithFlippedSignature(string token)
    {
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[signature.Length / 2] = signature[signature.Length / 2] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }

    public static JsonObject Header(string token) => Decode(token.Split('.')[0]);

    public static JsonObject Payload(string token) => Decode(token.Split('.')[1]);

    private static string SaleToken(
        string key, string type, string audience, Guid userId, Guid saleId, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        Sign(new JsonObject { ["alg"] = "HS256", ["typ"] = type }, SaleClaims(audience, userId, saleId, issuedAt, lifetime), key);

    private static JsonObject SaleClaims(string audience, Guid userId, Guid saleId, DateTimeOffset issuedAt, TimeSpan lifetime) =>
        new()
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["sub"] = userId.ToString(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["sale_id"] = saleId.ToString(),
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
        };

    private static ECDsa ImportPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    }

    private static string Encode(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static JsonObject Decode(string part)
    {
        var base64 = part.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
