using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Sales;
using FluentValidation;
using Mediator;

namespace FlashPurchase.Application.Sales.Admin;

public sealed record CreateSaleCommand(
    string? ProductName, decimal? Price, string? Currency, int? Stock, DateTimeOffset? OpensAt, TimeSpan? Duration,
    int? QueueCapacity = null, TimeSpan? PreQueue = null, int? ReleaseRate = null, int? MaxActiveShoppers = null,
    TimeSpan? PurchaseWindow = null, int? ChallengeDifficulty = null)
    : ICommand<Result<AdminSaleView>>, ISaleSettings;

public sealed class CreateSaleValidator : SaleSettingsValidator<CreateSaleCommand>
{
    public CreateSaleValidator()
    {
        RuleFor(c => c.ProductName).NotNull();
        RuleFor(c => c.Price).NotNull();
        RuleFor(c => c.Currency).NotNull();
        RuleFor(c => c.Stock).NotNull();
        RuleFor(c => c.OpensAt).NotNull();
        RuleFor(c => c.Duration).NotNull();
    }
}

/// <summary>
/// Schedules a new sale. An opening time already past opens it at once (an operator starting a sale now); the window
/// still ends <c>duration</c> after the opening time given.
/// </summary>
public sealed class CreateSaleHandler(ISaleRepository sales, CurrentSaleCache saleCache, AdminSaleViews views)
    : ICommandHandler<CreateSaleCommand, Result<AdminSaleView>>
{
    public async ValueTask<Result<AdminSaleView>> Handle(CreateSaleCommand command, CancellationToken cancellationToken)
    {
        var sale = Sale.Schedule(
            Guid.NewGuid(), command.ProductName!, command.Price!.Value, command.Currency!, command.Stock!.Value,
            command.OpensAt!.Value, command.Duration!.Value, command.QueueCapacity ?? 0,
            new WaitingRoom(
                command.PreQueue ?? TimeSpan.Zero, command.ReleaseRate ?? 0, command.MaxActiveShoppers ?? 0,
                command.PurchaseWindow, command.ChallengeDifficulty ?? 0));
        await sales.AddAsync(sale, cancellationToken);
        saleCache.Forget(sale.Id);
        return await views.OfAsync(sale, cancellationToken);
    }
}
