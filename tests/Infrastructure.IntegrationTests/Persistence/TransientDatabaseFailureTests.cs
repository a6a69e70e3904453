using System.Data.Common;
using System.Net.Sockets;
using FlashPurchase.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace FlashPurchase.Infrastructure.IntegrationTests.Persistence;

/// <summary>What the Worker waits out (however long) and what it gives up on after its ordinary retries.</summary>
public sealed class TransientDatabaseFailureTests
{
    [Fact]
    public async Task AServerThatIsNotThere_IsTransient()
    {
        // Nothing listens on port 1: what a stopped database server looks like to the driver.
        await using var connection = new MySqlConnection("Server=127.0.0.1;Port=1;User ID=nobody;Connection Timeout=2");
        var open = () => connection.OpenAsync();

        var failure = (await open.Should().ThrowAsync<MySqlException>()).Which;

        TransientDatabaseFailure.Is(failure).Should().BeTrue(failure.Message);
        TransientDatabaseFailure.Is(new DbUpdateException("saving failed", failure)).Should().BeTrue("it looks through wrappers");
    }

    [Theory]
    [MemberData(nameof(Transient))]
    public void TimeoutsAndBrokenConnections_AreTransient(Exception failure) =>
        TransientDatabaseFailure.Is(new InvalidOperationException("wrapped", failure)).Should().BeTrue();

    public static TheoryData<Exception> Transient() =>
        [new TimeoutException(), new SocketException((int)SocketError.ConnectionReset), new EndOfStreamException(), new FakeDbException(transient: true)];

    [Fact]
    public void ARefusedStatement_IsNot()
    {
        TransientDatabaseFailure.Is(new DbUpdateException("a foreign key", new FakeDbException(transient: false))).Should().BeFalse();
        TransientDatabaseFailure.Is(new InvalidOperationException("a bug")).Should().BeFalse();
    }

    private sealed class FakeDbException(bool transient) : DbException("a database error")
    {
        public override bool IsTransient => transient;
    }
}
