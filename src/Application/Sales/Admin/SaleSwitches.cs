using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Errors;
using Mediator;

namespace FlashPurchase.Application.Sales.Admin;

/// <summary>What an operator can do to a sale in one click.</summary>
public enum SaleSwitch
{
    /// <summary>Newcomers wait (<c>queue_paused</c>) and no purchase token is released; places and released tokens stay.</summary>
    Pause,
    Resume,

    /// <summary>Ends the window now: nobody joins or buys any more.</summary>
    Close,
}

public sealed record SwitchSaleCommand(Guid SaleId, SaleSwitch Switch) : ICommand<Result<AdminSaleView>>;

public sealed class SwitchSaleHandler(
    ISaleRepository sales, CurrentSaleCache saleCache, AdminSaleViews views, TimeProvider clock)
    : ICommandHandler<SwitchSaleCommand, Result<AdminSaleView>>
{
    public async ValueTask<Result<AdminSaleView>> Handle(SwitchSaleCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var done = command.Switch switch
        {
            SaleSwitch.Pause => await sales.SetPausedAsync(command.SaleId, paused: true, now, cancellationToken),
            SaleSwitch.Resume => await sales.SetPausedAsync(command.SaleId, paused: false, now, cancellationToken),
            SaleSwitch.Close => await sales.CloseAsync(command.SaleId, now, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Switch, null),
        };
        saleCache.Forget(command.SaleId);

        // Not done: no such sale, or its window has ended (the switches apply only to a sale not yet closed).
        var sale = await sales.FindAsync(command.SaleId, cancellationToken);
        if (sale is null)
        {
            return DomainErrors.SaleNotFound;
        }

        return done ? await views.OfAsync(sale, cancellationToken) : DomainErrors.SaleClosed;
    }
}
