using System.Text;

namespace Joy.Tests.Queries;

/// <summary>One Server-Sent Event as a client sees it.</summary>
public sealed record SseEvent(string? Id, string? Event, string Data);

/// <summary>
/// A minimal SSE reader over a streaming HTTP response: frames are separated by a blank line,
/// comment lines (": ...") are counted, not returned.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public int Comments { get; private set; }

    public static async Task<SseClient> ConnectAsync(HttpClient client, string url, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event, skipping comments; fails after <paramref name="timeout"/>.</summary>
    public async Task<SseEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? id = null, type = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException("The server closed the stream.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseEvent(id, type, data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }
    }

    /// <summary>Reads until <paramref name="count"/> comment lines arrived (keep-alives), with no event in between.</summary>
    public async Task WaitForCommentsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Comments < count)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith(':'))
            {
                Comments++;
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Unexpected event while idle: {line}");
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
