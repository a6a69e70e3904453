using FlashPurchase.Application.Abstractions;
using FlashPurchase.Application.Accounts.Register;
using FlashPurchase.Application.UnitTests.TestDoubles;
using FlashPurchase.Domain.Errors;
using FlashPurchase.Domain.Users;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace FlashPurchase.Application.UnitTests.Behaviors;

/// <summary>
/// Through the composition the hosts use (<c>AddApplication()</c>): proves the validators are found and the validation
/// behaviour is wired in front of the handlers, which the behaviour's own tests cannot show.
/// </summary>
public sealed class MediatorPipelineTests : IDisposable
{
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;

    public MediatorPipelineTests()
    {
        var services = new ServiceCollection().AddApplication();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(_users);
        services.AddSingleton(_hasher);
        _hasher.Hash(Arg.Any<string>()).Returns("$hash$");
        _users.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(true);

        // Not ValidateOnBuild: only the ports Register needs are faked, so the other handlers could not be built.
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _scope = _provider.CreateScope();
    }

    private ValueTask<Result<RegisteredUser>> Send(RegisterCommand command) =>
        _scope.ServiceProvider.GetRequiredService<ISender>().Send(command);

    [Fact]
    public async Task Send_AnInvalidCommand_AnswersValidationFailedWithoutReachingTheHandler()
    {
        var result = await Send(new RegisterCommand("x", "short"));

        result.ShouldFailWith(ErrorCodes.ValidationFailed)
            .FieldErrors!.Keys.Should().BeEquivalentTo("username", "password");
        await _users.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default);
        _hasher.DidNotReceiveWithAnyArgs().Hash(default!);
    }

    [Fact]
    public async Task Send_AValidCommand_ReachesTheHandler()
    {
        var registered = (await Send(new RegisterCommand("alice", "correct horse"))).ShouldSucceed();

        registered.Username.Should().Be("alice");
        await _users.Received(1).TryAddAsync(Arg.Is<User>(u => u.Username == "alice"), Arg.Any<CancellationToken>());
    }

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
