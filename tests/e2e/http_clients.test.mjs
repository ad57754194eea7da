// Independent clients over Streamable HTTP: the MCP Inspector's CLI (--transport http) and Claude Code
// itself (`claude mcp add --transport http`, then `claude mcp list` health-checks the URL).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { binDir, demoSessions, makeWorld, node22Dir, runInspector } from './lib/fixture.mjs';
import { startHttpServer } from './lib/http_server.mjs';

let world;
let server;
let sessions;

before(async () => {
  world = makeWorld();
  sessions = demoSessions(world.transcriptDir);
  server = await startHttpServer(world);
});
after(async () => {
  const exit = await server?.stop();
  world?.cleanup();
  assert.equal(exit?.code, 0);
});

function inspect(...methodArgs) {
  return runInspector(world, [server.url, '--transport', 'http', ...methodArgs]);
}

describe('MCP Inspector CLI over HTTP', () => {
  test('lists the tools', () => {
    const out = inspect('--method', 'tools/list');
    const names = out.tools.map((t) => t.name);
    assert.ok(names.includes('list_recent_sessions') && names.includes('extract_transcript'), `tools: ${names}`);
  });

  test('calls list_recent_sessions', () => {
    const out = inspect('--method', 'tools/call', '--tool-name', 'list_recent_sessions', '--tool-arg', 'limit=2');
    assert.notEqual(out.isError, true, JSON.stringify(out));
    const listed = out.structuredContent ?? JSON.parse(out.content[0].text);
    assert.equal(listed.sessions.length, Math.min(2, sessions.length));
  });
});

describe('Claude Code over HTTP', () => {
  const claude = (args) => {
    const tmp = path.join(world.root, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const r = spawnSync(path.join(binDir, 'claude'), args, {
      env: {
        PATH: `${node22Dir}:${process.env.PATH}`,
        HOME: world.home,
        TMPDIR: tmp,
        TERM: 'dumb',
        NO_COLOR: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      },
      cwd: world.home,
      encoding: 'utf8',
      timeout: 90_000,
    });
    if (r.error) throw r.error;
    return r;
  };

  test('claude mcp add --transport http, then claude mcp list shows it connected', async () => {
    const add = claude(['mcp', 'add', '--scope', 'user', '--transport', 'http', 'context-sync-http', server.url]);
    assert.equal(add.status, 0, `claude mcp add failed:\n${add.stdout}\n${add.stderr}`);
    const config = JSON.parse(fs.readFileSync(path.join(world.home, '.claude.json'), 'utf8'));
    const entry = config.mcpServers?.['context-sync-http'];
    assert.equal(entry?.type, 'http');
    assert.equal(entry?.url, server.url);

    const before = server.stderr.length;
    const list = claude(['mcp', 'list']);
    const out = `${list.stdout}\n${list.stderr}`;
    assert.equal(list.status, 0, out);
    const line = out.split('\n').find((l) => l.startsWith('context-sync-http:'));
    assert.ok(line, `context-sync-http missing from claude mcp list:\n${out}`);
    assert.match(line, /Connected/, `not connected:\n${out}`);
    assert.doesNotMatch(line, /Failed|✘/);
    // Our server answered it: Claude Code's handshake shows in its log (read once the event loop runs
    // again: spawnSync held it).
    const handshake = /initialize from|server\/discover from/;
    for (let i = 0; i < 50 && !handshake.test(server.stderr.slice(before)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(server.stderr.slice(before), handshake);
  });
});
