using System.Buffers;
using System.Globalization;
using System.Text;

namespace CallCentre.Telephony.Kamailio;

/// <summary>evapi frames each message as a netstring: <c>length:payload,</c> (length in decimal bytes).</summary>
public static class Netstring
{
    public static byte[] Encode(string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var head = Encoding.ASCII.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture) + ":");
        var frame = new byte[head.Length + body.Length + 1];
        head.CopyTo(frame, 0);
        body.CopyTo(frame, head.Length);
        frame[^1] = (byte)',';
        return frame;
    }

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out string payload)
    {
        payload = "";
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> digits, (byte)':'))
        {
            if (buffer.Length > 10)
                throw new InvalidDataException("netstring length is not followed by ':'");
            return false;
        }
        if (!int.TryParse(Encoding.ASCII.GetString(digits), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 1 << 20)
            throw new InvalidDataException($"bad netstring length '{Encoding.ASCII.GetString(digits)}'");
        if (reader.Remaining < length + 1)
            return false;
        var body = buffer.Slice(reader.Position, length);
        reader.Advance(length);
        if (!reader.TryRead(out var comma) || comma != (byte)',')
            throw new InvalidDataException("netstring not terminated by ','");
        payload = Encoding.UTF8.GetString(body);
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
