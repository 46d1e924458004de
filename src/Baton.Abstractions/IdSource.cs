namespace Baton.Abstractions;

/// <summary>Where new instance ids and worker ids come from, given to every part by the host's composition.</summary>
/// <remarks>An id is 32 lowercase hexadecimal characters, inside the instance id alphabet. Hosts use <see cref="Random"/>;
/// a test may give a source of its own to make ids it can predict. Nothing below the composition root makes ids itself.</remarks>
public abstract class IdSource
{
    /// <summary>Ids from random GUIDs, as hosts use.</summary>
    public static IdSource Random { get; } = new RandomIds();

    /// <summary>Makes a new id.</summary>
    public abstract string NewId();

    /// <summary>Whether an id this source makes can be trusted never to have been made before (random ids: true), so a start
    /// under it needs no check that the id is free.</summary>
    /// <remarks>False unless a source says so: a predictable test source may make an id again after a restart.</remarks>
    public virtual bool NeverRepeats => false;

    private sealed class RandomIds : IdSource
    {
        public override string NewId() => Guid.NewGuid().ToString("N");

        public override bool NeverRepeats => true;
    }
}
