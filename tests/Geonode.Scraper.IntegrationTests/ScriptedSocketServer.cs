using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Geonode.Scraper.IntegrationTests;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 for transport tests: it reads each request whole (head and <c>Content-Length</c> body),
/// records it, and then either writes the answer its script gives (with <c>Connection: close</c>) or, when the script gives
/// none, closes the connection without answering — what a server that crashed, or a proxy that dropped the connection,
/// looks like to the client. One request per connection; connections are served one at a time, in order.
/// </summary>
public sealed class ScriptedSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RawRequest, string?> _answer;
    private readonly List<RawRequest> _requests = [];
    private readonly Task _loop;

    /// <param name="answer">The raw response to a request (status line onwards, without <c>Connection</c> or
    /// <c>Content-Length</c>: they are added), or <see langword="null"/> to close the connection without answering.</param>
    public ScriptedSocketServer(Func<RawRequest, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Gets every request that reached the server, in order.</summary>
    public IReadOnlyList<RawRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A JSON answer.</summary>
    public static string Json(int status, string json, string reason = "Status") =>
        $"HTTP/1.1 {status.ToString(CultureInfo.InvariantCulture)} {reason}\r\nContent-Type: application/json\r\nDate: {DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture)}\r\n\r\n{json}";

    public int Count(string method, string pathPrefix) =>
        Requests.Count(r => r.Method == method && r.Target.StartsWith(pathPrefix, StringComparison.Ordinal));

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            using (socket)
            {
                try
                {
                    await ServeAsync(socket);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                {
                    // The client went away first: nothing to answer.
                }
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                return;
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var head = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var length = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var bodyStart = headEnd + 4;
        while (buffer.Count < bodyStart + length)
        {
            var read = await stream.ReadAsync(chunk, _stop.Token);
            if (read == 0)
            {
                break;
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var request = new RawRequest(requestLine[0], requestLine[1], Encoding.UTF8.GetString([.. buffer.Skip(bodyStart).Take(length)]));
        lock (_requests)
        {
            _requests.Add(request);
        }

        if (_answer(request) is not { } answer)
        {
            // Read, then hang up without a byte of answer.
            socket.Shutdown(SocketShutdown.Both);
            return;
        }

        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(answer[(split + 4)..]);
        var response = answer[..split] + $"\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
        await stream.WriteAsync(body, _stop.Token);
        await stream.FlushAsync(_stop.Token);
        socket.Shutdown(SocketShutdown.Both);
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>A request as it reached <see cref="ScriptedSocketServer"/>.</summary>
public sealed record RawRequest(string Method, string Target, string Body);
