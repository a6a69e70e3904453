using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace FlashPurchase.FaultTests.Client;

/// <summary>
/// Mints access tokens the way the API signs them (HS256 with the configured key, issuer flashpurchase, audience
/// flashpurchase-api, typ at+jwt), for shoppers the tests put straight into the database: thousands of accounts
/// without thousands of register and login calls, as bench/FlashPurchase.Bench/Shoppers.cs does.
/// </summary>
public static class AccessTokens
{
    public static string Mint(string signingKey, Guid userId, string username, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt" };
        var payload = new JsonObject
        {
            ["iss"] = "flashpurchase",
            ["aud"] = "flashpurchase-api",
            ["sub"] = userId.ToString(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["unique_name"] = username,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Encode(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
