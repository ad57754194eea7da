// The official conformance suite (@modelcontextprotocol/conformance) against `serve --http`: the server
// scenarios that apply to a server without the suite's fixture tools. Which apply and why the others do
// not is listed in README.md ("MCP over HTTP").
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { binDir, makeWorld, node22Dir } from './lib/fixture.mjs';
import { startHttpServer } from './lib/http_server.mjs';

// Protocol-level scenarios: they need nothing but MCP itself (and resources/prompts where the server
// has them).
const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
  'server-sse-multiple-streams',
];

let world;
let server;

before(async () => {
  world = makeWorld();
  server = await startHttpServer(world);
});
after(async () => {
  const exit = await server?.stop();
  world?.cleanup();
  assert.equal(exit?.code, 0);
});

for (const scenario of SCENARIOS) {
  test(`conformance: ${scenario}`, () => {
    const out = path.join(world.root, `conformance-${scenario}`);
    const r = spawnSync(path.join(node22Dir, 'node'), [path.join(binDir, 'conformance'), 'server', '--url', server.url, '--scenario', scenario, '-o', out], {
      env: { PATH: `${node22Dir}:${process.env.PATH}`, HOME: world.home, NO_COLOR: '1' },
      cwd: world.home,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    // eslint-disable-next-line no-control-regex
    const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    assert.equal(r.status, 0, `conformance ${scenario} failed:\n${text}`);
    assert.doesNotMatch(text, /FAILURE/, text);
    const summary = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(text);
    assert.ok(summary, `no summary line:\n${text}`);
    assert.ok(Number(summary[1]) > 0 && summary[1] === summary[2] && summary[3] === '0', summary[0]);
    assert.ok(fs.existsSync(out), 'the suite wrote its results');
  });
}
