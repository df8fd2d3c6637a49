using System.Text;
using MailHost.Smtp.Parsing;

namespace MailHost.Smtp.Tests.Parsing;

public sealed class EsmtpParameterEnumeratorTests
{
    /// <summary>Walks the parameters of <paramref name="text"/> into "KEY=VALUE|KEY|..." and tells whether the walk stopped at a malformed one.</summary>
    private static (string Parameters, bool Malformed) Walk(string text)
    {
        var parameters = new EsmtpParameterEnumerator(Encoding.UTF8.GetBytes(text));
        var seen = new List<string>();
        while (parameters.MoveNext())
        {
            var keyword = Encoding.UTF8.GetString(parameters.Current.Keyword);
            seen.Add(parameters.Current.HasValue ? keyword + "=" + Encoding.UTF8.GetString(parameters.Current.Value) : keyword);
        }

        return (string.Join('|', seen), parameters.IsMalformed);
    }

    [TestCase("", "")]
    [TestCase(" ", "")]
    [TestCase("   ", "")]
    [TestCase(" SIZE=1000", "SIZE=1000")]
    [TestCase(" SMTPUTF8", "SMTPUTF8")]
    [TestCase(" SIZE=1 BODY=8BITMIME SMTPUTF8", "SIZE=1|BODY=8BITMIME|SMTPUTF8")]
    [TestCase("  SIZE=1   BODY=7BIT  ", "SIZE=1|BODY=7BIT")]
    [TestCase(" NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test", "NOTIFY=SUCCESS,FAILURE|ORCPT=rfc822;bob@example.test")]
    [TestCase(" X-VENDOR_1=a=b", "X-VENDOR_1=a=b")]
    [TestCase(" ORCPT=utf-8;jörg@bücher.test", "ORCPT=utf-8;jörg@bücher.test")]
    public void Well_formed_parameters_are_handed_out_in_order(string text, string expected)
    {
        var (parameters, malformed) = Walk(text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters, Is.EqualTo(expected));
            Assert.That(malformed, Is.False);
        }
    }

    [TestCase("SIZE=1", "")]
    [TestCase(" =1", "")]
    [TestCase(" SIZE=", "")]
    [TestCase(" SIZE=1 BODY=", "SIZE=1")]
    [TestCase(" SI.ZE=1", "")]
    [TestCase(" SIZE=1 K\u00e9Y=1", "SIZE=1")]
    [TestCase(" ENVID=a\u0001b", "")]
    [TestCase(" ENVID=a\u007fb", "")]
    [TestCase(" ENVID=a\tb", "")]
    public void A_malformed_parameter_ends_the_walk_and_is_reported(string text, string before)
    {
        var (parameters, malformed) = Walk(text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters, Is.EqualTo(before));
            Assert.That(malformed, Is.True);
        }
    }

    [Test]
    public void After_the_end_the_walk_stays_ended()
    {
        var parameters = new EsmtpParameterEnumerator(" A=1"u8);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.MoveNext(), Is.True);
            Assert.That(parameters.MoveNext(), Is.False);
            Assert.That(parameters.MoveNext(), Is.False);
            Assert.That(parameters.IsMalformed, Is.False);
        }
    }
}
