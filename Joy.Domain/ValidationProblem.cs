namespace Joy.Domain;

/// <summary>One thing wrong with a submitted definition: where (a JSON pointer) and what.</summary>
public sealed record ValidationProblem(string Pointer, string Message);
