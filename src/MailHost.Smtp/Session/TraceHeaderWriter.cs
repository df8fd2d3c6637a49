using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace MailHost.Smtp.Session;

/// <summary>
/// Writes the <c>Return-Path:</c> and <c>Received:</c> trace headers (RFC 5321 §4.4, protocol names of RFC 3848 and
/// RFC 6531) that precede the message in the store. Every value is either ours or already validated by the parser
/// (the HELO name has no spaces, CR, LF or parentheses; addresses have no control characters), so nothing can inject a header.
/// </summary>
internal static class TraceHeaderWriter
{
    public sealed record TraceInfo(
        string Sender,
        string HelloName,
        EndPoint? RemoteEndPoint,
        ReadOnlyMemory<byte> HostName,
        string Protocol,
        string? TlsProtocol,
        string? CipherSuite,
        string? AuthenticatedUser,
        string? SingleRecipient,
        DateTimeOffset Date);

    public static void Write(IBufferWriter<byte> writer, TraceInfo info)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(info);
        writer.Write("Return-Path: <"u8);
        WriteText(writer, info.Sender);
        writer.Write(">\r\nReceived: from "u8);
        WriteText(writer, info.HelloName);
        writer.Write(" ("u8);
        WriteText(writer, FormatAddress(info.RemoteEndPoint));
        writer.Write(")\r\n\tby "u8);
        writer.Write(info.HostName.Span);
        writer.Write(" (MailHost) with "u8);
        WriteText(writer, info.Protocol);
        if (info.TlsProtocol is not null)
        {
            writer.Write("\r\n\t(using "u8);
            WriteText(writer, info.TlsProtocol);
            if (info.CipherSuite is not null)
            {
                writer.Write(" with cipher "u8);
                WriteText(writer, info.CipherSuite);
            }

            writer.Write(")"u8);
        }

        if (info.AuthenticatedUser is not null)
        {
            writer.Write("\r\n\t(authenticated as "u8);
            WriteText(writer, info.AuthenticatedUser);
            writer.Write(")"u8);
        }

        if (info.SingleRecipient is not null)
        {
            writer.Write("\r\n\tfor <"u8);
            WriteText(writer, info.SingleRecipient);
            writer.Write(">"u8);
        }

        writer.Write(";\r\n\t"u8);
        var span = writer.GetSpan(64);
        if (!info.Date.ToUniversalTime().TryFormat(span, out var written, "ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A date always fits 64 bytes.");
        }

        writer.Advance(written);
        writer.Write("\r\n"u8);
    }

    /// <summary>RFC 3848 / RFC 6531 "with" protocol name, e.g. ESMTPSA, UTF8SMTPS, LMTP.</summary>
    public static string ProtocolName(bool lmtp, bool extended, bool utf8, bool secure, bool authenticated)
    {
        var baseName = lmtp ? (utf8 ? "UTF8LMTP" : "LMTP") : utf8 ? "UTF8SMTP" : extended ? "ESMTP" : "SMTP";
        if (!secure && !authenticated)
        {
            return baseName;
        }

        if (baseName == "SMTP")
        {
            baseName = "ESMTP";
        }

        return baseName + (secure ? "S" : string.Empty) + (authenticated ? "A" : string.Empty);
    }

    private static string FormatAddress(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint { Address.AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip when !ip.Address.IsIPv4MappedToIPv6 => "[IPv6:" + ip.Address + "]",
        IPEndPoint ip => "[" + (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address) + "]",
        null => "unknown",
        _ => "local",
    };

    private static void WriteText(IBufferWriter<byte> writer, string text)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, span);
        writer.Advance(written);
    }
}
