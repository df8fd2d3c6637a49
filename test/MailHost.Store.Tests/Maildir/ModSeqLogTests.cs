using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

/// <summary>The modseq side file: the index holds live UIDs only, and compaction keeps what CONDSTORE/QRESYNC need.</summary>
public sealed class ModSeqLogTests
{
    private const string Logged = "MAILHOST-MODSEQ 1 V7 N6 H9\n1 1\n2 2\n3 3\n2 4\nE1 5\n4 6\n5 7\nE4 8\n3 9\n";

    [Test]
    public void Expunged_uids_leave_the_index()
    {
        var log = ModSeqLog.Parse(Logged);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.ModSeqs.Keys, Is.EquivalentTo(new uint[] { 2, 3, 5 }));
            Assert.That(log.ModSeqs[3], Is.EqualTo(9UL));
            Assert.That(log.HighestModSeq, Is.EqualTo(9UL));
            Assert.That(log.LastExpungeModSeq, Is.EqualTo(8UL));
            Assert.That(log.ExpungeBaseline, Is.Zero);
        }
    }

    [Test]
    public void Appended_expunges_leave_the_index_and_raise_the_last_expunge_modseq()
    {
        var log = ModSeqLog.Parse(Logged);
        log.ApplyAppended([6], [2, 5], 10);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.ModSeqs.Keys, Is.EquivalentTo(new uint[] { 3, 6 }));
            Assert.That(log.LastExpungeModSeq, Is.EqualTo(10UL));
            Assert.That(log.NextUid, Is.EqualTo(7u));
        }
    }

    [Test]
    public void Compaction_keeps_live_lines_the_highest_modseq_and_the_expunge_baseline()
    {
        var compacted = ModSeqLog.Parse(Logged).FormatCompacted(7, 6);
        var log = ModSeqLog.Parse(compacted);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(compacted, Is.EqualTo("MAILHOST-MODSEQ 1 V7 N6 H9 X8\n2 4\n3 9\n5 7\n"));
            Assert.That(log.ExpungeBaseline, Is.EqualTo(8UL));
            Assert.That(log.LastExpungeModSeq, Is.EqualTo(8UL));
            Assert.That(log.HighestModSeq, Is.EqualTo(9UL));
            Assert.That(log.LineCount, Is.EqualTo(3));
        }
    }

    [Test]
    public void A_second_compaction_without_new_expunges_keeps_the_baseline()
    {
        var once = ModSeqLog.Parse(ModSeqLog.Parse(Logged).FormatCompacted(7, 6));
        var twice = ModSeqLog.Parse(once.FormatCompacted(7, 6));
        Assert.That(twice.ExpungeBaseline, Is.EqualTo(8UL));
    }

    [Test]
    public void A_log_without_expunges_compacts_without_a_baseline()
    {
        var compacted = ModSeqLog.Parse("MAILHOST-MODSEQ 1 V7 N3 H2\n1 1\n2 2\n").FormatCompacted(7, 3);
        Assert.That(compacted, Is.EqualTo("MAILHOST-MODSEQ 1 V7 N3 H2\n1 1\n2 2\n"));
    }
}
