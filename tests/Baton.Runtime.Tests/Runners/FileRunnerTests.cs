using System.Text.Json.Nodes;
using Baton.Abstractions;
using Baton.Core.Expressions;
using Baton.Runtime.Catalog;
using Baton.Runtime.Runners;
using Baton.Testing;

namespace Baton.Runtime.Tests.Runners;

/// <summary>The file runner on a real folder: each operation, paths confined to the root (no absolute paths, no '..', no
/// symbolic links below the root), atomic writes, and repeats that are safe.</summary>
public sealed class FileRunnerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileRunner _runner = new();

    public FileRunnerTests() => Directory.CreateDirectory(Root);

    private string Root => _dir.File("root");

    public void Dispose() => _dir.Dispose();

    private Task<TaskResult> RunAsync(FileOperation operation, string? path, string? to = null, JsonNode? content = null,
        FileEncoding encoding = FileEncoding.Text, bool overwrite = true, bool recursive = false, string? pattern = null, long maxBytes = FileBinding.DefaultMaxBytes) =>
        _runner.RunAsync(new FileBinding("files", Root, operation, path is null ? null : Template.Parse(path), to is null ? null : Template.Parse(to),
            content is null ? null : TemplateTree.Parse(content), encoding, overwrite, recursive, pattern, maxBytes, null),
            new TaskContext("i-1", "s", 1, "i-1/s/1", "files", new JsonObject { ["name"] = "report" }), CancellationToken.None);

    private static JsonObject Output(TaskResult result) => Assert.IsType<JsonObject>(Assert.IsType<TaskResult.Success>(result).Output);

    private static TaskResult.Failure Failure(TaskResult result) => Assert.IsType<TaskResult.Failure>(result);

    [Fact]
    public async Task RunAsync_WriteThenReadJson_RoundTripsTheValue()
    {
        var written = Output(await RunAsync(FileOperation.Write, "out/${input.name}.json", content: JsonNode.Parse("""{ "total": 3, "items": ["a"] }"""), encoding: FileEncoding.Json));
        var read = Output(await RunAsync(FileOperation.Read, "out/report.json", encoding: FileEncoding.Json));

        Assert.Equal("out/report.json", written["path"]!.GetValue<string>());
        Assert.Equal("""{"total":3,"items":["a"]}""", read["content"]!.ToJsonString());
        Assert.Empty(Directory.GetFiles(Path.Combine(Root, "out"), "*.baton-tmp"));
    }

    [Fact]
    public async Task RunAsync_WriteBase64ThenReadText_DecodesTheBytes()
    {
        Output(await RunAsync(FileOperation.Write, "note.txt", content: JsonValue.Create(Convert.ToBase64String("héllo"u8.ToArray())), encoding: FileEncoding.Base64));
        Assert.Equal("héllo", Output(await RunAsync(FileOperation.Read, "note.txt"))["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public async Task RunAsync_PathOutsideTheRoot_IsRefusedAndTouchesNothing(string path)
    {
        var failed = Failure(await RunAsync(FileOperation.Write, path, content: JsonValue.Create("x")));

        Assert.Equal(("PathRefused", false), (failed.Error.Code, failed.Retryable));
        Assert.False(File.Exists(_dir.File("outside.txt")));
    }

    [Fact]
    public async Task RunAsync_PathThroughASymbolicLink_IsRefused()
    {
        var outside = Directory.CreateDirectory(_dir.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), "secret");
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), outside);
        File.CreateSymbolicLink(Path.Combine(Root, "secret-link.txt"), Path.Combine(outside, "secret.txt"));

        var throughFolder = Failure(await RunAsync(FileOperation.Read, "escape/secret.txt"));
        var fileLink = Failure(await RunAsync(FileOperation.Read, "secret-link.txt"));
        var deleted = Failure(await RunAsync(FileOperation.Delete, "escape", recursive: true));

        Assert.All(new[] { throughFolder, fileLink, deleted }, f => Assert.Equal("PathRefused", f.Error.Code));
        Assert.Contains("symbolic link 'escape'", throughFolder.Error.Message, StringComparison.Ordinal);
        Assert.Equal("secret", File.ReadAllText(Path.Combine(outside, "secret.txt")));
    }

    [Fact]
    public async Task RunAsync_ListRecursiveWithPattern_ShowsLinksWithoutFollowingThem()
    {
        Directory.CreateDirectory(Path.Combine(Root, "a/b"));
        File.WriteAllText(Path.Combine(Root, "a/one.csv"), "1");
        File.WriteAllText(Path.Combine(Root, "a/b/two.csv"), "22");
        File.WriteAllText(Path.Combine(Root, "a/skip.txt"), "");
        var outside = Directory.CreateDirectory(_dir.File("outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "hidden.csv"), "");
        Directory.CreateSymbolicLink(Path.Combine(Root, "a/link.csv"), outside);

        var output = Output(await RunAsync(FileOperation.List, "a", recursive: true, pattern: "*.csv"));

        Assert.Equal(["a/link.csv:link", "a/one.csv:file", "a/b/two.csv:file"],
            output["entries"]!.AsArray().Select(e => $"{e!["path"]}:{e["type"]}"));
        Assert.Equal(2, output["entries"]![2]!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task RunAsync_MoveRepeatedAfterItMoved_CountsAsDone()
    {
        File.WriteAllText(Path.Combine(Root, "in.txt"), "data");

        var first = Output(await RunAsync(FileOperation.Move, "in.txt", to: "done/in.txt"));
        var repeat = Output(await RunAsync(FileOperation.Move, "in.txt", to: "done/in.txt"));

        Assert.Equal("done/in.txt", first["to"]!.GetValue<string>());
        Assert.Equal("done/in.txt", repeat["to"]!.GetValue<string>());
        Assert.Equal("data", File.ReadAllText(Path.Combine(Root, "done/in.txt")));
    }

    [Fact]
    public async Task RunAsync_CopyOntoAFileWithoutOverwrite_FailsAndKeepsIt()
    {
        File.WriteAllText(Path.Combine(Root, "a.txt"), "new");
        File.WriteAllText(Path.Combine(Root, "b.txt"), "old");

        var failed = Failure(await RunAsync(FileOperation.Copy, "a.txt", to: "b.txt", overwrite: false));

        Assert.Equal(("FileExists", false), (failed.Error.Code, failed.Retryable));
        Assert.Equal("old", File.ReadAllText(Path.Combine(Root, "b.txt")));
        Assert.Equal(2, Directory.GetFiles(Root).Length);
    }

    [Fact]
    public async Task RunAsync_DeleteWhatIsGone_AnswersNotDeleted()
    {
        File.WriteAllText(Path.Combine(Root, "x.txt"), "");
        Assert.True(Output(await RunAsync(FileOperation.Delete, "x.txt"))["deleted"]!.GetValue<bool>());
        Assert.False(Output(await RunAsync(FileOperation.Delete, "x.txt"))["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunAsync_DeleteNonEmptyFolderWithoutRecursive_Fails()
    {
        Directory.CreateDirectory(Path.Combine(Root, "d"));
        File.WriteAllText(Path.Combine(Root, "d/f"), "");
        Assert.Equal("NotEmpty", Failure(await RunAsync(FileOperation.Delete, "d")).Error.Code);
        Assert.True(Output(await RunAsync(FileOperation.Delete, "d", recursive: true))["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RunAsync_ReadLargerThanMaxBytesOrNotUtf8_FailsForGood()
    {
        File.WriteAllBytes(Path.Combine(Root, "big.bin"), new byte[11]);
        File.WriteAllBytes(Path.Combine(Root, "bad.txt"), [0xC3, 0x28]);

        Assert.Equal("FileTooLarge", Failure(await RunAsync(FileOperation.Read, "big.bin", maxBytes: 10)).Error.Code);
        Assert.Equal("InvalidContent", Failure(await RunAsync(FileOperation.Read, "bad.txt")).Error.Code);
        Assert.Equal("NotFound", Failure(await RunAsync(FileOperation.Read, "missing.txt")).Error.Code);
    }

    [Fact]
    public async Task RunAsync_NameLongerThanTheFileSystemTakes_FailsForGood()
    {
        var failed = Failure(await RunAsync(FileOperation.Write, new string('n', 300) + ".txt", content: JsonValue.Create("x")));
        Assert.Equal(("PathRefused", false), (failed.Error.Code, failed.Retryable));
    }

    [Fact]
    public async Task RunAsync_RootMissing_FailsNamingIt()
    {
        Directory.Delete(Root);
        var failed = Failure(await RunAsync(FileOperation.List, null));
        Assert.Equal("FileRootMissing", failed.Error.Code);
    }
}
