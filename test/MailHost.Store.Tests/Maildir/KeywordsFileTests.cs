using MailHost.Store.Maildir;

namespace MailHost.Store.Tests.Maildir;

public sealed class KeywordsFileTests
{
    [Test]
    public void Parses_dovecot_keywords_with_gaps_and_round_trips()
    {
        var keywords = KeywordsFile.Parse("0 $Forwarded\n1 Junk\n3 $label1\n30 ignored\nbad\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keywords[0], Is.EqualTo("$Forwarded"));
            Assert.That(keywords[2], Is.Null);
            Assert.That(keywords[3], Is.EqualTo("$label1"));
            Assert.That(KeywordsFile.NamesOf("da", keywords), Is.EqualTo(new[] { "$label1", "$Forwarded" }));
            Assert.That(KeywordsFile.Format(keywords), Is.EqualTo("0 $Forwarded\n1 Junk\n3 $label1\n"));
        }
    }

    [Test]
    public void Modseq_log_keeps_last_value_and_proves_next_uid()
    {
        var log = ModSeqLog.Parse("MAILHOST-MODSEQ 1 V5 N3 H4\n1 5\n2 6\n1 7\nE2 8\n9 tor");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.UidValidity, Is.EqualTo(5u));
            Assert.That(log.HighestModSeq, Is.EqualTo(8ul));
            Assert.That(log.ModSeqs, Is.EquivalentTo(new Dictionary<uint, ulong> { [1] = 7 }));
            Assert.That(log.NextUid, Is.EqualTo(3u));
            Assert.That(ModSeqLog.Parse(log.FormatCompacted(5, 3)).ModSeqs[1], Is.EqualTo(7ul));
        }
    }
}
