using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CallCentre.Routing.Tests;

/// <summary>Relays TCP connections to a server until <see cref="Cut"/>, which closes every one and refuses new ones: to the
/// server, the process behind the relay has died.</summary>
public sealed class TcpRelay : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cut = new();
    private readonly ConcurrentBag<TcpClient> _open = [];
    private readonly string _host;
    private readonly int _port;

    public TcpRelay(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var server = new TcpClient();
            _open.Add(client);
            _open.Add(server);
            try
            {
                await server.ConnectAsync(_host, _port, _cut.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _cut.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
        from.Dispose();
        to.Dispose();
    }

    public void Cut()
    {
        _cut.Cancel();
        _listener.Stop();
        foreach (var connection in _open)
            connection.Dispose();
    }

    public void Dispose()
    {
        Cut();
        _cut.Dispose();
    }
}
