using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Baton.Bench;

/// <summary>The control plane in a second process (the bench re-launched with <c>--serve-child PORT DB</c>), on loopback.</summary>
internal sealed class BenchServer : IDisposable
{
    public const string Admin = "bench-admin";
    public const string Function = "bench-function";

    private readonly Process _process;

    private BenchServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>The server's resident memory now, in bytes (Linux).</summary>
    public long ResidentBytes => File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kb ? long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) * 1024 : 0;

    /// <summary>Starts a server on a store file (a new one, or one a killed server left) and waits until it answers; with
    /// <paramref name="durableStorage"/>, on the Durable backend over that storage instead.</summary>
    public static async Task<BenchServer> StartAsync(string db, int? port = null, string? durableStorage = null)
    {
        var chosen = port ?? FreePort();
        string[] args = ["--serve-child", chosen.ToString(System.Globalization.CultureInfo.InvariantCulture), db];
        var process = await StartChildAsync(durableStorage is null ? args : [.. args, durableStorage]);
        return new BenchServer(process, chosen);
    }

    /// <summary>The bench re-launched with <paramref name="args"/> (a server, a second worker), once it has printed <c>ready</c>.</summary>
    /// <remarks>Its log (the Durable stack's is chatty) is read and dropped, so it neither fills the pipe nor the bench's output;
    /// a line on its stdin asks it to stop.</remarks>
    public static async Task<Process> StartChildAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[typeof(BenchServer).Assembly.Location, .. args])
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await process.StandardOutput.ReadLineAsync(startup.Token) is { } line && line != "ready")
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bench's child ({string.Join(' ', args.Take(1))}) did not start.");
            }
        }
        return process;
    }

    /// <summary>A client with the function key and as many connections as <paramref name="concurrency"/>.</summary>
    public HttpClient Client(int concurrency)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}/") };
        http.DefaultRequestHeaders.Add("x-functions-key", Function);
        return http;
    }

    /// <summary>Registers a definition with the admin key.</summary>
    public static async Task UploadAsync(HttpClient http, string text)
    {
        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/definitions") { Content = new StringContent(text, Encoding.UTF8) };
        upload.Headers.Add("x-functions-key", Admin);
        (await http.SendAsync(upload)).EnsureSuccessStatusCode();
    }

    /// <summary>Ends the process at once, as a crash would (SIGKILL).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks the server to stop, and kills it if it does not within 10 s.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.WriteLine();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
