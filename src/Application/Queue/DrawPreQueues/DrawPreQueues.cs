using FlashPurchase.Application.Abstractions;
using FlashPurchase.Domain.Queue;
using Mediator;

namespace FlashPurchase.Application.Queue.DrawPreQueues;

/// <summary>
/// Sent by the queue worker every second: draws the pre-queue of every sale that has opened and is not drawn yet, with
/// the cryptographic RNG (<see cref="PreQueueDraw"/>). Several workers may send it at once: the sale row's lock and
/// the sale's drawn mark make each draw happen once. Returns how many sales it drew.
/// </summary>
public sealed record DrawPreQueuesCommand : ICommand<int>;

public sealed class DrawPreQueuesHandler(IPreQueueDraws draws, TimeProvider clock) : ICommandHandler<DrawPreQueuesCommand, int>
{
    /// <summary>The source of the order; the cryptographic RNG unless a test gives another.</summary>
    internal UniformInt Random { get; init; } = PreQueueDraw.Cryptographic;

    public async ValueTask<int> Handle(DrawPreQueuesCommand command, CancellationToken cancellationToken)
    {
        var drawnSales = 0;
        foreach (var saleId in await draws.SalesDueAsync(clock.GetUtcNow(), cancellationToken))
        {
            var drawn = await draws.DrawAsync(
                saleId, clock.GetUtcNow(), positions => PreQueueDraw.Draw(positions, Random), cancellationToken);
            drawnSales += drawn is null ? 0 : 1;
        }

        return drawnSales;
    }
}
