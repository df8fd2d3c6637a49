namespace MailHost.Store.Tests;

public sealed class MessageListExtensionsTests
{
    private static readonly MessageInfo[] Snapshot = [.. new uint[] { 2, 5, 9 }.Select(uid => new MessageInfo(uid, MessageFlags.None, [], 10, DateTimeOffset.UnixEpoch, 1))];

    [TestCase(2u, 0)]
    [TestCase(5u, 1)]
    [TestCase(9u, 2)]
    [TestCase(1u, ~0)]
    [TestCase(6u, ~2)]
    [TestCase(10u, ~3)]
    public void Finds_a_uid_or_where_it_would_be(uint uid, int expected) =>
        Assert.That(Snapshot.IndexOfUid(uid), Is.EqualTo(expected));

    [Test]
    public void An_empty_snapshot_has_every_uid_at_its_start() =>
        Assert.That(Array.Empty<MessageInfo>().IndexOfUid(7), Is.EqualTo(~0));
}
