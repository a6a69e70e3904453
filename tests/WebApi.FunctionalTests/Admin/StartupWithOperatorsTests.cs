using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using FlashPurchase.TestSupport;
using FlashPurchase.WebApi.FunctionalTests.Client;
using FlashPurchase.WebApi.FunctionalTests.Hosting;

namespace FlashPurchase.WebApi.FunctionalTests.Admin;

/// <summary>
/// What start-up does about operators and sales: the first operator from Admin:Username/Admin:Password (never by a
/// username alone, never with the public development password outside Development), and on the embedded default in
/// Development a fresh sale when every sale has closed. Several tests restart apps on one database file, as an operator
/// restarts the API.
/// </summary>
public sealed class StartupWithOperatorsTests
{
    private const string DevelopmentAdminPassword = "flashpurchase-admin";

    private static Dictionary<string, string?> Production(string? adminUsername = null, string? adminPassword = null) => new()
    {
        ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
        ["Admin:Username"] = adminUsername,
        ["Admin:Password"] = adminPassword,
    };

    [Fact]
    public async Task AdminSettings_CreateAnOperator_WhoseAccessTokenCarriesTheAdminRole_AlsoOutsideDevelopment()
    {
        await using var app = await EmbeddedApp.StartAsync(Production("night-ops", "a-secret-of-our-own"), environment: "Production");

        var login = (await app.Api.LoginAsync("night-ops", "a-secret-of-our-own")).Value;

        TokenForge.Payload(login.AccessToken)["role"]!.GetValue<string>().Should().Be("admin");
        (await app.Api.Admin(login.AccessToken).ListSalesAsync()).Status.Should().Be(HttpStatusCode.OK);

        // No built-in operator outside Development: Development's account does not exist here.
        (await app.Api.LoginAsync("admin", DevelopmentAdminPassword)).ShouldBeProblem(401, "invalid_credentials");
    }

    [Fact]
    public async Task InDevelopment_TheDevelopmentOperatorExists()
    {
        await using var app = await EmbeddedApp.StartAsync();

        var admin = await app.Api.LoginAdminAsync("admin", DevelopmentAdminPassword);

        TokenForge.Payload(admin.AccessToken!)["role"]!.GetValue<string>().Should().Be("admin");
        (await admin.ListSalesAsync()).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithoutAdminSettings_OutsideDevelopment_NoAccountIsAnOperator()
    {
        await using var app = await EmbeddedApp.StartAsync(Production(), environment: "Production");
        var shopper = await app.Api.NewShopperAsync("admin");

        (await app.Api.LoginAsync("admin", DevelopmentAdminPassword)).ShouldBeProblem(401, "invalid_credentials");
        (await app.Api.Admin(shopper.AccessToken).ListSalesAsync()).ShouldBeProblem(403, "forbidden");
    }

    [Fact]
    public async Task AnExistingShopper_IsPromotedOnlyWhenTheConfiguredPasswordIsTheirs()
    {
        using var file = new DatabaseFile();
        const string username = "would-be-ops";
        const string ownPassword = "the-shoppers-own-password";

        await using (var first = await EmbeddedApp.StartAsync(file.Settings()))
        {
            (await first.Api.RegisterAsync(username, ownPassword)).Status.Should().Be(HttpStatusCode.Created);
        }

        // Someone configures that username with another password: the account is not theirs, so it stays a shopper.
        await using (var second = await EmbeddedApp.StartAsync(file.Settings(new()
        {
            ["Admin:Username"] = username,
            ["Admin:Password"] = "a-different-password",
        })))
        {
            var login = (await second.Api.LoginAsync(username, ownPassword)).Value;
            TokenForge.Payload(login.AccessToken).ContainsKey("role").Should().BeFalse("the account was NOT promoted");
            (await second.Api.Admin(login.AccessToken).ListSalesAsync()).ShouldBeProblem(403, "forbidden");

            // Nor did the configured password replace the account's.
            (await second.Api.LoginAsync(username, "a-different-password")).ShouldBeProblem(401, "invalid_credentials");
        }

        // The control: the account's own password configured proves it is the operator's.
        await using (var third = await EmbeddedApp.StartAsync(file.Settings(new()
        {
            ["Admin:Username"] = username,
            ["Admin:Password"] = ownPassword,
        })))
        {
            var admin = await third.Api.LoginAdminAsync(username, ownPassword);
            TokenForge.Payload(admin.AccessToken!)["role"]!.GetValue<string>().Should().Be("admin");
            (await admin.ListSalesAsync()).Status.Should().Be(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("ops", DevelopmentAdminPassword, "Admin:Password")]
    [InlineData("admin", DevelopmentAdminPassword, "Admin:Password")]
    [InlineData("ops", "short", "Admin:Password")]
    [InlineData("ops", null, "Admin:Password")]
    [InlineData("not a username", "long-enough-secret", "Admin:Username")]
    public async Task OutsideDevelopment_AnUnusableAdminSetting_IsRefusedAtStartUp(string username, string? password, string setting)
    {
        var start = () => EmbeddedApp.StartAsync(Production(username, password), environment: "Production");

        var failure = await start.Should().ThrowAsync<Exception>();
        Flatten(failure.Which).Select(e => e.Message).Should().Contain(message => message.Contains(setting),
            "the operator must learn which setting to fix");
    }

    [Fact]
    public async Task InDevelopment_OnTheEmbeddedDefault_ADatabaseWhoseOnlySaleClosedYesterday_GetsAFreshSaleAShopperCanBuy()
    {
        using var file = new DatabaseFile();
        Guid yesterdaysSale;
        await using (var yesterday = await EmbeddedApp.StartAsync(file.Settings(new()
        {
            ["FlashSale:OpensAt"] = DateTimeOffset.UtcNow.AddHours(-26).ToString("O", CultureInfo.InvariantCulture),
            ["FlashSale:Duration"] = "01:00:00",
        })))
        {
            var closed = (await yesterday.Api.GetCurrentSaleAsync()).Value;
            closed.Status.Should().Be("closed");
            yesterdaysSale = closed.SaleId;
        }

        await using var today = await EmbeddedApp.StartAsync(file.Settings());

        var sale = (await today.Api.GetCurrentSaleAsync()).Value;
        sale.Status.Should().Be("open", "a newcomer's embedded database from yesterday must not answer sale_closed to everyone");
        sale.SaleId.Should().NotBe(yesterdaysSale);
        sale.OpensAt.Should().BeCloseTo(today.Clock.GetUtcNow(), TimeSpan.FromMinutes(1));
        sale.StockRemaining.Should().Be(sale.StockTotal);

        var shopper = await today.Api.NewShopperAsync();
        var order = await shopper.BuyAsync();
        order.SaleId.Should().Be(sale.SaleId);
        (await today.Api.GetCurrentSaleAsync()).Value.StockRemaining.Should().Be(sale.StockTotal - 1);

        var admin = await today.Api.LoginAdminAsync("admin", DevelopmentAdminPassword);
        (await admin.ListSalesAsync()).Value.Select(s => s.SaleId).Should().BeEquivalentTo([yesterdaysSale, sale.SaleId],
            "yesterday's sale is kept, and one fresh sale is added");
    }

    [Fact]
    public async Task InDevelopment_ARestartWhileASaleIsOpen_AddsNoSale()
    {
        using var file = new DatabaseFile();
        Guid saleId;
        await using (var first = await EmbeddedApp.StartAsync(file.Settings()))
        {
            saleId = (await first.Api.GetCurrentSaleAsync()).Value.SaleId;
        }

        await using var second = await EmbeddedApp.StartAsync(file.Settings());

        (await second.Api.GetCurrentSaleAsync()).Value.SaleId.Should().Be(saleId);
        var admin = await second.Api.LoginAdminAsync("admin", DevelopmentAdminPassword);
        (await admin.ListSalesAsync()).Value.Should().ContainSingle();
    }

    [Fact]
    public async Task InDevelopment_AFreshSaleOpensNow_EvenWhenTheConfiguredOpeningIsStillYesterdays()
    {
        // The same settings as yesterday's run (FlashSale__OpensAt kept in the environment): a fresh sale made from
        // them as they are would be over before it began, and every start-up would add another closed sale.
        using var file = new DatabaseFile();
        var settings = file.Settings(new()
        {
            ["FlashSale:OpensAt"] = DateTimeOffset.UtcNow.AddHours(-26).ToString("O", CultureInfo.InvariantCulture),
            ["FlashSale:Duration"] = "01:00:00",
        });
        await using (var yesterday = await EmbeddedApp.StartAsync(settings))
        {
            (await yesterday.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("closed");
        }

        await using var today = await EmbeddedApp.StartAsync(settings);

        var sale = (await today.Api.GetCurrentSaleAsync()).Value;
        sale.Status.Should().Be("open");
        sale.ClosesAt.Should().BeCloseTo(today.Clock.GetUtcNow().AddHours(1), TimeSpan.FromMinutes(1),
            "the configured duration still applies");
        (await (await today.Api.NewShopperAsync()).BuyAsync()).SaleId.Should().Be(sale.SaleId);
    }

    [Fact]
    public async Task OutsideDevelopment_ADatabaseWhoseSalesHaveAllClosed_GetsNoFreshSale()
    {
        using var file = new DatabaseFile();
        var settings = file.Settings(new()
        {
            ["FlashSale:OpensAt"] = DateTimeOffset.UtcNow.AddHours(-26).ToString("O", CultureInfo.InvariantCulture),
            ["FlashSale:Duration"] = "01:00:00",
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Tokens:PurchaseSigningKey"] = PurchaseSigningKey.NewPem(),
        });
        await using (var yesterday = await EmbeddedApp.StartAsync(settings, environment: "Production"))
        {
            (await yesterday.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("closed");
        }

        settings.Remove("FlashSale:OpensAt");
        await using var today = await EmbeddedApp.StartAsync(settings, environment: "Production");

        (await today.Api.GetCurrentSaleAsync()).Value.Status.Should().Be("closed",
            "only Development makes sales by itself; in production operators schedule them");
        (await (await today.Api.NewShopperAsync()).EnterAsync()).ShouldBeProblem(409, "sale_closed");
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions
            : exception.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    /// <summary>A SQLite file that outlives the apps started on it, deleted at the end of the test.</summary>
    private sealed class DatabaseFile : IDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"fp-restart-{Guid.NewGuid():N}.db");

        private string ConnectionString => $"Data Source={_path}";

        /// <summary>Settings that point an embedded app at this file (they win over the app's own file).</summary>
        public Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
        {
            var settings = new Dictionary<string, string?> { ["ConnectionStrings:Database"] = ConnectionString };
            foreach (var (key, value) in more ?? [])
            {
                settings[key] = value;
            }

            return settings;
        }

        public void Dispose() => EmbeddedApp.DeleteDatabaseFile(_path);
    }
}
