using System.Diagnostics;

namespace Baton.Cli.Tests;

/// <summary>`baton serve` as a real child process on a free loopback port, ready when this returns.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;

    private ServeProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The server's base URL, without a trailing slash.</summary>
    public string Url { get; }

    public static async Task<ServeProcess> StartAsync(string directory, IReadOnlyDictionary<string, string> environment, params string[] more)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var process = BatonProcess.Start(directory, environment, ["serve", "--urls", url, "--db", Path.Combine(directory, "hub.db"), .. more]);
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync($"{url}/healthz")).IsSuccessStatusCode)
                {
                    return new ServeProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"baton serve did not answer on {url}: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>A loopback TCP port nobody listens on now.</summary>
    public static int FreePort() => Baton.Testing.Ports.Free();

    /// <summary>Ends the server with SIGKILL: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Ends the server with SIGKILL and returns everything it logged (its log goes to stderr).</summary>
    public async Task<string> KillAndReadLogAsync()
    {
        Kill();
        return await _process.StandardError.ReadToEndAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
