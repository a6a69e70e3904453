using System.Globalization;

namespace FlashPurchase.WebApi.FunctionalTests.Fuzz;

/// <summary>Which of the fuzz's sales (see <see cref="FuzzSales"/>) an address names, or none it knows.</summary>
public enum SaleTarget
{
    /// <summary>The address names no sale.</summary>
    None,
    Default,
    Second,
    Paused,
    Editable,
    Closable,

    /// <summary>A random id: no such sale.</summary>
    Unknown,
}

/// <summary>Whose sale settings a body is: what may be in it without breaking the run's invariants.</summary>
public enum SettingsMode
{
    /// <summary>Every required field (and some optional ones): a new sale, scheduled days ahead.</summary>
    Create,

    /// <summary>A subset for a scheduled sale of the fuzz's own: its opening stays days ahead.</summary>
    Edit,

    /// <summary>A subset whose durations are days long (see <see cref="SaleTarget.Closable"/>).</summary>
    EditLong,

    /// <summary>Only the fields locked once a sale is open, all changed: the default sale refuses them.</summary>
    Locked,

    /// <summary>Only a stock below the second sale's two orders.</summary>
    StockBelowOrders,
}

/// <summary>
/// Sale settings for the admin API, valid (realistic values) and mutated field by field with values of the field's own
/// kind that are wrong: durations such as "25:99:99", "-01:00:00" or "1e9", malformed ISO dates and dates at the ends
/// of the calendar, prices that are negative, huge or have many decimals, integers out of range, currencies and product
/// names of every shape. Each mutated value says whether the contract makes it invalid (a certain validation_failed),
/// valid, or leaves it open. Also the ways to name a sale: in a path and in <c>?saleId=</c>.
/// </summary>
public static class SaleFuzz
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);

    private static readonly string[] ProductNames =
    [
        "iPhone 11 Pro", "Galaxy S24 Ultra 512 GB", "PlayStation 5 Slim", "Café Crème Espresso Machine", "日本語の本 (初版)",
        "Nike Air Max 90 – Limited", "Ünïcödé Socks 😀", "שלום Headphones", "4K TV 55\"", "Lego 42115 Lamborghini Sián",
    ];

    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "JPY", "CHF", "SEK"];

    private static readonly string[] Fields =
    [
        "productName", "price", "currency", "stock", "opensAt", "duration", "queueCapacity", "preQueue", "releaseRate",
        "maxActiveShoppers", "purchaseWindow", "challengeDifficulty",
    ];

    private static readonly string[] Required = ["productName", "price", "currency", "stock", "opensAt", "duration"];

    private static readonly string[] LockedFields = ["productName", "price", "currency", "opensAt"];

    /// <summary>One value for one field: its JSON text, the name of its kind, and what the contract makes of it.</summary>
    private sealed record Value(string Json, string Kind, bool? Valid);

    public static Guid IdOf(TokenPool pool, SaleTarget target, Random random) => target switch
    {
        SaleTarget.Default => pool.Sales.Default.SaleId,
        SaleTarget.Second => pool.Sales.Second,
        SaleTarget.Paused => pool.Sales.Paused,
        SaleTarget.Editable => pool.Sales.Editable[random.Next(pool.Sales.Editable.Count)],
        SaleTarget.Closable => pool.Sales.Closable[random.Next(pool.Sales.Closable.Count)],
        _ => TokenMutator.RandomGuid(random),
    };

    /// <summary>The settings body an edit of <paramref name="target"/> may carry, and a create's.</summary>
    public static SettingsMode ModeFor(SaleTarget target) => target switch
    {
        SaleTarget.None => SettingsMode.Create,
        SaleTarget.Default => SettingsMode.Locked,
        SaleTarget.Second => SettingsMode.StockBelowOrders,
        SaleTarget.Closable => SettingsMode.EditLong,
        _ => SettingsMode.Edit,
    };

    /// <summary>A well-formed body of <paramref name="mode"/>, with realistic values.</summary>
    public static List<JsonMember> ValidMembers(Random random, SettingsMode mode, TokenPool pool)
    {
        var now = pool.Now;
        var members = new List<JsonMember>();
        void Add(string field, string json) => members.Add(new JsonMember(JsonFuzz.Quote(field), json));

        switch (mode)
        {
            case SettingsMode.Create:
                Add("productName", JsonFuzz.Quote(ProductNames[random.Next(ProductNames.Length)], random));
                Add("price", Price(random));
                Add("currency", JsonFuzz.Quote(Currencies[random.Next(Currencies.Length)]));
                Add("stock", random.Next(1, 100_001).ToString(CultureInfo.InvariantCulture));
                Add("opensAt", Date(random, FutureInstant(random, now)));
                Add("duration", Duration(random, atLeastTwoDays: false));
                foreach (var optional in new[] { "queueCapacity", "preQueue", "releaseRate", "maxActiveShoppers", "purchaseWindow", "challengeDifficulty" })
                {
                    if (random.Next(3) == 0)
                    {
                        Add(optional, OffValue(random, optional));
                    }
                }

                break;
            case SettingsMode.Edit:
            case SettingsMode.EditLong:
                foreach (var field in Fields.Where(_ => random.Next(4) == 0))
                {
                    Add(field, field switch
                    {
                        "productName" => JsonFuzz.Quote(ProductNames[random.Next(ProductNames.Length)], random),
                        "price" => Price(random),
                        "currency" => JsonFuzz.Quote(Currencies[random.Next(Currencies.Length)]),
                        "stock" => random.Next(1, 100_001).ToString(CultureInfo.InvariantCulture),
                        "opensAt" => Date(random, FutureInstant(random, now)),
                        "duration" => Duration(random, atLeastTwoDays: mode == SettingsMode.EditLong),
                        "queueCapacity" => random.Next(0, 10_001).ToString(CultureInfo.InvariantCulture),
                        _ => OffValue(random, field),
                    });
                }

                break;
            case SettingsMode.Locked:
                var sale = pool.Sales.Default;
                foreach (var field in LockedFields.Where(_ => random.Next(2) == 0).DefaultIfEmpty(LockedFields[random.Next(LockedFields.Length)]))
                {
                    Add(field, field switch
                    {
                        "productName" => JsonFuzz.Quote(sale.ProductName + " (fuzz " + random.Next(1000) + ")"),
                        "price" => (sale.Price + random.Next(1, 10_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
                        "currency" => JsonFuzz.Quote(Currencies.Where(c => c != sale.Currency).ToArray()[random.Next(Currencies.Length - 1)]),
                        _ => Date(random, FutureInstant(random, now)),
                    });
                }

                break;
            default:
                Add("stock", "1");
                if (random.Next(4) == 0)
                {
                    Add("productName", JsonFuzz.Quote("Renamed after opening " + random.Next(1000)));
                }

                break;
        }

        return members;
    }

    /// <summary>
    /// One or two field-aware mutations of a valid body of <paramref name="mode"/>: a member's value replaced by a wrong
    /// one of its field's kind, set to null, or a field added with such a value (never a field the default sale could
    /// take: its body keeps to the locked fields). The expectation is certain only when a value is certainly invalid.
    /// </summary>
    public static (string Body, string Mutation, Expectation? Expect) Mutate(
        Random random, IReadOnlyList<JsonMember> valid, SettingsMode mode, TokenPool pool)
    {
        var members = valid.ToList();
        var names = new List<string>();

        // What each field mutated ends up as (a later mutation of a field undoes an earlier one): invalid, huge.
        var verdicts = new Dictionary<string, (bool Invalid, bool Huge)>();
        var count = random.Next(4) == 0 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            var mayAdd = mode is SettingsMode.Create or SettingsMode.Edit;
            var present = members.Select(m => Unquote(m.Key)).Where(Fields.Contains).ToList();
            var absent = Fields.Except(present).ToList();
            if (present.Count == 0 || (mayAdd && absent.Count > 0 && random.Next(4) == 0))
            {
                if (!mayAdd || absent.Count == 0)
                {
                    continue;
                }

                var field = absent[random.Next(absent.Count)];
                var value = ValueFor(random, field, pool.Now, allowPast: mode == SettingsMode.Create);
                members.Insert(random.Next(members.Count + 1), new JsonMember(JsonFuzz.Quote(field), value.Json));
                names.Add($"added-{field}-{value.Kind}");
                verdicts[field] = (value.Valid == false, value.Json.Length > 12_000);
            }
            else
            {
                var field = present[random.Next(present.Count)];
                var at = members.FindIndex(m => Unquote(m.Key) == field);
                if (random.Next(8) == 0)
                {
                    members[at] = members[at] with { Value = "null" };
                    names.Add($"{field}-null");

                    // Null leaves a field unchanged in an edit; a create needs the required ones.
                    verdicts[field] = (mode == SettingsMode.Create && Required.Contains(field), false);
                    continue;
                }

                // The default sale's body changes locked fields only, so any value there is refused or harmless; the
                // fuzz's own scheduled sales must keep an opening in the future.
                var value = ValueFor(random, field, pool.Now, allowPast: mode is SettingsMode.Create or SettingsMode.Locked);
                members[at] = members[at] with { Value = value.Json };
                names.Add($"{field}-{value.Kind}");
                verdicts[field] = (value.Valid == false, value.Json.Length > 12_000);
            }
        }

        var body = JsonFuzz.Render(members);
        var mutation = names.Count == 0 ? "unchanged" : string.Join("+", names);
        Expectation? expect = !verdicts.Values.Any(v => v.Invalid) ? null
            : verdicts.Values.Any(v => v.Huge) ? Expectation.Refused("a sale setting out of the contract's range", "validation_failed", "payload_too_large")
            : Expectation.Refused("a sale setting out of the contract's range", "validation_failed");
        return (body, mutation, expect);
    }

    /// <summary>Values of <paramref name="field"/>'s kind: valid ones, odd but valid ones, and invalid ones.</summary>
    private static Value ValueFor(Random random, string field, DateTimeOffset now, bool allowPast) => field switch
    {
        "productName" => ProductName(random),
        "currency" => Currency(random),
        "price" => PriceValue(random),
        "stock" => Integer(random, v => v >= 1),
        "queueCapacity" => Integer(random, v => v >= 0),
        "releaseRate" => Integer(random, v => v is >= 0 and <= 1_000_000),
        "maxActiveShoppers" => Integer(random, v => v is >= 0 and <= 10_000_000),
        "challengeDifficulty" => Integer(random, v => v is >= 0 and <= 32),
        "opensAt" => DateValue(random, now, allowPast),
        "duration" => DurationValue(random, t => t > TimeSpan.Zero && t <= MaxDuration),
        "preQueue" => DurationValue(random, t => t >= TimeSpan.Zero && t <= TimeSpan.FromDays(7)),
        _ => DurationValue(random, t => t >= TimeSpan.FromSeconds(1) && t <= TimeSpan.FromDays(1)), // purchaseWindow
    };

    private static Value ProductName(Random random)
    {
        switch (random.Next(14))
        {
            case 0:
                return new("\"\"", "empty", false);
            case 1:
                return new("\"   \"", "blank", false);
            case 2:
                return new("\" Leading space\"", "leading-space", false);
            case 3:
                return new("\"Trailing space \"", "trailing-space", false);
            case 4:
                return new("\"Tab\\t\"", "trailing-tab", false);
            case 5:
                return new(JsonFuzz.Quote(new string('a', 201)), "201-chars", false);
            case 6:
                return new(JsonFuzz.Quote(new string('a', 200)), "200-chars", true);
            case 7:
                return new(JsonFuzz.Quote(string.Concat(Enumerable.Repeat("😀", 100))), "100-emoji", true);
            case 8:
                return new(JsonFuzz.Quote(string.Concat(Enumerable.Repeat("😀", 101))), "101-emoji", false);
            case 9:
                return new(JsonFuzz.Quote(JsonFuzz.LongString(random)), "huge", false);
            case 10:
                return new(random.Next(2) == 0 ? "42" : "[\"x\"]", "wrong-type", false);
            case 11:
                return new(JsonFuzz.Quote(new[] { "Café Crème 日本語 😀", "\u202Eevil\u202C name", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦 family pack", "Z̤͔ͧ̑̓ zalgo", "'; DROP TABLE sales; --", "<b>bold</b> &amp;" }[random.Next(7)], random),
                    "unicode", true);
            case 12:
                return new(JsonFuzz.Quote("x" + JsonFuzz.UnicodeString(random, 1, 12) + "x", random), "unicode-pieces", null);
            default:
                return new("\"x\\uD800x\"", "lone-surrogate", false);
        }
    }

    private static Value Currency(Random random) => random.Next(14) switch
    {
        0 => new("\"eur\"", "lowercase", false),
        1 => new("\"EURO\"", "four-letters", false),
        2 => new("\"EU\"", "two-letters", false),
        3 => new("\"EUR\\n\"", "trailing-newline", false),
        4 => new("\"\\nEUR\"", "leading-newline", false),
        5 => new("\"€€€\"", "symbols", false),
        6 => new("\"ÄÖÜ\"", "umlauts", false),
        7 => new("\"ＥＵＲ\"", "fullwidth", false),
        8 => new("\"E\\u0301UR\"", "combining", false),
        9 => new("\"XXX\"", "no-currency-code", true),
        10 => new("\"\\u0045UR\"", "escaped", true),
        11 => new("\"\"", "empty", false),
        12 => new("978", "number", false),
        _ => new("\"EUR\\u0000\"", "nul", false),
    };

    private static Value PriceValue(Random random) => random.Next(22) switch
    {
        0 => new("-1", "negative", false),
        1 => new("0", "zero", false),
        2 => new("0.001", "three-places", false),
        3 => new("1.005", "half-cent", false),
        4 => new("1e400", "beyond-double", false),
        5 => new("1e28", "huge", false),
        6 => new("79228162514264337593543950336", "beyond-decimal", false),
        7 => new("10000000000", "over-column", false),
        8 => new("9999999999.99", "column-max", true),
        9 => new("9999999999.991", "column-max-and-a-bit", false),
        10 => new("1.0000000000000000000000000001", "28-places", false),
        11 => new("0.01", "one-cent", true),
        12 => new("\"12.50\"", "in-a-string", true),
        13 => new("\"12,50\"", "decimal-comma", false),
        14 => new("\"NaN\"", "nan", false),
        15 => new("-0", "minus-zero", false),
        16 => new("1E2", "exponent", true),
        17 => new("12.500000000000000000000000", "trailing-zeros", true),
        18 => new("0.00000000000000000000000000001", "below-decimal", false),
        19 => new("true", "bool", false),
        20 => new(new[] { "0x10", "+5", ".5", "5.", "1_000", "Infinity" }[random.Next(6)], "not-json", false),
        _ => new("[12.5]", "array", false),
    };

    private static Value Integer(Random random, Func<long, bool> rule)
    {
        Value Of(long value, string kind) => new(value.ToString(CultureInfo.InvariantCulture), kind, rule(value));
        return random.Next(14) switch
        {
            0 => Of(-1, "negative"),
            1 => Of(0, "zero"),
            2 => Of(1, "one"),
            3 => Of(int.MaxValue, "int-max"),
            4 => new("2147483648", "int-max-plus-one", false),
            5 => new("-2147483649", "int-min-minus-one", false),
            6 => new("1.5", "fraction", false),
            7 => new("1.0", "point-zero", false),
            8 => new("1e3", "exponent", false),
            9 => new("\"5\"", "in-a-string", rule(5)),
            10 => new("99999999999999999999", "huge", false),
            11 => Of(33, "thirty-three"),
            12 => new("true", "bool", false),
            _ => new("\"0x10\"", "hex-string", false),
        };
    }

    private static Value DurationValue(Random random, Func<TimeSpan, bool> rule)
    {
        Value Parsed(string text, string kind, TimeSpan value) => new(JsonFuzz.Quote(text), kind, rule(value));
        Value Unparsable(string json, string kind) => new(json, kind, false);
        return random.Next(26) switch
        {
            0 => Unparsable("\"25:99:99\"", "hours-minutes-over"),
            1 => Parsed("-01:00:00", "negative", TimeSpan.FromHours(-1)),
            2 => Unparsable("\"1e9\"", "exponent"),
            3 => Unparsable("1e9", "number"),
            4 => Unparsable("3600", "seconds-number"),
            5 => Unparsable("\"24:00:00\"", "24-hours"),
            6 => Unparsable("\"00:60:00\"", "60-minutes"),
            7 => Unparsable("\"P1D\"", "iso-8601"),
            8 => Parsed("1", "days-only", TimeSpan.FromDays(1)),
            9 => Parsed("1:00", "hours-minutes", TimeSpan.FromHours(1)),
            10 => Unparsable("\"1.00:00:00.12345678\"", "eight-fraction-digits"),
            11 => Parsed(TimeSpan.MaxValue.ToString("c"), "max-value", TimeSpan.MaxValue),
            12 => Parsed(TimeSpan.MinValue.ToString("c"), "min-value", TimeSpan.MinValue),
            13 => Unparsable("\"99999999.00:00:00\"", "overflow"),
            14 => Parsed("00:00:00", "zero", TimeSpan.Zero),
            15 => Parsed("31.00:00:01", "over-31-days", MaxDuration + TimeSpan.FromSeconds(1)),
            16 => Parsed("31.00:00:00", "31-days", MaxDuration),
            17 => Parsed("00:00:00.0000001", "one-tick", TimeSpan.FromTicks(1)),
            18 => Unparsable("\"\"", "empty"),
            19 => Unparsable("\" 01:00:00\"", "leading-space"),
            20 => Unparsable("\"01:00:00\\n\"", "trailing-newline"),
            21 => Unparsable("\"١٢:٠٠:٠٠\"", "arabic-indic-digits"),
            22 => Parsed("1.2:3:4.5", "short-fields", new TimeSpan(1, 2, 3, 4, 500)),
            23 => Unparsable(new[] { "true", "[]", "{}", "[\"01:00:00\"]" }[random.Next(4)], "wrong-type"),
            24 => Parsed("-00:00:00.0000001", "minus-one-tick", TimeSpan.FromTicks(-1)),
            _ => Parsed("2.00:00:00", "two-days", TimeSpan.FromDays(2)),
        };
    }

    /// <summary>
    /// Opening times. Without <paramref name="allowPast"/> every valid one lies days ahead: a sale of the fuzz's own must
    /// not open during the run (it would become the current sale, or take places nobody accounts for).
    /// </summary>
    private static Value DateValue(Random random, DateTimeOffset now, bool allowPast)
    {
        var future = FutureInstant(random, now);
        var day = future.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var year = future.Year.ToString(CultureInfo.InvariantCulture);
        Value Bad(string text, string kind) => new(JsonFuzz.Quote(text), kind, false);
        switch (random.Next(allowPast ? 30 : 28))
        {
            case 0:
                return Bad($"{year}-13-01T00:00:00Z", "month-13");
            case 1:
                return Bad($"{year}-02-30T00:00:00Z", "february-30");
            case 2:
                return Bad($"{day}T25:00:00Z", "hour-25");
            case 3:
                return Bad($"{day}T24:00:00Z", "hour-24");
            case 4:
                return Bad($"{day}T18:60:00Z", "minute-60");
            case 5:
                return Bad($"{day}T18:00:60Z", "second-60");
            case 6:
                return Bad("not a date", "words");
            case 7:
                return Bad("1e9", "exponent");
            case 8:
                return new(future.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "unix-seconds", false);
            case 9:
                return Bad("", "empty");
            case 10:
                return Bad("0001-01-01T00:00:00+01:00", "before-min-with-offset");
            case 11:
                return Bad("9999-12-31T23:59:59-01:00", "after-max-with-offset");
            case 12:
                return Bad($"{day}T18:00:00+15:00", "offset-15-hours");
            case 13:
                return Bad($"{day} 18:00:00Z", "space-separator");
            case 14:
                return Bad(future.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), "basic-format");
            case 15:
                return Bad(future.ToString("R", CultureInfo.InvariantCulture), "rfc-1123");
            case 16:
                return Bad($"+{day}T18:00:00Z", "signed-year");
            case 17:
                return Bad($"{day}T18:00:00z", "lowercase-z");
            case 18:
                return Bad($"{day}T18:00:00+0100", "offset-without-colon");
            case 19:
                return Bad($"{year}-W48-2", "week-date");
            case 20:
                return new(new[] { "true", "[]", "{}" }[random.Next(3)], "wrong-type", false);
            case 21:
                return new(JsonFuzz.Quote(day), "date-only", true);
            case 22:
                return new(JsonFuzz.Quote($"{day}T18:00"), "no-seconds", true);
            case 23:
                return new(JsonFuzz.Quote($"{day}T18:00:00"), "no-offset", true);
            case 24:
                return new(JsonFuzz.Quote($"{day}T18:00:00+14:00"), "offset-plus-14", true);
            case 25:
                return new(JsonFuzz.Quote($"{day}T18:00:00.123456789Z"), "nine-fraction-digits", true);

            // The end of the calendar: an opening after 9999-11-30 leaves no room for every window the contract allows.
            case 26:
                return new(JsonFuzz.Quote(random.Next(2) == 0 ? "9999-12-31T23:59:59.9999999Z" : "9999-12-01T00:00:00Z"), "end-of-calendar", false);
            case 27:
                return new(JsonFuzz.Quote("9999-11-30T23:59:59.9999999Z"), "latest-opening", true);

            // In the past (a create then makes a sale closed from the start).
            case 28:
                return new(JsonFuzz.Quote("0001-01-01T00:00:00Z"), "min-value", true);
            default:
                return new(JsonFuzz.Quote(now.AddYears(-random.Next(1, 30)).ToString("O", CultureInfo.InvariantCulture)), "years-ago", true);
        }
    }

    /// <summary>Some instant from 2 to 400 days after <paramref name="now"/>, whole seconds.</summary>
    private static DateTimeOffset FutureInstant(Random random, DateTimeOffset now) =>
        new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero)
            .AddDays(random.Next(2, 400)).AddSeconds(random.Next(86_400));

    /// <summary>An instant in one of the ISO 8601 spellings the contract takes.</summary>
    private static string Date(Random random, DateTimeOffset instant) => JsonFuzz.Quote(random.Next(4) switch
    {
        0 => instant.ToOffset(TimeSpan.FromHours(random.Next(-12, 15))).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        1 => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        _ => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    });

    /// <summary>A [d.]hh:mm:ss duration: up to the 31 days allowed, two days at least if asked.</summary>
    private static string Duration(Random random, bool atLeastTwoDays)
    {
        var seconds = atLeastTwoDays ? random.Next(2 * 86_400, 31 * 86_400 + 1) : random.Next(1, 31 * 86_400 + 1);
        return JsonFuzz.Quote(TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture));
    }

    private static string Price(Random random) => random.Next(3) switch
    {
        0 => random.Next(1, 5000).ToString(CultureInfo.InvariantCulture),
        1 => (random.Next(1, 500_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        _ => (random.Next(1, 500_000) / 10m).ToString("0.0", CultureInfo.InvariantCulture),
    };

    /// <summary>The waiting-room controls, switched off in the valid bodies (the mutations switch them on).</summary>
    private static string OffValue(Random random, string field) => field switch
    {
        "queueCapacity" => random.Next(0, 10_001).ToString(CultureInfo.InvariantCulture),
        "preQueue" => random.Next(2) == 0 ? "\"00:00:00\"" : "null",
        "purchaseWindow" => "null",
        _ => random.Next(2) == 0 ? "0" : "null",
    };

    // --- naming a sale ---------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>?saleId=</c> for the queue: a sale of the fuzz's or an unknown one, spelled in any way a GUID binds, or
    /// malformed, empty, repeated or misspelled; with what joining must answer when the value alone decides it.
    /// </summary>
    public static (string Query, string Kind, Expectation? Expect) SaleIdQuery(Random random, TokenPool pool)
    {
        var unknown = TokenMutator.RandomGuid(random);
        var notFound = Expectation.Refused("no such sale", "not_found");
        var malformed = Expectation.Refused("a saleId that is not a GUID", "validation_failed");
        switch (random.Next(16))
        {
            case 0:
                return ($"?saleId={unknown}", "unknown", notFound);
            case 1:
                return ($"?saleId={unknown:N}", "unknown-n", notFound);
            case 2:
                return ($"?saleId={Uri.EscapeDataString(unknown.ToString("B"))}", "unknown-braces", notFound);
            case 3:
                return ($"?SALEID={unknown.ToString().ToUpperInvariant()}", "uppercase", notFound);
            case 4:
                return ($"?saleId={Guid.Empty}", "empty-guid", notFound);
            case 5:
                return ($"?saleId={pool.Sales.Paused}", "paused", Expectation.Refused("a paused sale nobody holds a place in", "queue_paused"));
            case 6:
                return ($"?saleId={IdOf(pool, SaleTarget.Editable, random)}", "scheduled",
                    Expectation.Refused("a sale scheduled days ahead", "sale_not_open"));
            case 7:
                return ($"?saleId={IdOf(pool, SaleTarget.Closable, random)}", "scheduled-or-closed",
                    Expectation.Refused("a sale scheduled days ahead, or closed", "sale_not_open", "sale_closed"));
            case 8:
                return ($"?saleId={pool.Sales.Second}", "second",
                    Expectation.RefusedOrSuccess("the second sale: open, maybe paused", "queue_paused"));
            case 9:
                return ($"?saleId={pool.SaleId}", "default", null);
            case 10:
                return ("?saleId=", "empty", null);
            case 11:
                return ($"?saleId={Uri.EscapeDataString(new[] { "abc", unknown + "x", "123", "-1", "null", "current", unknown.ToString()[..20], "{}" }[random.Next(8)])}",
                    "malformed", malformed);
            case 12:
                return ($"?saleId={new string('9', random.Next(40, 4000))}", "huge-number", malformed);
            case 13:
                return ($"?saleId={Uri.EscapeDataString("x" + JsonFuzz.UnicodeString(random, 1, 8).Replace("\0", "x"))}", "unicode", malformed);
            case 14:
                var first = random.Next(2) == 0 ? pool.SaleId : unknown;
                return ($"?saleId={first}&saleId={(random.Next(2) == 0 ? pool.SaleId : TokenMutator.RandomGuid(random))}", "repeated", null);
            default:
                return ($"?saleId[]={unknown}&sale_id={unknown}", "other-names", null);
        }
    }

    private static string Unquote(string quoted) =>
        quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1] : quoted;
}
