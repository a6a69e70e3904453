using FlashPurchase.Application.Accounts.LoginThrottling;
using Microsoft.Extensions.Time.Testing;

namespace FlashPurchase.Application.UnitTests.Accounts.LoginThrottling;

/// <summary>The rule both throttle stores apply, on what a store read before counting an attempt.</summary>
public sealed class LoginThrottlePolicyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero));
    private readonly LoginThrottlePolicy _policy = new(
        MaxFailures: 5, MaxFailuresPerAddress: 100, UsernameWideThreshold: 50, Window, MaxDelay: TimeSpan.FromMinutes(1),
        KnownAddressMemory: TimeSpan.FromDays(30));

    private DateTimeOffset Now => _clock.GetUtcNow();

    private DateTimeOffset Ago(TimeSpan time) => Now - time;

    [Fact]
    public void BelowEveryLimit_Admits()
    {
        var failures = new LoginFailures(4, Ago(TimeSpan.FromMinutes(1)), 99, Ago(TimeSpan.FromMinutes(1)), 49, Now, false);

        _policy.Refusal(failures, Now).Should().BeNull();
    }

    [Fact]
    public void APairAtItsLimit_WaitsUntilItsOldestFailureLeavesTheWindow()
    {
        var failures = new LoginFailures(5, Ago(TimeSpan.FromMinutes(4)), 5, Ago(TimeSpan.FromMinutes(4)), 5, Now, false);

        _policy.Refusal(failures, Now).Should().Be(TimeSpan.FromMinutes(11));
    }

    [Fact]
    public void AnAddressAtItsLimit_WaitsUntilItsOldestFailureLeavesTheWindow_WhateverTheUsername()
    {
        var failures = new LoginFailures(0, null, 100, Ago(TimeSpan.FromMinutes(10)), 0, null, false);

        _policy.Refusal(failures, Now).Should().Be(TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData(50, 1)]
    [InlineData(51, 2)]
    [InlineData(52, 4)]
    [InlineData(55, 32)]
    [InlineData(56, 60)] // 64 s, capped at MaxDelay
    [InlineData(5_000, 60)]
    public void PastTheUsernameWideThreshold_TheDelayDoublesPerFailure_UpToMaxDelay(int usernameFailures, int seconds)
    {
        _policy.DelayAfter(usernameFailures).Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Fact]
    public void PastTheUsernameWideThreshold_AnAttemptWaitsTheDelaySinceTheLastFailure()
    {
        var failures = new LoginFailures(0, null, 0, null, 52, Ago(TimeSpan.FromSeconds(1.5)), false);

        _policy.Refusal(failures, Now).Should().Be(TimeSpan.FromSeconds(2.5), "four seconds after the last failure");
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        _policy.Refusal(failures, Now).Should().BeNull("the delay has passed");
    }

    [Fact]
    public void BelowTheUsernameWideThreshold_NoDelay()
    {
        var failures = new LoginFailures(0, null, 0, null, 49, Now, false);

        _policy.Refusal(failures, Now).Should().BeNull();
    }

    [Fact]
    public void FromAKnownAddress_TheUsernameWideDelayDoesNotApply_ButThePairLimitDoes()
    {
        var delayed = new LoginFailures(0, null, 0, null, 500, Now, FromKnownAddress: true);
        var pairFull = delayed with { ForPair = 5, OldestForPair = Ago(TimeSpan.FromMinutes(14)) };

        _policy.Refusal(delayed, Now).Should().BeNull();
        _policy.Refusal(pairFull, Now).Should().Be(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void SeveralLimitsReached_TheLongestWaitIsGiven()
    {
        var failures = new LoginFailures(5, Ago(TimeSpan.FromMinutes(14)), 100, Ago(TimeSpan.FromMinutes(5)), 60, Now, false);

        _policy.Refusal(failures, Now).Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void ALimitOfZero_IsOff()
    {
        var off = _policy with { MaxFailures = 0, MaxFailuresPerAddress = 0, UsernameWideThreshold = 0 };
        var failures = new LoginFailures(1_000, Ago(TimeSpan.FromMinutes(1)), 1_000, Ago(TimeSpan.FromMinutes(1)), 1_000, Now, false);

        off.Refusal(failures, Now).Should().BeNull();
        off.IsOff.Should().BeTrue();
        (_policy with { MaxFailures = 0 }).IsOff.Should().BeFalse();
    }
}
