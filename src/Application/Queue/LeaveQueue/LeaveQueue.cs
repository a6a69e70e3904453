using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Sales;
using FlashPurchase.Domain.Errors;
using FluentValidation;
using Mediator;

namespace FlashPurchase.Application.Queue.LeaveQueue;

/// <param name="UserId">The shopper leaving.</param>
/// <param name="SaleId">The sale whose queue they leave; null: the current sale.</param>
public sealed record LeaveQueueCommand(Guid UserId, Guid? SaleId = null) : ICommand<Result<LeftQueue>>;

/// <param name="HadPlace">False when there was nothing to leave (never joined, or left already): leaving is idempotent.</param>
public sealed record LeftQueue(bool HadPlace);

public sealed class LeaveQueueValidator : AbstractValidator<LeaveQueueCommand>
{
    public LeaveQueueValidator() => RuleFor(c => c.UserId).NotEmpty();
}

/// <summary>
/// The shopper gives up their place: its queue token and purchase token answer <c>token_revoked</c> from now on, its
/// slot among the active shoppers goes to the next one in line, and the shopper may join again, at the back.
/// </summary>
public sealed class LeaveQueueHandler(
    ISaleRepository sales, CurrentSaleCache saleCache, IPurchaseTokenRepository purchaseTokens, TimeProvider clock)
    : ICommandHandler<LeaveQueueCommand, Result<LeftQueue>>
{
    public async ValueTask<Result<LeftQueue>> Handle(LeaveQueueCommand command, CancellationToken cancellationToken)
    {
        var sale = command.SaleId is { } saleId
            ? await saleCache.FindAsync(sales, saleId, cancellationToken)
            : await saleCache.GetAsync(sales, cancellationToken);
        if (sale is null)
        {
            return command.SaleId is null ? DomainErrors.NoSale : DomainErrors.SaleNotFound;
        }

        return new LeftQueue(await purchaseTokens.RevokeAsync(sale.Id, command.UserId, clock.GetUtcNow(), cancellationToken));
    }
}
