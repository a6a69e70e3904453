using System.Reflection;
using FlashPurchase.Infrastructure.Messaging.Events;

namespace FlashPurchase.Infrastructure.Messaging.Outbox;

/// <summary>The integration events by their stable name, the <c>type</c> an outbox row is read back by.</summary>
internal static class IntegrationEventTypes
{
    private static readonly Dictionary<string, Type> ByUrn = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToDictionary(UrnOf);

    public static IEnumerable<Type> All => ByUrn.Values;

    /// <summary>The name its <c>Urn</c> constant gives, which its [MessageUrn] and [EntityName] carry too.</summary>
    public static string UrnOf(Type eventType) =>
        eventType.GetField("Urn", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string
        ?? throw new InvalidOperationException($"{eventType} has no Urn constant.");

    public static Type TypeOf(string urn) =>
        ByUrn.TryGetValue(urn, out var type) ? type : throw new InvalidOperationException($"No integration event is named '{urn}'.");
}
