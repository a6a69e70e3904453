using System.Globalization;
using System.Text;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>One member of a JSON object, as raw JSON text: the key (quoted) and the value.</summary>
public sealed record JsonMember(string Key, string Value);

/// <summary>
/// JSON written by hand, so that anything can be sent: random values and documents, unicode strings (surrogate pairs
/// and lone surrogates, right-to-left overrides, NUL and control characters, emoji), valid request bodies with members
/// removed, repeated, retyped or renamed, and whole-document damage (truncation, trailing garbage, deep nesting).
/// </summary>
public static class JsonFuzz
{
    // Pieces of awkward text. None of them looks like a leaked internal (the response check looks for such words).
    private static readonly string[] UnicodePieces =
    [
        "😀", "👩‍👩‍👧‍👦", "🏳️‍🌈", "\u202Eevil\u202C", "\u2066isolate\u2069", "שלום", "مرحبا", "日本語", "한국어", "Ω≈ç√",
        "\0", "\u0001", "\u001F", "\u007F", "\u0085", "\uFEFF", "\u200B", "\u200D", "\u2028", "\u2029", "\uFFFD", "\uFFFF",
        "\uFFFE", "e\u0301\u0301\u0301", "ﬁ", "İı", "ß", "Ǆ", "\t", "\n", "\r\n", "\"", "\\", "'", "`", "/", "<b>", "&amp;",
        "%00", "%s%n", "{0}", "${x}", "../..", "'; DROP TABLE users; --", " ", "\u00A0", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\U0010FFFF", "Z̤͔ͧ̑̓",
        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "a", "0", "-", "_", ".",
    ];

    public static string UnicodeString(Random random, int minPieces, int maxPieces)
    {
        var text = new StringBuilder();
        var pieces = random.Next(minPieces, maxPieces + 1);
        for (var i = 0; i < pieces; i++)
        {
            text.Append(UnicodePieces[random.Next(UnicodePieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A string valid for the contract's usernames (3–64 of A-Za-z0-9_.-).</summary>
    public static string ValidUsername(Random random, int minLength = 3)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
        var length = random.Next(minLength, 65);
        var name = new StringBuilder("fz");
        while (name.Length < length)
        {
            name.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return name.ToString();
    }

    /// <summary>
    /// A JSON string literal. Lone surrogates cannot be written as UTF-8, so they (and control characters) are always
    /// escaped; other characters are escaped at random, or written as they are.
    /// </summary>
    public static string Quote(string value, Random? random = null)
    {
        var text = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                // A surrogate pair: both halves as they are, or both escaped.
                var low = value[++i];
                text.Append(random is not null && random.Next(4) == 0 ? $"\\u{(int)c:x4}\\u{(int)low:x4}" : $"{c}{low}");
            }
            else if (c == '"' || c == '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c))
            {
                text.Append($"\\u{(int)c:X4}");
            }
            else if (c > 0x7F && random is not null && random.Next(4) == 0)
            {
                text.Append($"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>Any JSON value, nested up to <paramref name="depth"/>.</summary>
    public static string RandomValue(Random random, int depth = 3)
    {
        var pick = random.Next(depth <= 0 ? 8 : 11);
        switch (pick)
        {
            case 0:
                return "null";
            case 1:
                return random.Next(2) == 0 ? "true" : "false";
            case 2:
                return random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            case 3:
                return new[] { "0", "-0", "1e400", "-1e400", "1.5", "1E-400", "123456789012345678901234567890", "0.0000001", "9007199254740993" }[random.Next(9)];
            case 4:
            case 5:
                return Quote(UnicodeString(random, 0, 8), random);
            case 6:
                return Quote(new string((char)random.Next('a', 'z' + 1), random.Next(0, 300)));
            case 7:
                return Quote(RandomGuidText(random));
            case 8:
            case 9:
                return RandomObject(random, depth - 1);
            default:
                return "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(random, depth - 1))) + "]";
        }
    }

    public static string RandomObject(Random random, int depth = 2)
    {
        var members = Enumerable.Range(0, random.Next(0, 5))
            .Select(_ => new JsonMember(Quote(RandomKey(random), random), RandomValue(random, depth)));
        return Render(members);
    }

    public static string Render(IEnumerable<JsonMember> members) =>
        "{" + string.Join(",", members.Select(m => m.Key + ":" + m.Value)) + "}";

    /// <summary>
    /// A valid body with one to three mutations applied to its members; returns the body and the names of the
    /// mutations.
    /// </summary>
    public static (string Body, string Mutation) MutateMembers(Random random, IReadOnlyList<JsonMember> valid)
    {
        var members = valid.ToList();
        var names = new List<string>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var at = members.Count == 0 ? 0 : random.Next(members.Count);
            switch (random.Next(14))
            {
                case 0 when members.Count > 0:
                    members.RemoveAt(at);
                    names.Add("removed");
                    break;
                case 1 when members.Count > 0:
                    members.Insert(random.Next(members.Count + 1), members[at] with { Value = RandomValue(random, 1) });
                    names.Add("duplicated-key");
                    break;
                case 2 when members.Count > 0:
                    members[at] = members[at] with { Value = WrongType(random) };
                    names.Add("wrong-type");
                    break;
                case 3 when members.Count > 0:
                    members[at] = members[at] with { Value = "null" };
                    names.Add("null");
                    break;
                case 4 when members.Count > 0:
                    members[at] = members[at] with { Value = Quote(UnicodeString(random, 1, 12), random) };
                    names.Add("unicode-value");
                    break;
                case 5 when members.Count > 0:
                    members[at] = members[at] with { Value = Quote(LongString(random)) };
                    names.Add("long-value");
                    break;
                case 6 when members.Count > 0:
                    members[at] = members[at] with { Key = Quote(RecaseKey(random, Unquote(members[at].Key))) };
                    names.Add("recased-key");
                    break;
                case 7 when members.Count > 0:
                    members[at] = members[at] with { Key = Quote(Unquote(members[at].Key) + UnicodeString(random, 1, 2), random) };
                    names.Add("renamed-key");
                    break;
                case 8 when members.Count > 0:
                    members[at] = members[at] with { Value = DeepNesting(random) };
                    names.Add("deep-value");
                    break;
                case 9 when members.Count > 0:
                    members[at] = members[at] with { Value = Quote(Unquote(members[at].Value) + UnicodeString(random, 1, 3), random) };
                    names.Add("appended-unicode");
                    break;
                case 10 when members.Count > 0:
                    members[at] = members[at] with { Value = Quote(" " + Unquote(members[at].Value) + "\n") };
                    names.Add("padded-value");
                    break;
                default:
                    members.Insert(random.Next(members.Count + 1), new JsonMember(Quote(RandomKey(random), random), RandomValue(random, 2)));
                    names.Add("extra-member");
                    break;
            }
        }

        return (Render(members), string.Join("+", names));
    }

    /// <summary>Damage to a whole document: truncation, garbage around it, other syntaxes, flipped bytes.</summary>
    public static (string Body, string Mutation) MutateDocument(Random random, string json) => random.Next(12) switch
    {
        0 => (json[..random.Next(json.Length)], "truncated"),
        1 => (json + UnicodeString(random, 1, 3), "trailing-garbage"),
        2 => (json + json, "twice"),
        3 => ("[" + json + "]", "in-array"),
        4 => (Quote(json), "as-string"),
        5 => (json.Replace('"', '\''), "single-quotes"),
        6 => ("/* c */" + json.Insert(1, "// x\n"), "comments"),
        7 => (json.Insert(json.Length - 1, ","), "trailing-comma"),
        8 => ("\uFEFF" + json, "bom"),
        9 => (new string(' ', random.Next(1, 2000)) + json + "\n\n\t", "whitespace"),
        10 => (json.Replace(":", " : NaN, \"x\":"), "nan"),
        _ => (FlipChar(random, json), "flipped-char"),
    };

    public static string DeepNesting(Random random)
    {
        var depth = random.Next(2) == 0 ? random.Next(30, 70) : random.Next(500, 5000);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    public static string LongString(Random random) =>
        random.Next(2) == 0 ? new string('a', random.Next(4000, 15000)) : string.Concat(Enumerable.Repeat("😀", random.Next(500, 3500)));

    /// <summary>
    /// Text that an HTTP header value can carry: no CR, LF or NUL (the client refuses them, or they would split the
    /// request) and no other control characters (the server refuses the whole request before the app sees it).
    /// </summary>
    public static string HeaderSafe(string value) =>
        new(value.Where(c => c == '\t' || (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) && c != '\u2028' && c != '\u2029')).ToArray());

    public static string RandomGuidText(Random random) => TokenMutator.RandomGuid(random).ToString();

    private static string WrongType(Random random) => random.Next(7) switch
    {
        0 => random.Next().ToString(CultureInfo.InvariantCulture),
        1 => "3.14159",
        2 => "true",
        3 => "[" + Quote("x") + "]",
        4 => "{\"value\":" + Quote("x") + "}",
        5 => "[]",
        _ => "{}",
    };

    private static string RandomKey(Random random) => random.Next(4) switch
    {
        0 => new[] { "queueToken", "purchaseToken", "username", "password", "userId", "saleId", "$type", "__proto__", "" }[random.Next(9)],
        1 => UnicodeString(random, 1, 3),
        _ => new string((char)random.Next('a', 'z' + 1), random.Next(1, 12)),
    };

    private static string RecaseKey(Random random, string key) => random.Next(3) switch
    {
        0 => key.ToUpperInvariant(),
        1 => char.ToUpperInvariant(key.FirstOrDefault('x')) + key[Math.Min(1, key.Length)..],
        _ => key.ToLowerInvariant(),
    };

    private static string Unquote(string quoted) =>
        quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : quoted;

    private static string FlipChar(Random random, string json)
    {
        if (json.Length == 0)
        {
            return "\u0000";
        }

        var chars = json.ToCharArray();
        chars[random.Next(chars.Length)] = (char)random.Next(0x20, 0x7F);
        return new string(chars);
    }
}
