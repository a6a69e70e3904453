using System.Security.Cryptography;
using System.Text;
using FlashPurchase.Domain.Queue;

namespace FlashPurchase.Domain.UnitTests.Queue;

public sealed class ProofOfWorkTests
{
    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 }, 0)]
    [InlineData(new byte[] { 0x01, 0xFF }, 7)]
    [InlineData(new byte[] { 0x00, 0xFF }, 8)]
    [InlineData(new byte[] { 0x00, 0x80 }, 8)]
    [InlineData(new byte[] { 0x00, 0x7F }, 9)]
    [InlineData(new byte[] { 0x00, 0x01 }, 15)]
    [InlineData(new byte[] { 0x00, 0x00, 0x40 }, 17)]
    [InlineData(new byte[] { 0x00, 0x00 }, 16)]
    public void LeadingZeroBits_CountsAcrossByteBoundaries(byte[] hash, int expected) =>
        ProofOfWork.LeadingZeroBits(hash).Should().Be(expected);

    [Fact]
    public void IsSolved_AtDifficultyZero_TakesAnyNonce() => ProofOfWork.IsSolved("anything:x", 0).Should().BeTrue();

    // Found by search: the solution's hash starts with exactly its own number of zero bits, no more.
    [Fact]
    public void IsSolved_IsTrueUpToTheHashsLeadingZerosAndFalseBeyond()
    {
        var nonce = 0;
        string solution;
        do
        {
            solution = $"challenge:{nonce++}";
        }
        while (ProofOfWork.LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(solution))) != 10);

        ProofOfWork.IsSolved(solution, 10).Should().BeTrue();
        ProofOfWork.IsSolved(solution, 11).Should().BeFalse();
        ProofOfWork.IsSolved(solution, 1).Should().BeTrue();
    }

    // The hash is of the UTF-8 bytes: a non-ASCII solution hashes as the client's TextEncoder would encode it.
    [Fact]
    public void IsSolved_HashesTheUtf8Bytes()
    {
        var nonce = 0;
        string solution;
        do
        {
            solution = $"é:{nonce++}";
        }
        while (SHA256.HashData(Encoding.UTF8.GetBytes(solution))[0] != 0);

        ProofOfWork.IsSolved(solution, 8).Should().BeTrue();
    }
}
