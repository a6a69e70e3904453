using FlashPurchase.Application.IntegrationEvents;
using MassTransit;
using MySqlConnector;

namespace FlashPurchase.FaultTests.Stack;

/// <summary>
/// Queue token messages sent a second time, as APIs before the raw format sent them (MassTransit's envelope, straight to the queue), standing in
/// for the broker's redeliveries: a consumer must treat a message it has seen before as done.
/// </summary>
public static class QueueTokenMessages
{
    /// <summary>The message of each queue place the query selects (<c>SELECT id, sale_id, user_id, position, expires_at ...</c>).</summary>
    public static async Task<IReadOnlyList<QueueTokenIssued>> ReadAsync(FaultStack stack, string sql)
    {
        var messages = new List<QueueTokenIssued>();
        await using var connection = new MySqlConnection(stack.ProbeConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(new QueueTokenIssued(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetGuid(2),
                reader.GetInt64(3),
                new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc))));
        }

        return messages;
    }

    public static async Task SendAsync(FaultStack stack, IEnumerable<QueueTokenIssued> messages)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(stack.AmqpUri)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await bus.StartAsync(timeout.Token);
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{FaultStack.QueueName}"));
            foreach (var message in messages)
            {
                await endpoint.Send(message, timeout.Token);
            }
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
