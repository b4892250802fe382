import { authorizedFetch } from "./api.js";

// Server-Sent Events over fetch: EventSource cannot send the Authorization header, and the key stays out of URLs.
// Reads `id:`/`event:`/`data:` blocks as the SSE spec does and reconnects after the server's `retry:` (1 s)
// with Last-Event-ID, the last event seen, which the server prefers to the URL's `after`. A 401 ends it: the
// sign-in takes over.

export function follow(url, { open, down, message }) {
  let lastEventId = "";
  let retry = 1000;
  const onBlock = block => {
    if (block.id !== undefined) lastEventId = block.id;
    if (block.retry !== undefined) retry = block.retry;
    if (block.data.length > 0) message({ type: block.event || "message", data: block.data.join("\n"), id: lastEventId });
  };

  (async () => {
    for (;;) {
      try {
        const headers = { Accept: "text/event-stream", "Cache-Control": "no-cache" };
        if (lastEventId) headers["Last-Event-ID"] = lastEventId;
        const response = await authorizedFetch(url, { headers });
        if (!response.ok || !response.body) throw new Error(`${response.status} ${response.statusText}`);
        open();
        await readBlocks(response.body, onBlock);
      } catch (error) {
        if (error.status === 401) { down(); return; }
        console.warn("event feed:", error.message);
      }
      down();
      await new Promise(resolve => setTimeout(resolve, retry));
    }
  })();
}

// Splits the stream into lines (CRLF, LF or CR, across chunk ends) and lines into blocks at each blank line.
async function readBlocks(body, onBlock) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let block = { data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    // A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
    const lines = buffer.split(/\r\n|\n|\r(?!$)/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === "") { onBlock(block); block = { data: [] }; continue; }
      if (line.startsWith(":")) continue; // a comment: ": connected", ": keep-alive"
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") block.data.push(text);
      else if (field === "event") block.event = text;
      else if (field === "id" && !text.includes("\0")) block.id = text;
      else if (field === "retry" && /^\d+$/.test(text)) block.retry = Number(text);
    }
  }
}
