using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Baton.Abstractions;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners;

/// <summary>The local servers <c>http</c> bindings start (<see cref="ServeSpec"/>): one per command and folder, kept running
/// for the host's life.</summary>
/// <remarks>They are stopped when the runner is disposed and, whatever disposes of what, when the host process exits, so a
/// finished <c>baton run</c> leaves no server behind.</remarks>
internal sealed class ServedProcesses : IDisposable
{
    private readonly ConcurrentDictionary<string, Served> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ServedProcesses() => AppDomain.CurrentDomain.ProcessExit += OnExit;

    /// <summary>A started server and whether (and how) it came up: every caller waits for the same answer.</summary>
    private sealed record Served(Process Process, Task<TaskResult?> Ready);

    private void OnExit(object? sender, EventArgs e) => Stop();

    /// <summary>Makes sure the server runs and answers on its port; null when it does, else the failure that ends the attempt.</summary>
    /// <remarks>Calls that arrive while it starts wait for it; a server that exits or does not answer in time is stopped and
    /// forgotten, so the next attempt starts it again.</remarks>
    public async Task<TaskResult?> EnsureAsync(ServeSpec serve, CancellationToken ct)
    {
        var key = string.Join('\0', [.. serve.Command, serve.WorkingDirectory ?? "", serve.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. serve.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")]);
        Served? served;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_running.TryGetValue(key, out served) || served.Process.HasExited)
            {
                if (served is not null)
                {
                    _running.TryRemove(key, out _);
                    served.Process.Dispose();
                }
                Process process;
                try
                {
                    process = Start(serve);
                }
                catch (System.ComponentModel.Win32Exception ex)
                {
                    return TaskResult.Fail("ServeStartFailed", $"Could not start '{serve.Command[0]}': {ex.Message}", retryable: false);
                }
                served = new Served(process, ReadyAsync(process, serve));
                _running[key] = served;
            }
        }
        finally
        {
            _gate.Release();
        }
        var ready = await served.Ready.WaitAsync(ct).ConfigureAwait(false);
        if (ready is not null && _running.TryRemove(KeyValuePair.Create(key, served)))
        {
            Kill(served.Process);
        }
        return ready;
    }

    private static Process Start(ServeSpec serve)
    {
        // The same start as a process task's: argv, no shell, the minimal environment plus the binding's.
        var psi = ProcessRunner.StartInfo(serve.Command, serve.WorkingDirectory ?? Environment.CurrentDirectory, serve.Environment, redirectInput: false);
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Waits until the port accepts a connection, the process exits, or the time it may take to start has passed.
    private static async Task<TaskResult?> ReadyAsync(Process process, ServeSpec serve)
    {
        using var deadline = new CancellationTokenSource(serve.ReadyTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                return TaskResult.Fail("ServeStartFailed", $"'{serve.Command[0]}' exited with code {process.ExitCode} before it answered on port {serve.Port}.");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", serve.Port, deadline.Token).ConfigureAwait(false);
                return null;
            }
            catch (SocketException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                return TaskResult.Fail("ServeStartFailed", $"'{serve.Command[0]}' did not answer on port {serve.Port} within {Core.Definitions.Duration.Format(serve.ReadyTimeout)}.");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return TaskResult.Fail("ServeStartFailed", $"'{serve.Command[0]}' did not answer on port {serve.Port} within {Core.Definitions.Duration.Format(serve.ReadyTimeout)}.");
            }
        }
    }

    /// <summary>Stops every server, with its children.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Stop();
        _gate.Dispose();
    }

    private void Stop()
    {
        foreach (var key in _running.Keys.ToList())
        {
            if (_running.TryRemove(key, out var served))
            {
                Kill(served.Process);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
#pragma warning disable CA1031 // Stopping one server must not keep the others running: whatever its failure, the next is stopped.
        catch (Exception)
#pragma warning restore CA1031
        {
            // It exited meanwhile, or cannot be signalled; nothing more to do for it.
        }
        process.Dispose();
    }
}
