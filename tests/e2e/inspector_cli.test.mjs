// The MCP Inspector's command-line mode starts the server over stdio, lists its tools and calls one:
// a second, independent client implementation, run with the local Node 22 it requires.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { demoSessions, makeWorld, runInspector, serverBinary } from './lib/fixture.mjs';

let world;
let sessions;

before(() => {
  world = makeWorld();
  sessions = demoSessions(world.transcriptDir);
});
after(() => world?.cleanup());

// Runs `mcp-inspector --cli` against the server over stdio and returns its parsed JSON output.
function inspect(...methodArgs) {
  const envFlags = Object.entries(world.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return runInspector(world, [serverBinary(), ...envFlags, ...methodArgs]);
}

test('mcp-inspector --cli lists the tools, with no schema portability error', () => {
  // --strict makes the Inspector exit 6 when a tool schema has an error-severity portability problem
  const out = inspect('--method', 'tools/list', '--strict');
  const names = out.tools.map((t) => t.name);
  assert.ok(names.includes('list_recent_sessions') && names.includes('extract_transcript'), `tools: ${names}`);
  for (const tool of out.tools) {
    assert.equal(tool.inputSchema.additionalProperties, false, tool.name);
    assert.ok(tool.outputSchema, tool.name);
  }
});

test('mcp-inspector --cli calls list_recent_sessions with a limit', () => {
  const out = inspect('--method', 'tools/call', '--tool-name', 'list_recent_sessions', '--tool-arg', 'limit=2');
  assert.notEqual(out.isError, true, JSON.stringify(out));
  const listed = out.structuredContent ?? JSON.parse(out.content[0].text);
  assert.deepEqual(
    listed.sessions.map((s) => s.session_id),
    sessions.slice(0, 2).map((s) => s.sessionId),
  );
  assert.equal(typeof listed.next_cursor, 'string', 'a third session remains');
});
