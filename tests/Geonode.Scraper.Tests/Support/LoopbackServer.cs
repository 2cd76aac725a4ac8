using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Geonode.Scraper.Tests.Support;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 that answers each request with a raw response chosen from its request
/// head, and records the heads. Real sockets, so the SDK's real primary handler is exercised.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, string> _response;
    private readonly Task _loop;

    public LoopbackServer(Func<string> response)
        : this(_ => response())
    {
    }

    public LoopbackServer(Func<string, string> response)
    {
        _response = response;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public List<string> RequestHeads { get; } = [];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient socket;
            try
            {
                socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            using (socket)
            {
                var stream = socket.GetStream();
                var buffer = new byte[8192];
                var head = new StringBuilder();
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                lock (RequestHeads)
                {
                    RequestHeads.Add(head.ToString());
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(_response(head.ToString())), _stop.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
