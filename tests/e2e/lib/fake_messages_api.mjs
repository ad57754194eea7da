// A scripted stand-in for the Anthropic Messages API, so headless Claude Code can run offline.
// It listens on 127.0.0.1 only and plays a two-step script on the conversation that offers our tool:
// first it asks for a tool call, then, once the tool result comes back, it answers with text that
// quotes that result (so a test can see that real data went through). Any other request (titles,
// quota probes, ...) gets a short plain answer. Every request is recorded for inspection.
// A longer script passes `plan(body)` instead: it returns the model's next turn for a request, as
// { blocks, stop } (tool_use blocks are given ids here), or null for the plain answer.
import http from 'node:http';

export function startFakeMessagesApi({ toolName, toolInput = {}, finalText, plan }) {
  const requests = [];
  let nextId = 1;

  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      let json = {};
      try {
        json = JSON.parse(body || '{}');
      } catch {
        // recorded as is
      }
      requests.push({ method: req.method, url: req.url, body: json });
      if (req.method !== 'POST' || !req.url.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'stand-in' } }));
        return;
      }
      if (req.url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: 100 }));
        return;
      }
      reply(res, json, (plan ? scripted(json) : null) ?? planFor(json));
    });
  });

  function scripted(body) {
    const turn = plan(body);
    if (!turn) return { blocks: [{ type: 'text', text: 'OK' }], stop: 'end_turn' };
    const blocks = turn.blocks.map((b) => (b.type === 'tool_use' ? { id: `toolu_fake${nextId++}`, ...b } : b));
    return { blocks, stop: turn.stop };
  }

  // What to answer: the tool call, the final text, or a filler for side requests.
  function planFor(body) {
    const offersTool = (body.tools ?? []).some((t) => t.name === toolName);
    const last = body.messages?.at(-1);
    const results = Array.isArray(last?.content) ? last.content.filter((b) => b.type === 'tool_result') : [];
    if (offersTool && results.length === 0) {
      const call = { type: 'tool_use', id: `toolu_fake${nextId++}`, name: toolName, input: toolInput };
      return { blocks: [call], stop: 'tool_use' };
    }
    if (offersTool) {
      const text = results
        .flatMap((r) => (typeof r.content === 'string' ? [r.content] : (r.content ?? []).map((c) => c.text ?? '')))
        .join('\n');
      return { blocks: [{ type: 'text', text: finalText(text) }], stop: 'end_turn' };
    }
    return { blocks: [{ type: 'text', text: 'OK' }], stop: 'end_turn' };
  }

  function reply(res, body, { blocks, stop }) {
    const message = {
      id: `msg_fake${nextId++}`,
      type: 'message',
      role: 'assistant',
      model: body.model ?? 'claude-stand-in',
      content: blocks,
      stop_reason: stop,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    };
    if (!body.stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': message.id });
      res.end(JSON.stringify(message));
      return;
    }
    // The streaming form: the same message as server-sent events, one content block at a time.
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': message.id });
    const send = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    const start = { ...message, content: [], stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } };
    send('message_start', { message: start });
    blocks.forEach((block, index) => {
      if (block.type === 'text') {
        send('content_block_start', { index, content_block: { type: 'text', text: '' } });
        send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
      } else {
        send('content_block_start', { index, content_block: { ...block, input: {} } });
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
      }
      send('content_block_stop', { index });
    });
    send('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 10 } });
    send('message_stop', {});
    res.end();
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}
