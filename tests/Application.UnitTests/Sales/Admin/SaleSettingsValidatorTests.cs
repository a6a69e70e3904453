using FlashPurchase.Application.Sales.Admin;
using FlashPurchase.Domain.Sales;
using FluentValidation.TestHelper;

namespace FlashPurchase.Application.UnitTests.Sales.Admin;

// The contract: stock >= 1, price > 0 (two decimals, within the column), currency ^[A-Z]{3}$, 0 < duration <= 31 days,
// queueCapacity >= 0; the waiting-room controls only switched off. Create needs six fields; edit takes any subset.
public sealed class SaleSettingsValidatorTests
{
    private static readonly DateTimeOffset OpensAt = new(2026, 12, 24, 18, 0, 0, TimeSpan.Zero);

    private readonly CreateSaleValidator _create = new();
    private readonly EditSaleValidator _edit = new();

    private static CreateSaleCommand ValidCreate() =>
        new("iPhone 11 Pro", 699.00m, "EUR", 100, OpensAt, TimeSpan.FromHours(1));

    [Fact]
    public void Create_AValidSale_HasNoErrors() => _create.TestValidate(ValidCreate()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Create_WithNothing_NamesTheSixRequiredFields()
    {
        var result = _create.TestValidate(new CreateSaleCommand(null, null, null, null, null, null));

        result.Errors.Select(e => e.PropertyName).Distinct().Should().BeEquivalentTo(
            [nameof(CreateSaleCommand.ProductName), nameof(CreateSaleCommand.Price), nameof(CreateSaleCommand.Currency),
             nameof(CreateSaleCommand.Stock), nameof(CreateSaleCommand.OpensAt), nameof(CreateSaleCommand.Duration)]);
    }

    [Fact]
    public void Edit_WithNothing_HasNoErrors() => _edit.TestValidate(new EditSaleCommand(Guid.NewGuid())).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public void Stock_OfAtLeastOne_IsAccepted(int stock)
    {
        _create.TestValidate(ValidCreate() with { Stock = stock }).ShouldNotHaveAnyValidationErrors();
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Stock: stock)).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Stock_BelowOne_IsRefused(int stock)
    {
        _create.TestValidate(ValidCreate() with { Stock = stock }).ShouldHaveValidationErrorFor(c => c.Stock);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Stock: stock)).ShouldHaveValidationErrorFor(c => c.Stock);
    }

    [Theory]
    [InlineData("0.01")]
    [InlineData("699")]
    [InlineData("699.90")]
    [InlineData("699.900")]
    [InlineData("9999999999.99")]
    public void Price_AboveZeroWithTwoDecimalsAtMost_IsAccepted(string price)
    {
        var value = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        _create.TestValidate(ValidCreate() with { Price = value }).ShouldNotHaveAnyValidationErrors();
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Price: value)).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.01")]
    [InlineData("0.001")]
    [InlineData("19.999")]
    [InlineData("10000000000")]
    public void Price_ZeroOrBelow_OrWithMoreThanTwoDecimals_OrBeyondTheColumn_IsRefused(string price)
    {
        var value = decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture);
        _create.TestValidate(ValidCreate() with { Price = value }).ShouldHaveValidationErrorFor(c => c.Price);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Price: value)).ShouldHaveValidationErrorFor(c => c.Price);
    }

    [Theory]
    [InlineData("EUR")]
    [InlineData("USD")]
    [InlineData("JPY")]
    public void Currency_OfThreeCapitals_IsAccepted(string currency) =>
        _create.TestValidate(ValidCreate() with { Currency = currency }).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("")]
    [InlineData("eur")]
    [InlineData("Eur")]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData(" EUR")]
    [InlineData("EUR\n")]
    [InlineData("ÉUR")]
    public void Currency_OtherThanThreeCapitals_IsRefused(string currency)
    {
        _create.TestValidate(ValidCreate() with { Currency = currency }).ShouldHaveValidationErrorFor(c => c.Currency);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Currency: currency)).ShouldHaveValidationErrorFor(c => c.Currency);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("01:00:00")]
    [InlineData("31.00:00:00")]
    public void Duration_AboveZeroUpToThirtyOneDays_IsAccepted(string duration) =>
        _create.TestValidate(ValidCreate() with { Duration = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture) })
            .ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("31.00:00:00.0000001")]
    [InlineData("365.00:00:00")]
    public void Duration_ZeroOrBelow_OrBeyondThirtyOneDays_IsRefused(string duration)
    {
        var value = TimeSpan.Parse(duration, System.Globalization.CultureInfo.InvariantCulture);
        _create.TestValidate(ValidCreate() with { Duration = value }).ShouldHaveValidationErrorFor(c => c.Duration);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), Duration: value)).ShouldHaveValidationErrorFor(c => c.Duration);
    }

    [Fact]
    public void OpensAt_LeavingRoomForTheLongestWindow_IsAccepted_AndOneTickLaterIsRefused()
    {
        var latest = DateTimeOffset.MaxValue - TimeSpan.FromDays(31);
        _create.TestValidate(ValidCreate() with { OpensAt = latest, Duration = TimeSpan.FromDays(31) }).ShouldNotHaveAnyValidationErrors();
        _create.TestValidate(ValidCreate() with { OpensAt = latest.AddTicks(1) }).ShouldHaveValidationErrorFor(c => c.OpensAt);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), OpensAt: latest.AddTicks(1))).ShouldHaveValidationErrorFor(c => c.OpensAt);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-1, false)]
    public void QueueCapacity_ZeroOrMore_IsAccepted(int capacity, bool valid)
    {
        var result = _create.TestValidate(ValidCreate() with { QueueCapacity = capacity });
        if (valid)
        {
            result.ShouldNotHaveAnyValidationErrors();
        }
        else
        {
            result.ShouldHaveValidationErrorFor(c => c.QueueCapacity);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" iPhone")]
    [InlineData("iPhone ")]
    public void ProductName_EmptyOrPadded_IsRefused(string name)
    {
        _create.TestValidate(ValidCreate() with { ProductName = name }).ShouldHaveValidationErrorFor(c => c.ProductName);
        _edit.TestValidate(new EditSaleCommand(Guid.NewGuid(), ProductName: name)).ShouldHaveValidationErrorFor(c => c.ProductName);
    }

    [Fact]
    public void ProductName_OfTwoHundredCharacters_IsAccepted_AndOneMoreIsRefused()
    {
        _create.TestValidate(ValidCreate() with { ProductName = new string('x', 200) }).ShouldNotHaveAnyValidationErrors();
        _create.TestValidate(ValidCreate() with { ProductName = new string('x', 201) }).ShouldHaveValidationErrorFor(c => c.ProductName);
    }

    [Fact]
    public void WaitingRoomControls_SwitchedOff_AreAccepted() =>
        _create.TestValidate(ValidCreate() with
        {
            PreQueue = TimeSpan.Zero,
            ReleaseRate = 0,
            MaxActiveShoppers = 0,
            ChallengeDifficulty = 0,
            PurchaseWindow = null,
        }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void WaitingRoomControls_SwitchedOn_AreAccepted() =>
        _create.TestValidate(ValidCreate() with
        {
            PreQueue = TimeSpan.FromMinutes(10),
            ReleaseRate = 60,
            MaxActiveShoppers = 100,
            PurchaseWindow = TimeSpan.FromMinutes(5),
            ChallengeDifficulty = WaitingRoom.MaxChallengeDifficulty,
        }).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void WaitingRoomControls_OutOfRange_AreEachRefused()
    {
        var result = _create.TestValidate(ValidCreate() with
        {
            PreQueue = TimeSpan.FromSeconds(-1),
            ReleaseRate = -1,
            MaxActiveShoppers = -1,
            PurchaseWindow = TimeSpan.Zero,
            ChallengeDifficulty = WaitingRoom.MaxChallengeDifficulty + 1,
        });

        result.Errors.Select(e => e.PropertyName).Distinct().Should().BeEquivalentTo(
            [nameof(CreateSaleCommand.PreQueue), nameof(CreateSaleCommand.ReleaseRate), nameof(CreateSaleCommand.MaxActiveShoppers),
             nameof(CreateSaleCommand.PurchaseWindow), nameof(CreateSaleCommand.ChallengeDifficulty)]);
    }

    [Fact]
    public void WaitingRoomControls_PastTheirLimits_AreRefusedAtEditToo()
    {
        var result = _edit.TestValidate(new EditSaleCommand(
            Guid.NewGuid(), PreQueue: SaleSettingsValidator<EditSaleCommand>.MaxPreQueue + TimeSpan.FromSeconds(1),
            ReleaseRate: SaleSettingsValidator<EditSaleCommand>.MaxReleaseRate + 1,
            MaxActiveShoppers: SaleSettingsValidator<EditSaleCommand>.MaxActiveShoppersLimit + 1,
            PurchaseWindow: SaleSettingsValidator<EditSaleCommand>.MaxPurchaseWindow + TimeSpan.FromSeconds(1),
            ChallengeDifficulty: -1));

        result.Errors.Select(e => e.PropertyName).Distinct().Should().BeEquivalentTo(
            [nameof(EditSaleCommand.PreQueue), nameof(EditSaleCommand.ReleaseRate), nameof(EditSaleCommand.MaxActiveShoppers),
             nameof(EditSaleCommand.PurchaseWindow), nameof(EditSaleCommand.ChallengeDifficulty)]);
    }

    [Fact]
    public void OpensAt_TooEarlyForAnyPreQueue_IsRefused_NotAnOverflow() =>
        _create.TestValidate(ValidCreate() with { OpensAt = DateTimeOffset.MinValue })
            .ShouldHaveValidationErrorFor(c => c.OpensAt);
}
