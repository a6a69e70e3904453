using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Sales.Admin;

/// <summary>Changes the fields sent (null: unchanged).</summary>
public sealed record EditSaleCommand(
    Guid SaleId, string? ProductName = null, decimal? Price = null, string? Currency = null, int? Stock = null,
    DateTimeOffset? OpensAt = null, TimeSpan? Duration = null, int? QueueCapacity = null, TimeSpan? PreQueue = null,
    int? ReleaseRate = null, int? MaxActiveShoppers = null, TimeSpan? PurchaseWindow = null,
    int? ChallengeDifficulty = null)
    : ICommand<Result<AdminSaleView>>, ISaleSettings;

public sealed class EditSaleValidator : SaleSettingsValidator<EditSaleCommand>;

public sealed class EditSaleHandler(
    ISaleRepository sales, CurrentSaleCache saleCache, AdminSaleViews views, TimeProvider clock)
    : ICommandHandler<EditSaleCommand, Result<AdminSaleView>>
{
    public async ValueTask<Result<AdminSaleView>> Handle(EditSaleCommand command, CancellationToken cancellationToken)
    {
        var sale = await sales.FindAsync(command.SaleId, cancellationToken);
        if (sale is null)
        {
            return DomainErrors.SaleNotFound;
        }

        var edit = new SaleEdit(
            command.ProductName, command.Price, command.Currency, command.Stock, command.OpensAt, command.Duration,
            command.QueueCapacity, command.PreQueue, command.ReleaseRate, command.MaxActiveShoppers,
            command.PurchaseWindow, command.ChallengeDifficulty);
        if (sale.RefusalOf(edit, clock.GetUtcNow()) is { } refusal)
        {
            return refusal;
        }

        var outcome = await sales.EditAsync(command.SaleId, edit, cancellationToken);
        saleCache.Forget(command.SaleId);
        return outcome switch
        {
            SaleEditOutcome.Edited edited => await views.OfAsync(edited.Sale, cancellationToken),
            SaleEditOutcome.StockBelowOrders below => DomainErrors.StockBelowOrders(below.OrdersPlaced),
            SaleEditOutcome.NotFound => DomainErrors.SaleNotFound,
            SaleEditOutcome.Refused refused => refused.Error,
            _ => throw new InvalidOperationException($"Unknown edit outcome {outcome}."),
        };
    }
}
