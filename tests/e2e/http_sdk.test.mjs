// The official TypeScript SDK's Streamable HTTP client against `context-sync serve --http`: session
// handshake, discovery, calls, progress on the call's SSE stream, cancellation, session end.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { demoSessions, makeWorld, serverBinary, writeLargeSession } from './lib/fixture.mjs';
import { startHttpServer } from './lib/http_server.mjs';

const CALL_TIMEOUT_MS = 20_000;

let world;
let server;
let client;
let transport;
let sessions;

before(async () => {
  world = makeWorld();
  sessions = demoSessions(world.transcriptDir);
  server = await startHttpServer(world);
  transport = new StreamableHTTPClientTransport(new URL(server.url));
  client = new Client({ name: 'context-sync-e2e-http', version: '1.0.0' });
  await client.connect(transport, { timeout: CALL_TIMEOUT_MS });
});

after(async () => {
  await client?.close().catch(() => {});
  const exit = await server?.stop();
  world?.cleanup();
  assert.equal(server?.stdout ?? '', '', 'nothing may be written to stdout');
  assert.equal(exit?.code, 0, `the server must exit 0 on SIGTERM (got ${JSON.stringify(exit)})`);
});

const call = (name, args, options = {}) =>
  client.callTool({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS, ...options });

describe('SDK Streamable HTTP client', () => {
  test('initialize issues a session id and negotiates a 2025 revision', () => {
    assert.match(transport.sessionId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(client.getServerVersion()?.name, 'context-sync');
    assert.ok(client.getServerCapabilities()?.tools, 'tools capability advertised');
  });

  test('lists the same tools, prompts and resources as stdio', async () => {
    const stdio = new Client({ name: 'context-sync-e2e-stdio', version: '1.0.0' });
    await stdio.connect(
      new StdioClientTransport({ command: serverBinary(), args: [], env: world.env, cwd: world.home, stderr: 'ignore' }),
      { timeout: CALL_TIMEOUT_MS },
    );
    try {
      const options = { timeout: CALL_TIMEOUT_MS };
      const catalog = async (c) => ({
        capabilities: Object.keys(c.getServerCapabilities() ?? {}).sort(),
        tools: (await c.listTools({}, options)).tools,
        prompts: (await c.listPrompts({}, options)).prompts,
        resources: (await c.listResources({}, options)).resources,
      });
      const overHttp = await catalog(client);
      const overStdio = await catalog(stdio);
      assert.deepEqual(overHttp, overStdio);
      const names = overHttp.tools.map((t) => t.name);
      for (const name of ['list_recent_sessions', 'extract_transcript', 'scan_secrets', 'commit_learnings', 'read_learnings']) {
        assert.ok(names.includes(name), `${name} missing from ${names}`);
      }
      assert.ok(overHttp.prompts.some((p) => p.name === 'context-sync'));
      assert.ok(overHttp.resources.some((r) => r.uri === 'context-sync://learnings'));
    } finally {
      await stdio.close().catch(() => {});
    }
  });

  test('calls a tool and gets its structured result', async () => {
    const result = await call('list_recent_sessions', { since: '3650d', limit: 50 });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    const ids = result.structuredContent.sessions.map((s) => s.session_id);
    assert.deepEqual(new Set(ids), new Set(sessions.map((s) => s.sessionId)));
  });

  test('progress notifications arrive on the call stream', async () => {
    const big = writeLargeSession(world.transcriptDir, 128);
    const seen = [];
    const result = await call('extract_transcript', { session_id: big, max_tokens: 20000 }, {
      onprogress: (p) => seen.push(p),
      timeout: 60_000,
    });
    assert.notEqual(result.isError, true, JSON.stringify(result.content));
    assert.ok(seen.length > 0, 'no notifications/progress received');
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].progress > seen[i - 1].progress);
  });

  test('an aborted call is cancelled on the server, which keeps serving', async () => {
    const big = writeLargeSession(world.transcriptDir, 128);
    const abort = new AbortController();
    const pending = call('extract_transcript', { session_id: big, max_tokens: 20000 }, {
      signal: abort.signal,
      timeout: 60_000,
    });
    setTimeout(() => abort.abort('test cancels'), 50);
    await assert.rejects(pending);
    const deadline = Date.now() + 10_000;
    while (!/cancelled by the client/.test(server.stderr) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(server.stderr, /cancelled by the client/);
    const result = await call('list_recent_sessions', { limit: 1 });
    assert.equal(result.structuredContent.sessions.length, 1);
  });

  test('terminating the session ends it: its id then gets 404', async () => {
    const id = transport.sessionId;
    await transport.terminateSession();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': id,
        'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    assert.equal(response.status, 404);
    const body = await response.json();
    assert.equal(body.error.code, -32600);
  });
});
