using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales;
using FlashPurchase.Application.Sales.Admin;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Sales.Admin;

/// <summary>
/// The edit and switch handlers decide before the repository writes: a refusal (no sale, a closed sale, a locked field)
/// writes nothing, and the repository's own refusals (stock below orders, a window that ended meanwhile) become the
/// contract's errors.
/// </summary>
public sealed class SaleAdminHandlerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 30, 0, TimeSpan.Zero);

    private static readonly SaleFigures NoFigures = new(0, 0, 0, 0, 10, 0, 0, 0, 0);

    private readonly ISaleRepository _sales = Substitute.For<ISaleRepository>();
    private readonly ISaleFiguresReader _figures = Substitute.For<ISaleFiguresReader>();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();

    public SaleAdminHandlerTests() =>
        _figures.ReadAsync(Arg.Any<Sale>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(NoFigures);

    private EditSaleHandler EditHandler() => new(_sales, new CurrentSaleCache(_clock), new AdminSaleViews(_figures, _tokens, _clock), _clock);

    private SwitchSaleHandler SwitchHandler() => new(_sales, new CurrentSaleCache(_clock), new AdminSaleViews(_figures, _tokens, _clock), _clock);

    private Sale Known(Sale sale)
    {
        _sales.FindAsync(sale.Id, Arg.Any<CancellationToken>()).Returns(sale);
        return sale;
    }

    [Fact]
    public async Task Edit_OfAnUnknownSale_IsNotFound_AndWritesNothing()
    {
        var result = await EditHandler().Handle(new EditSaleCommand(Guid.NewGuid(), Stock: 5), default);

        result.ShouldFailWith(ErrorCodes.NotFound);
        await _sales.DidNotReceiveWithAnyArgs().EditAsync(default, default!, default);
    }

    [Fact]
    public async Task Edit_OfAClosedSale_IsSaleClosed_AndWritesNothing()
    {
        var sale = Known(ASale.ClosedAt(Now));

        var result = await EditHandler().Handle(new EditSaleCommand(sale.Id, Stock: 50), default);

        result.ShouldFailWith(ErrorCodes.SaleClosed);
        await _sales.DidNotReceiveWithAnyArgs().EditAsync(default, default!, default);
    }

    [Theory]
    [InlineData("productName")]
    [InlineData("price")]
    [InlineData("currency")]
    [InlineData("opensAt")]
    public async Task Edit_OfALockedFieldOnceOpen_IsSaleAlreadyOpenNamingIt_AndWritesNothing(string field)
    {
        var sale = Known(ASale.OpenAt(Now));
        var command = field switch
        {
            "productName" => new EditSaleCommand(sale.Id, ProductName: "Other", Stock: 20),
            "price" => new EditSaleCommand(sale.Id, Price: 1m, Stock: 20),
            "currency" => new EditSaleCommand(sale.Id, Currency: "USD", Stock: 20),
            _ => new EditSaleCommand(sale.Id, OpensAt: sale.OpensAt.AddMinutes(1), Stock: 20),
        };

        var result = await EditHandler().Handle(command, default);

        result.ShouldFailWith(ErrorCodes.SaleAlreadyOpen).Detail.Should().Contain(field);
        await _sales.DidNotReceiveWithAnyArgs().EditAsync(default, default!, default);
    }

    [Fact]
    public async Task Edit_RepeatingTheLockedValuesOfAnOpenSale_IsWritten()
    {
        var sale = Known(ASale.OpenAt(Now));
        _sales.EditAsync(sale.Id, Arg.Any<SaleEdit>(), Arg.Any<CancellationToken>()).Returns(new SaleEditOutcome.Edited(sale));

        var result = await EditHandler().Handle(new EditSaleCommand(
            sale.Id, sale.ProductName, 699.000m, sale.Currency, OpensAt: sale.OpensAt.ToOffset(TimeSpan.FromHours(9))), default);

        result.ShouldSucceed().SaleId.Should().Be(sale.Id);
    }

    [Fact]
    public async Task Edit_WhoseStockIsBelowTheOrders_IsStockBelowOrders_SayingHowMany()
    {
        var sale = Known(ASale.OpenAt(Now));
        _sales.EditAsync(sale.Id, Arg.Any<SaleEdit>(), Arg.Any<CancellationToken>()).Returns(new SaleEditOutcome.StockBelowOrders(7));

        var result = await EditHandler().Handle(new EditSaleCommand(sale.Id, Stock: 3), default);

        result.ShouldFailWith(ErrorCodes.StockBelowOrders).Detail.Should().Contain("7");
    }

    [Fact]
    public async Task Edit_PassesTheFieldsSentToTheRepository()
    {
        var sale = Known(ASale.ScheduledAt(Now));
        _sales.EditAsync(sale.Id, Arg.Any<SaleEdit>(), Arg.Any<CancellationToken>()).Returns(new SaleEditOutcome.Edited(sale));

        await EditHandler().Handle(new EditSaleCommand(sale.Id, Price: 5m, Stock: 9, Duration: TimeSpan.FromHours(2), QueueCapacity: 4), default);

        await _sales.Received(1).EditAsync(sale.Id,
            new SaleEdit(Price: 5m, Stock: 9, Duration: TimeSpan.FromHours(2), QueueCapacity: 4), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Edit_OfASaleDeletedMeanwhile_IsNotFound()
    {
        var sale = Known(ASale.OpenAt(Now));
        _sales.EditAsync(sale.Id, Arg.Any<SaleEdit>(), Arg.Any<CancellationToken>()).Returns(new SaleEditOutcome.NotFound());

        (await EditHandler().Handle(new EditSaleCommand(sale.Id, Stock: 3), default)).ShouldFailWith(ErrorCodes.NotFound);
    }

    [Theory]
    [InlineData(SaleSwitch.Pause)]
    [InlineData(SaleSwitch.Resume)]
    [InlineData(SaleSwitch.Close)]
    public async Task Switch_OfAnUnknownSale_IsNotFound(SaleSwitch change)
    {
        var result = await SwitchHandler().Handle(new SwitchSaleCommand(Guid.NewGuid(), change), default);

        result.ShouldFailWith(ErrorCodes.NotFound);
    }

    [Theory]
    [InlineData(SaleSwitch.Pause)]
    [InlineData(SaleSwitch.Resume)]
    [InlineData(SaleSwitch.Close)]
    public async Task Switch_ThatTheRepositoryRefuses_OfASaleThatExists_IsSaleClosed(SaleSwitch change)
    {
        var sale = Known(ASale.ClosedAt(Now));

        var result = await SwitchHandler().Handle(new SwitchSaleCommand(sale.Id, change), default);

        result.ShouldFailWith(ErrorCodes.SaleClosed);
    }

    [Fact]
    public async Task Switch_AsksTheRepositoryForWhatWasAsked_AtTheClocksTime()
    {
        var sale = Known(ASale.OpenAt(Now));
        _sales.SetPausedAsync(sale.Id, Arg.Any<bool>(), Now, Arg.Any<CancellationToken>()).Returns(true);
        _sales.CloseAsync(sale.Id, Now, Arg.Any<CancellationToken>()).Returns(true);

        (await SwitchHandler().Handle(new SwitchSaleCommand(sale.Id, SaleSwitch.Pause), default)).ShouldSucceed();
        (await SwitchHandler().Handle(new SwitchSaleCommand(sale.Id, SaleSwitch.Resume), default)).ShouldSucceed();
        (await SwitchHandler().Handle(new SwitchSaleCommand(sale.Id, SaleSwitch.Close), default)).ShouldSucceed();

        Received.InOrder(() =>
        {
            _sales.SetPausedAsync(sale.Id, true, Now, Arg.Any<CancellationToken>());
            _sales.SetPausedAsync(sale.Id, false, Now, Arg.Any<CancellationToken>());
            _sales.CloseAsync(sale.Id, Now, Arg.Any<CancellationToken>());
        });
    }
}
