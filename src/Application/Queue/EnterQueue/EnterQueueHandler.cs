using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.IntegrationEvents;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using FlashPurchase.Domain.Sales;
using Mediator;

namespace FlashPurchase.Application.Queue.EnterQueue;

public sealed class EnterQueueHandler(
    ISaleRepository sales,
    IOrderRepository orders,
    IQueuePlaceRepository places,
    ITokenService tokens,
    IQueueTokenPublisher publisher,
    TimeProvider clock) : ICommandHandler<EnterQueueCommand, Result<QueueTicket>>
{
    public async ValueTask<Result<QueueTicket>> Handle(EnterQueueCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sale = await sales.GetCurrentAsync(cancellationToken);
        if (sale is null)
        {
            return DomainErrors.NoSale;
        }

        switch (sale.StatusAt(now))
        {
            case SaleStatus.Closed: return DomainErrors.SaleClosed;
            case SaleStatus.Scheduled: return DomainErrors.SaleNotOpen(sale.OpensAt);
        }

        if (await orders.ExistsForUserAsync(sale.Id, command.UserId, cancellationToken))
        {
            return DomainErrors.AlreadyPurchased;
        }

        if (sale.IsSoldOut)
        {
            return DomainErrors.SoldOut;
        }

        var existing = await places.FindAsync(sale.Id, command.UserId, cancellationToken);
        if (existing is not null && existing.IsValidAt(now))
        {
            return ToTicket(existing);
        }

        var claims = new SaleTokenClaims(Guid.NewGuid(), command.UserId, sale.Id, now, now + tokens.SaleTokenLifetime);
        var queueToken = tokens.SignSaleToken(TokenKind.Queue, claims);

        var admission = await places.AdmitAsync(
            sale.Id,
            command.UserId,
            existing?.Id,
            position => QueuePlace.Create(claims.TokenId, sale.Id, command.UserId, position, queueToken, now, claims.ExpiresAt),
            (place, ct) => publisher.TryPublishAsync(
                new QueueTokenIssued(place.Id, place.SaleId, place.UserId, place.Position, place.ExpiresAt), ct),
            cancellationToken);

        return admission switch
        {
            AdmissionResult.Admitted admitted => ToTicket(admitted.Place),
            AdmissionResult.AlreadyQueued queued => ToTicket(queued.Place),
            AdmissionResult.QueueFull => DomainErrors.QueueFull,
            AdmissionResult.NotPublished => DomainErrors.QueueUnavailable,
            _ => throw new InvalidOperationException($"Unknown admission result {admission}."),
        };
    }

    private static QueueTicket ToTicket(QueuePlace place) =>
        new(place.QueueToken, place.ExpiresAt, place.SaleId, place.Position);
}
