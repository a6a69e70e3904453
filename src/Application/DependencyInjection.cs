using FlashPurchase.Application.Behaviors;
using FlashPurchase.Application.Queue.Waiting;
using FlashPurchase.Application.Sales;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace FlashPurchase.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Scoped: handlers take repositories over a scoped DbContext. The options must be inline values: the
        // source generator reads them at compile time.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(DependencyInjection)];
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining(typeof(DependencyInjection), ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);

        // The snapshots outlive requests (every poll of a sale shares them); the estimator reads through a scoped port.
        services.AddSingleton<ConversionQueueSnapshots>();
        services.AddSingleton<CurrentSaleCache>();
        services.AddScoped<WaitEstimator>();
        services.AddScoped<Sales.Admin.AdminSaleViews>();
        return services;
    }
}
