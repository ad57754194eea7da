// The wire protocol itself, without an SDK in between: both MCP eras, the JSON-RPC error cases,
// hostile input (huge lines, invalid UTF-8), and how the process ends. After every test, every byte
// the server wrote to stdout must have been a complete JSON-RPC message line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, afterEach, before, describe, test } from 'node:test';

import { demoSessions, makeWorld, serverBinary, writeLargeSession } from './lib/fixture.mjs';
import { RawServer, initialize, modernMeta } from './lib/raw_server.mjs';

const MODERN = '2026-07-28';
const UNSUPPORTED_PROTOCOL_VERSION = -32022; // schema/2026-07-28/schema.ts of the MCP specification

let world;
let sessions;
let bigSession;
const started = [];

before(() => {
  world = makeWorld();
  sessions = demoSessions(world.transcriptDir);
});
after(() => world?.cleanup());

function startServer() {
  const server = new RawServer(serverBinary(), world.env);
  started.push(server);
  return server;
}

// Whatever a test did, the server's stdout must hold nothing but JSON-RPC lines, and no process
// may outlive its test.
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.close(10_000);
    assert.deepEqual(server.problems, [], 'stdout lines that are not JSON-RPC messages');
    assert.equal(server.pending.length, 0, 'stdout ends with an unterminated line');
  }
});

const call = (id, name, args, meta) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) },
});

describe('2026-07-28, stateless', () => {
  test('server/discover, then tools without any handshake', async () => {
    const server = startServer();
    const discover = await server.request({
      jsonrpc: '2.0',
      id: 1,
      method: 'server/discover',
      params: { _meta: modernMeta() },
    });
    const d = discover.result;
    assert.ok(d, JSON.stringify(discover));
    assert.equal(d.resultType, 'complete');
    assert.ok(d.supportedVersions.includes(MODERN), `supportedVersions: ${d.supportedVersions}`);
    assert.ok(d.supportedVersions.includes('2025-11-25'), 'still offers the handshake era');
    assert.ok(d.capabilities?.tools, 'tools capability');
    // The specification carries serverInfo in the result's _meta; accept a top-level copy too.
    const info = d._meta?.['io.modelcontextprotocol/serverInfo'] ?? d.serverInfo;
    assert.equal(info?.name, 'context-sync');

    const list = await server.request({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: modernMeta() } });
    assert.equal(list.result?.resultType, 'complete');
    assert.ok(list.result.tools.some((t) => t.name === 'list_recent_sessions'));

    const listed = await server.request(call(3, 'list_recent_sessions', {}, modernMeta()));
    assert.equal(listed.result?.resultType, 'complete', JSON.stringify(listed).slice(0, 300));
    assert.equal(listed.result.isError ?? false, false);
    assert.deepEqual(
      listed.result.structuredContent.sessions.map((s) => s.session_id),
      sessions.map((s) => s.sessionId),
    );

    const extracted = await server.request(call(4, 'extract_transcript', { session_id: sessions[0].sessionId }, modernMeta()));
    assert.equal(extracted.result?.resultType, 'complete');
    assert.ok(extracted.result.structuredContent.text.includes(sessions[0].prompts[0]));
    assert.equal((await server.close()).code, 0);
  });

  test('an unsupported version is refused with the versions on offer', async () => {
    const server = startServer();
    const reply = await server.request({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/list',
      params: { _meta: modernMeta('2099-01-01') },
    });
    assert.ok(reply.error, JSON.stringify(reply));
    assert.equal(reply.error.code, UNSUPPORTED_PROTOCOL_VERSION, `error ${JSON.stringify(reply.error)}`);
    assert.ok(reply.error.data?.supported?.includes(MODERN), 'data.supported lists 2026-07-28');
    assert.equal(reply.error.data?.requested, '2099-01-01');
  });
});

describe('2025 era, with a handshake', () => {
  test('discover first, then initialize (what Claude Code does)', async () => {
    const server = startServer();
    // Claude Code probes server/discover and falls back to initialize; the probe must not break it.
    const probe = await server.request({ jsonrpc: '2.0', id: 0, method: 'server/discover', params: { _meta: modernMeta() } });
    assert.ok(probe.result || probe.error);
    const init = await initialize(server, 1);
    assert.equal(init.result?.protocolVersion, '2025-11-25');
    assert.equal(init.result.serverInfo?.name, 'context-sync');
    assert.ok(init.result.capabilities?.tools);
    const list = await server.request({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    assert.ok(list.result.tools.length >= 2);
    const listed = await server.request(call(3, 'list_recent_sessions', { limit: 1 }));
    assert.equal(listed.result.structuredContent.sessions.length, 1);
    const ping = await server.request({ jsonrpc: '2.0', id: 4, method: 'ping' });
    assert.deepEqual(ping.result, {});
    const setLevel = await server.request({
      jsonrpc: '2.0',
      id: 7,
      method: 'logging/setLevel',
      params: { level: 'debug' },
    });
    assert.deepEqual(setLevel.result, {});
    // Claude Code lists prompts and resources when the server declares them: they must answer.
    for (const [id, method, key] of [[5, 'prompts/list', 'prompts'], [6, 'resources/list', 'resources']]) {
      const r = await server.request({ jsonrpc: '2.0', id, method });
      if (!init.result.capabilities[key]) continue;
      assert.ok(Array.isArray(r.result?.[key]), `${method}: ${JSON.stringify(r)}`);
    }
    assert.equal((await server.close()).code, 0);
  });

  test('version negotiation: known versions echoed, unknown gets the latest', async () => {
    const cases = [
      ['2025-06-18', '2025-06-18'],
      ['2025-03-26', '2025-03-26'],
      ['1999-01-01', '2025-11-25'],
    ];
    for (const [asked, expected] of cases) {
      const server = startServer();
      const init = await initialize(server, 1, asked);
      assert.equal(init.result?.protocolVersion, expected, `asked ${asked}`);
      await server.close();
    }
  });

  test('2025-03-26 still takes a batch, and answers it with one', async () => {
    const server = startServer();
    await initialize(server, 1, '2025-03-26');
    await server.send([
      { jsonrpc: '2.0', id: 2, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/no-such-thing' },
      { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    ]);
    const batch = await server.waitFor(Array.isArray, 5000, 'the batch response');
    assert.deepEqual(batch.map((m) => m.id).sort(), [2, 3], 'one answer per request, none for the notification');
    assert.equal((await server.close()).code, 0);
  });
});

describe('JSON-RPC errors', () => {
  test('parse error, invalid request, batch, unknown method', async () => {
    const server = startServer();
    await initialize(server, 1);

    await server.send('{"jsonrpc":"2.0","id":2,"method":');
    const parse = await server.waitFor((m) => m.error?.code === -32700, 5000, 'the -32700 error');
    assert.equal(parse.id, null);

    // Requests that cannot be answered by id: take whatever the server says next.
    const nextReply = async (message) => {
      const n = server.messages.length;
      await server.send(message);
      return server.waitFor((_, i) => i >= n, 5000, `the reply to ${JSON.stringify(message)}`);
    };
    const batch = await nextReply([{ jsonrpc: '2.0', id: 3, method: 'ping' }]);
    assert.equal(batch.error?.code, -32600, `batch under 2025-11-25: ${JSON.stringify(batch)}`);

    const noVersion = await nextReply({ id: 4, method: 'ping' });
    assert.equal(noVersion.error?.code, -32600);

    const unknown = await server.request({ jsonrpc: '2.0', id: 5, method: 'no/such/method' });
    assert.equal(unknown.error?.code, -32601);

    // A notification never gets an answer, even an unknown one: the next reply is the ping's.
    const before = server.messages.length;
    await server.send({ jsonrpc: '2.0', method: 'notifications/no-such-thing' });
    const ping = await server.request({ jsonrpc: '2.0', id: 6, method: 'ping' });
    assert.deepEqual(ping.result, {});
    assert.equal(server.messages.length, before + 1);

    const unknownTool = await server.request(call(7, 'no_such_tool', {}));
    assert.ok(unknownTool.error?.code === -32602 || unknownTool.result?.isError, JSON.stringify(unknownTool));
    assert.equal((await server.close()).code, 0);
  });

  test('a 64 MiB line is read and answered', { timeout: 120_000 }, async () => {
    const server = startServer();
    await initialize(server, 1);
    const head =
      '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"extract_transcript","arguments":{"session_id":"';
    const tail = '"}}}';
    const line = Buffer.alloc(64 * 1024 * 1024, 'a'); // the whole line, without its newline, is 64 MiB
    line.write(head, 0);
    line.write(tail, line.length - tail.length);
    await server.send(line);
    const reply = await server.response(2, 90_000);
    assert.ok(reply.result?.isError || reply.error, 'an oversized session_id is refused');
    const size = JSON.stringify(reply).length;
    assert.ok(size < 1024 * 1024, `the answer echoes the input back (${size} bytes)`);
    const ping = await server.request({ jsonrpc: '2.0', id: 3, method: 'ping' });
    assert.deepEqual(ping.result, {});
    assert.equal((await server.close(30_000)).code, 0);
  });

  test('invalid UTF-8 on a line is answered, not fatal', async () => {
    const server = startServer();
    await initialize(server, 1);
    const line = Buffer.concat([
      Buffer.from(
        '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"extract_transcript","arguments":{"session_id":"',
      ),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from('"}}}'),
    ]);
    await server.send(line);
    const answers = (m) => m.id === 2 || (m.id === null && m.error);
    const reply = await server.waitFor(answers, 5000, 'an answer to the invalid UTF-8 line');
    assert.ok(reply.error || reply.result?.isError, JSON.stringify(reply));
    const ping = await server.request({ jsonrpc: '2.0', id: 3, method: 'ping' });
    assert.deepEqual(ping.result, {});
    assert.equal((await server.close()).code, 0);
  });
});

describe('long calls and the end of the process', () => {
  before(() => {
    bigSession = writeLargeSession(world.transcriptDir, 256);
  });

  // Runs one uncancelled call to learn how long the big extraction takes on this machine.
  async function timedBigCall(server, id) {
    const t0 = Date.now();
    const reply = await server.request(call(id, 'extract_transcript', { session_id: bigSession, max_tokens: 20000 }), 60_000);
    assert.ok(reply.result && !reply.result.isError, JSON.stringify(reply).slice(0, 300));
    return Date.now() - t0;
  }

  test('a cancelled call stops and the server keeps serving', { timeout: 120_000 }, async (t) => {
    const server = startServer();
    await initialize(server, 1);
    const full = await timedBigCall(server, 2);
    if (full < 300) return t.skip(`the big extraction takes only ${full} ms here: too quick to cancel reliably`);
    await server.send(call(3, 'extract_transcript', { session_id: bigSession, max_tokens: 20000 }));
    await new Promise((r) => setTimeout(r, 20));
    await server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3, reason: 'test' } });
    const t0 = Date.now();
    const ping = await server.request({ jsonrpc: '2.0', id: 4, method: 'ping' }, 5000);
    assert.deepEqual(ping.result, {});
    // Wait as long as the whole call would take (twice over): a cancelled call sends no result.
    await new Promise((r) => setTimeout(r, Math.max(0, 2 * full - (Date.now() - t0))));
    const late = server.messages.find((m) => m.id === 3);
    assert.ok(!late?.result || late.result.isError, `the cancelled call still answered (${full} ms uncancelled)`);
    assert.equal((await server.close()).code, 0);
  });

  test('EOF ends the process with status 0', async () => {
    const server = startServer();
    await initialize(server, 1);
    const { code, signal } = await server.close();
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.ok(server.stderr.length > 0, 'nothing was logged to stderr');
  });

  test('started with stdin closed, the server reads an empty input and ends with status 0', () => {
    // Without a placeholder on fd 0, the first file the server opened would become its MCP input.
    const r = spawnSync('sh', ['-c', 'exec "$0" serve <&-', serverBinary()], { env: world.env, timeout: 20_000, killSignal: 'SIGKILL' });
    assert.equal(r.signal, null, `killed: ${r.signal} (it waited on its own files?)`);
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.length, 0);
  });

  test('SIGTERM ends the process with status 0, idle or in the middle of a call', { timeout: 90_000 }, async () => {
    const idle = startServer();
    await initialize(idle, 1);
    idle.child.kill('SIGTERM');
    assert.deepEqual(await idle.waitExit(), { code: 0, signal: null });

    const busy = startServer();
    await initialize(busy, 1);
    await busy.send(call(2, 'extract_transcript', { session_id: bigSession, max_tokens: 20000 }));
    await new Promise((r) => setTimeout(r, 50));
    busy.child.kill('SIGTERM');
    assert.deepEqual(await busy.waitExit(10_000), { code: 0, signal: null });
  });
});
