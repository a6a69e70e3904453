using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FlashPurchase.Infrastructure.Tokens;

/// <summary>One public key as the JWKS publishes it (RFC 7517, EC members of RFC 7518).</summary>
/// <param name="Kty">Always <c>EC</c>.</param>
/// <param name="Crv">Always <c>P-256</c>.</param>
/// <param name="X">The point's x coordinate, base64url.</param>
/// <param name="Y">The point's y coordinate, base64url.</param>
/// <param name="Kid">The key's RFC 7638 thumbprint (base64url SHA-256), the <c>kid</c> of the tokens it signed.</param>
/// <param name="Use">Always <c>sig</c>.</param>
/// <param name="Alg">Always <c>ES256</c>.</param>
public sealed record PublishedKey(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

/// <summary>A JSON Web Key Set: the current purchase key first, then the previous ones.</summary>
public sealed record PublishedKeySet(IReadOnlyList<PublishedKey> Keys);

/// <summary>
/// The ES256 keys of purchase tokens, read once from <see cref="TokenOptions"/>: the current key signs; it and the
/// previous ones verify (picked by <c>kid</c>) and are published, so that a shop needs nothing but the JWKS.
/// </summary>
public sealed class PurchaseKeys
{
    public const string Algorithm = SecurityAlgorithms.EcdsaSha256;

    private const string CurrentSetting = $"{TokenOptions.SectionName}:{nameof(TokenOptions.PurchaseSigningKey)}";
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string HowToMakeOne = "e.g. the output of `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`";

    private static readonly Lazy<string> DevelopmentKeyId =
        new(() => Thumbprint(Read(TokenOptions.DevelopmentPurchaseSigningKey, out _)!));

    public PurchaseKeys(IOptions<TokenOptions> options)
    {
        var keys = new List<ECDsaSecurityKey>();
        foreach (var setting in Settings(options.Value))
        {
            var key = Read(setting.Pem, out var problem) ?? throw new InvalidOperationException($"{setting.Name} {problem}");
            var id = Thumbprint(key);
            if (keys.All(k => k.KeyId != id))
            {
                // A previous key verifies and nothing else: keep only its public half.
                keys.Add(new ECDsaSecurityKey(keys.Count == 0 ? key : ECDsa.Create(key.ExportParameters(false))) { KeyId = id });
            }
        }

        All = keys;
        SigningCredentials = new SigningCredentials(keys[0], Algorithm);
        Published = new PublishedKeySet(keys.Select(Publish).ToList());
    }

    /// <summary>The keys that verify purchase tokens, the signing one first.</summary>
    public IReadOnlyList<ECDsaSecurityKey> All { get; }

    public SigningCredentials SigningCredentials { get; }

    public PublishedKeySet Published { get; }

    /// <summary>
    /// What is wrong with the configured purchase keys, one sentence each naming the setting; none when start-up may
    /// go on. The development key is allowed only where <paramref name="allowDevelopmentKey"/>: it is in the source, so
    /// anyone could sign purchase tokens that it verifies.
    /// </summary>
    public static IEnumerable<string> Problems(TokenOptions options, bool allowDevelopmentKey)
    {
        foreach (var setting in Settings(options))
        {
            if (string.IsNullOrWhiteSpace(setting.Pem))
            {
                yield return $"{setting.Name} is not set: set a P-256 private key in PEM (Tokens__PurchaseSigningKey), {HowToMakeOne}.";
                continue;
            }

            var key = Read(setting.Pem, out var problem);
            if (key is null)
            {
                yield return $"{setting.Name} {problem}";
            }
            else if (setting.Signs && !HasPrivateKey(key))
            {
                yield return $"{setting.Name} is a public key: signing purchase tokens needs the private key, {HowToMakeOne}.";
            }
            else if (!allowDevelopmentKey && Thumbprint(key) == DevelopmentKeyId.Value)
            {
                yield return setting.Signs
                    ? $"{setting.Name} is the public development key; set a P-256 private key of your own (Tokens__PurchaseSigningKey, PEM) outside Development, {HowToMakeOne}."
                    : $"{setting.Name} is the public development key: remove it outside Development (anyone can sign with it).";
            }
        }
    }

    /// <summary>The RFC 7638 thumbprint of a P-256 key: base64url SHA-256 of its required members in lexical order.</summary>
    public static string Thumbprint(ECDsa key)
    {
        var point = key.ExportParameters(false).Q;
        var members = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64UrlEncoder.Encode(point.X)}}","y":"{{Base64UrlEncoder.Encode(point.Y)}}"}""";
        return Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(members)));
    }

    private static PublishedKey Publish(ECDsaSecurityKey key)
    {
        var point = key.ECDsa.ExportParameters(false).Q;
        return new PublishedKey("EC", "P-256", Base64UrlEncoder.Encode(point.X), Base64UrlEncoder.Encode(point.Y), key.KeyId, "sig", "ES256");
    }

    /// <summary>The current key, then the previous ones; a blank previous entry (an emptied variable) is no key.</summary>
    private static IEnumerable<(string Name, string? Pem, bool Signs)> Settings(TokenOptions options) =>
        options.PreviousPurchaseKeys
            .Select((pem, index) => ($"{TokenOptions.SectionName}:{nameof(TokenOptions.PreviousPurchaseKeys)}:{index}", pem, false))
            .Where(setting => !string.IsNullOrWhiteSpace(setting.pem))
            .Prepend((CurrentSetting, options.PurchaseSigningKey, true));

    /// <summary>A P-256 key from PEM (private PKCS#8 or SEC1, or public SPKI), or null with the reason why not.</summary>
    private static ECDsa? Read(string? pem, out string? problem)
    {
        problem = null;
        var key = ECDsa.Create();
        try
        {
            // Environment files and secret stores often hold a PEM on one line with its line breaks written as \n.
            key.ImportFromPem((pem ?? "").Replace("\\n", "\n"));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            problem = "is not a readable EC key in PEM (-----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- " +
                $"or, for a previous key, -----BEGIN PUBLIC KEY-----): {e.Message}";
            return null;
        }

        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid?.Value != P256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            key.Dispose();
            problem = $"is a key on the curve {curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(explicit)"}, not P-256: ES256 needs P-256.";
            return null;
        }

        return key;
    }

    private static bool HasPrivateKey(ECDsa key)
    {
        try
        {
            return key.ExportParameters(true).D is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
