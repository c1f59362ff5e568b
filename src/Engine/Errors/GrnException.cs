namespace GrnGpu.Engine.Errors;

/// <summary>
/// An error the user can act on (bad input, missing device, kernel that does not compile).
/// The CLI prints its message on one line, without a stack trace unless --verbose.
/// </summary>
public class GrnException : Exception
{
    public GrnException(string message) : base(message) { }
    public GrnException(string message, Exception inner) : base(message, inner) { }
}
