using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Queue.Challenges;
using FlashPurchase.Application.Sales;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Queue;
using Mediator;

namespace FlashPurchase.Application.Queue.GetChallenge;

/// <summary>
/// A fresh bot challenge for the shopper and the sale, at the sale's difficulty (0: any nonce solves it). Nothing is
/// stored: the challenge carries its own signed binding.
/// </summary>
public sealed class GetChallengeHandler(ISaleRepository sales, CurrentSaleCache saleCache, QueueChallenges challenges)
    : IQueryHandler<GetChallengeQuery, Result<QueueChallenge>>
{
    public async ValueTask<Result<QueueChallenge>> Handle(GetChallengeQuery query, CancellationToken cancellationToken)
    {
        var sale = query.SaleId is { } saleId
            ? await saleCache.FindAsync(sales, saleId, cancellationToken)
            : await saleCache.GetAsync(sales, cancellationToken);
        if (sale is null)
        {
            return query.SaleId is null ? DomainErrors.NoSale : DomainErrors.SaleNotFound;
        }

        return challenges.Issue(sale.Id, query.UserId, sale.ChallengeDifficulty);
    }
}
