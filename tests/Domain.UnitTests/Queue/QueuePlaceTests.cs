using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Domain.UnitTests.Queue;

public sealed class QueuePlaceTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = IssuedAt.AddHours(1);

    private static QueuePlace Place(long position = 1, string queueToken = "qt") =>
        QueuePlace.Create(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), position, queueToken, IssuedAt, ExpiresAt);

    [Fact]
    public void IsValidAt_JustBeforeExpiry_IsTrue() =>
        Place().IsValidAt(ExpiresAt.AddTicks(-1)).Should().BeTrue();

    // Same rule as the token handlers (ExpiresAt <= now is expired), so a place and its QT never disagree.
    [Fact]
    public void IsValidAt_ExactlyAtExpiry_IsFalse() =>
        Place().IsValidAt(ExpiresAt).Should().BeFalse();

    [Fact]
    public void Create_UsesTheQueueTokenIdAsThePlaceId()
    {
        var queueTokenId = Guid.NewGuid();

        var place = QueuePlace.Create(queueTokenId, Guid.NewGuid(), Guid.NewGuid(), 3, "qt", IssuedAt, ExpiresAt);

        place.Id.Should().Be(queueTokenId);
        place.Position.Should().Be(3);
        place.QueueToken.Should().Be("qt");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Create_WithAPositionBelowOne_Throws(long position) =>
        FluentActions.Invoking(() => Place(position: position)).Should().Throw<ArgumentOutOfRangeException>();

    [Fact]
    public void Create_WithoutASignedToken_Throws() =>
        FluentActions.Invoking(() => Place(queueToken: "")).Should().Throw<ArgumentException>();
}
