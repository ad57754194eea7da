// Claude Code itself registers the server (`claude mcp add`) and health-checks it (`claude mcp list`),
// in a throw-away HOME and fully offline: the way a user installs context-sync.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { startFakeMessagesApi } from './lib/fake_messages_api.mjs';
import { binDir, demoSessions, makeWorld, node22Dir, serverBinary } from './lib/fixture.mjs';

const CLAUDE_TIMEOUT_MS = 60_000;

let world;
let serverLog;
let tmpDir;

before(() => {
  world = makeWorld();
  serverLog = path.join(world.root, 'server.log');
  tmpDir = path.join(world.root, 'tmp');
  fs.mkdirSync(tmpDir);
});
after(() => world?.cleanup());

// Claude Code's own environment: a private HOME (so ~/.claude.json is the temporary one), no
// CLAUDE_CONFIG_DIR of the machine, and every kind of network traffic it can skip switched off.
function claudeEnv(home, extra = {}) {
  return {
    PATH: `${node22Dir}:${process.env.PATH}`,
    HOME: home,
    // Claude Code keeps per-project scratch folders under $TMPDIR/claude-<uid>: keep them in ours
    TMPDIR: tmpDir,
    TERM: 'dumb',
    NO_COLOR: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    ...extra,
  };
}

function claude(args) {
  const r = spawnSync(path.join(binDir, 'claude'), args, {
    env: claudeEnv(world.home),
    cwd: world.home,
    encoding: 'utf8',
    timeout: CLAUDE_TIMEOUT_MS,
  });
  if (r.error) throw r.error;
  return r;
}

test('claude mcp add registers the server in the user config', () => {
  // The server's own settings travel as -e flags, as a user would pass them.
  const envFlags = Object.entries(world.env)
    .filter(([k]) => k !== 'PATH' && k !== 'HOME')
    .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const r = claude(['mcp', 'add', '--scope', 'user', 'context-sync', ...envFlags, '--', serverBinary(), '--log-file', serverLog]);
  assert.equal(r.status, 0, `claude mcp add failed:\n${r.stdout}\n${r.stderr}`);

  const config = JSON.parse(fs.readFileSync(path.join(world.home, '.claude.json'), 'utf8'));
  const entry = config.mcpServers?.['context-sync'];
  assert.ok(entry, `no mcpServers.context-sync in ~/.claude.json: ${JSON.stringify(config.mcpServers)}`);
  assert.equal(entry.command, serverBinary());
  assert.equal(entry.env.CLAUDE_CONFIG_DIR, world.env.CLAUDE_CONFIG_DIR);
});

test('claude mcp list starts the server and shows it connected', () => {
  const r = claude(['mcp', 'list']);
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  const line = out.split('\n').find((l) => l.startsWith('context-sync:'));
  assert.ok(line, `context-sync missing from claude mcp list:\n${out}`);
  assert.match(line, /✔ Connected|\bConnected\b/, `not connected:\n${out}`);
  assert.doesNotMatch(line, /Failed|✘/);
  // Proof that it was our server that answered: it logged the connection to the file we named.
  assert.ok(fs.existsSync(serverLog) && fs.statSync(serverLog).size > 0, 'the server wrote no log');
});

// Runs a command without blocking the event loop (the stand-in API lives in this process), bounded.
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

test('headless claude -p calls list_recent_sessions through the server', async () => {
  const tool = 'mcp__context-sync__list_recent_sessions';
  const api = await startFakeMessagesApi({
    toolName: tool,
    toolInput: { limit: 10 },
    finalText: (toolResult) => `The tool said: ${toolResult}`,
  });
  try {
    // The server gets its data folders as flags: Claude Code sets CLAUDE_PROJECT_DIR to its own cwd.
    const config = {
      mcpServers: {
        'context-sync': {
          type: 'stdio',
          command: serverBinary(),
          args: ['--claude-dir', world.env.CLAUDE_CONFIG_DIR, '--project', world.env.CLAUDE_PROJECT_DIR],
          env: { XDG_STATE_HOME: world.env.XDG_STATE_HOME },
        },
      },
    };
    const env = claudeEnv(world.home, {
      ANTHROPIC_BASE_URL: api.url,
      ANTHROPIC_API_KEY: 'sk-ant-e2e-stand-in',
      ENABLE_TOOL_SEARCH: 'false', // offer MCP tools to the model directly
    });
    const args = ['-p', 'Which sessions does this project have?', '--output-format', 'json',
      '--mcp-config', JSON.stringify(config), '--strict-mcp-config', '--allowedTools', 'mcp__context-sync__*'];
    const r = await run(path.join(binDir, 'claude'), args, { env, cwd: world.home, timeout: 120_000 });
    assert.equal(r.status, 0, `claude -p failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    const result = JSON.parse(r.stdout);
    assert.equal(result.is_error, false, r.stdout);

    // The model's turn after the tool call must carry our server's answer, not an error.
    const toolResults = api.requests
      .flatMap((q) => q.body.messages?.at(-1)?.content ?? [])
      .filter((b) => b?.type === 'tool_result');
    assert.equal(toolResults.length, 1, 'exactly one tool result went back to the model');
    assert.notEqual(toolResults[0].is_error, true, JSON.stringify(toolResults[0]));
    for (const s of demoSessions(world.transcriptDir)) {
      assert.ok(result.result.includes(s.sessionId), `session ${s.sessionId} missing from: ${result.result.slice(0, 500)}`);
    }
  } finally {
    await api.close();
  }
});
