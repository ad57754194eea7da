// Issue 7 over the real binary's stdio: messages that used to kill the server, balloon its memory or
// be refused under load. After every test, every byte on stdout must have been a JSON-RPC line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, afterEach, before, describe, test } from 'node:test';

import { makeWorld, serverBinary, writeLargeSession } from './lib/fixture.mjs';
import { RawServer, initialize, modernMeta } from './lib/raw_server.mjs';

let world;
let bigSession;
const started = [];

before(() => {
  world = makeWorld();
  bigSession = writeLargeSession(world.transcriptDir, 256);
});
after(() => world?.cleanup());

function startServer() {
  const server = new RawServer(serverBinary(), world.env);
  started.push(server);
  return server;
}

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
const slowCall = (id) => call(id, 'extract_transcript', { session_id: bigSession, max_tokens: 20000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Peak resident memory of a live process, in bytes (Linux).
function peakRss(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

async function alive(server, id) {
  const ping = await server.request({ jsonrpc: '2.0', id, method: 'ping' }, 10_000);
  assert.deepEqual(ping.result, {}, 'the server still answers');
}

describe('the server never dies', () => {
  test('a cancel with a numeric reason during a call', async () => {
    const server = startServer();
    await initialize(server, 1);
    await server.send(slowCall(2));
    await server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 2, reason: 42 } });
    await server.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: { odd: [] }, reason: null } });
    await alive(server, 3);
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });

  test('a cancel notification nested 50,000 arrays deep gets no answer', async () => {
    const server = startServer();
    await initialize(server, 1);
    const before = server.messages.length;
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    await server.send(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":${deep}}}`);
    await alive(server, 2);
    assert.equal(server.messages.length, before + 1, 'only the ping was answered');
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });

  test('request params 300,000 deep are refused with the request id', async () => {
    const server = startServer();
    await initialize(server, 1);
    const deep = '{"a":'.repeat(300_000) + '1' + '}'.repeat(300_000);
    await server.send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"scan_secrets","arguments":${deep}}}`);
    const answer = await server.response(2, 10_000);
    assert.equal(answer.error?.code, -32600, JSON.stringify(answer).slice(0, 300));
    assert.match(answer.error.message, /nesting deeper than \d+ levels/);
    await alive(server, 3);
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });

  test('odd client fields get clear errors, never library text', async () => {
    const server = startServer();
    const discover = await server.request({
      jsonrpc: '2.0',
      id: 1,
      method: 'server/discover',
      params: { _meta: { ...modernMeta(), 'io.modelcontextprotocol/clientInfo': { name: 7, version: [] } } },
    });
    assert.ok(discover.result?.capabilities?.tools, JSON.stringify(discover));
    const init = await server.request({
      jsonrpc: '2.0',
      id: 2,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 7 } },
    });
    assert.equal(init.result?.protocolVersion, '2025-11-25', JSON.stringify(init));
    const setLevel = await server.request({ jsonrpc: '2.0', id: 3, method: 'logging/setLevel', params: { level: 3 } });
    assert.equal(setLevel.error?.code, -32602);
    const toolName = await server.request({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: ['x'] } });
    assert.equal(toolName.error?.code, -32602);
    for (const m of server.messages) {
      assert.doesNotMatch(JSON.stringify(m), /\[json\.exception|type must be/, 'no nlohmann text reaches the client');
    }
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });
});

describe('memory per message', () => {
  test('a 40 MB ping made of empty objects is refused within bounded memory', { timeout: 120_000 }, async () => {
    const server = startServer();
    await initialize(server, 1);
    const baseline = peakRss(server.child.pid);
    const count = 13_000_000; // "{}," is 3 bytes: about 39 MB
    const body = Buffer.alloc(count * 3 - 1, '{},');
    const line = Buffer.concat([
      Buffer.from('{"jsonrpc":"2.0","id":2,"method":"ping","params":{"a":['),
      body,
      Buffer.from(']}}'),
    ]);
    await server.send(line);
    const reply = await server.response(2, 90_000);
    assert.equal(reply.error?.code, -32600, JSON.stringify(reply));
    const grown = peakRss(server.child.pid) - baseline;
    // The line itself must be held once; a DOM of 13 million objects would take about a gigabyte.
    assert.ok(grown < 4 * line.length, `peak memory grew by ${grown} bytes for a ${line.length}-byte line`);
    await alive(server, 3);
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });
});

describe('load', () => {
  test('200 pipelined calls are all answered: backpressure, not refusal', { timeout: 120_000 }, async () => {
    const server = startServer();
    await initialize(server, 1);
    const ids = Array.from({ length: 200 }, (_, i) => 100 + i);
    const lines = ids.map((id) => JSON.stringify(call(id, 'scan_secrets', { text: `line ${id} is clean` }))).join('\n');
    await server.send(lines);
    const replies = await Promise.all(ids.map((id) => server.response(id, 60_000)));
    for (const r of replies) {
      assert.equal(r.error, undefined, JSON.stringify(r));
      assert.equal(r.result?.isError, false, JSON.stringify(r).slice(0, 300));
    }
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });

  test('a 2025-03-26 batch of slow calls runs on workers: ping and SIGTERM do not wait for it', { timeout: 120_000 }, async (t) => {
    const server = startServer();
    await initialize(server, 1, '2025-03-26');
    const t0 = Date.now();
    await server.request(slowCall(2), 60_000);
    const full = Date.now() - t0;
    if (full < 300) return t.skip(`the big extraction takes only ${full} ms here: too quick to tell`);

    await server.send([slowCall(10), slowCall(11), { jsonrpc: '2.0', id: 12, method: 'ping' }, slowCall(13)]);
    await sleep(20);
    const pingSent = Date.now();
    await alive(server, 3);
    const pingTook = Date.now() - pingSent;
    assert.ok(!server.messages.some(Array.isArray), 'the ping was answered before the batch');
    assert.ok(pingTook < full, `a ping took ${pingTook} ms behind a batch (one call takes ${full} ms)`);
    const batch = await server.waitFor(Array.isArray, 60_000, 'the batch response');
    assert.deepEqual(batch.map((m) => m.id), [10, 11, 12, 13]);

    await server.send([slowCall(20), slowCall(21), slowCall(22), slowCall(23)]);
    await sleep(50);
    const killed = Date.now();
    server.child.kill('SIGTERM');
    assert.deepEqual(await server.waitExit(30_000), { code: 0, signal: null });
    const stopTook = Date.now() - killed;
    assert.ok(stopTook < 2 * full, `SIGTERM took ${stopTook} ms with a batch of 4 running (one call: ${full} ms)`);
  });
});

describe('tool results', () => {
  test('a domain refusal is an isError result on every version; a schema failure follows the version', async () => {
    for (const version of ['2025-03-26', '2025-06-18', '2025-11-25']) {
      const server = startServer();
      await initialize(server, 1, version);
      const badCursor = await server.request(call(2, 'extract_transcript', { session_id: bigSession, cursor: 'garbage' }));
      assert.equal(badCursor.result?.isError, true, `${version}: ${JSON.stringify(badCursor)}`);
      const unknown = await server.request(call(3, 'extract_transcript', { session_id: 'no-such-session' }));
      assert.equal(unknown.result?.isError, true, `${version}: ${JSON.stringify(unknown)}`);
      const schema = await server.request(call(4, 'extract_transcript', { session_id: 5 }));
      if (version === '2025-11-25') assert.equal(schema.result?.isError, true, JSON.stringify(schema));
      else assert.equal(schema.error?.code, -32602, `${version}: ${JSON.stringify(schema)}`);
      assert.deepEqual(await server.close(), { code: 0, signal: null });
    }
  });

  test('max_tokens 5000.0 is an integer', async () => {
    const server = startServer();
    await initialize(server, 1);
    // JSON.stringify writes 5000.0 as 5000: put the fraction on the wire by hand.
    const line = JSON.stringify(call(2, 'extract_transcript', { session_id: bigSession, max_tokens: 4999 }));
    await server.send(line.replace('"max_tokens":4999', '"max_tokens":5000.0'));
    const reply = await server.response(2, 60_000);
    assert.equal(reply.result?.isError, false, JSON.stringify(reply).slice(0, 300));
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });

  test('only what the catalog holds is advertised', async () => {
    const server = startServer();
    const init = await initialize(server, 1);
    const caps = init.result.capabilities;
    assert.ok(caps.tools);
    for (const [cap, method] of [['prompts', 'prompts/list'], ['resources', 'resources/list']]) {
      const r = await server.request({ jsonrpc: '2.0', id: method, method });
      if (caps[cap]) assert.ok(r.result, `${cap} advertised but ${method}: ${JSON.stringify(r)}`);
      else assert.equal(r.error?.code, -32601, `${cap} not advertised but ${method}: ${JSON.stringify(r)}`);
    }
    assert.deepEqual(await server.close(), { code: 0, signal: null });
  });
});
