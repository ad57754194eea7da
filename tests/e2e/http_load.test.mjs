// A bounded load on 127.0.0.1 through tests/bench/http_load.mjs at a small count: every request must
// succeed and the server's memory must stay flat between the middle and the end of the run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

import { repoDir, serverBinary } from './lib/fixture.mjs';

test('20 clients x 50 calls: no failed request, flat RSS', () => {
  const script = path.join(repoDir, 'tests', 'bench', 'http_load.mjs');
  const run = spawnSync(process.execPath, [script, '--bin', serverBinary(), '--clients', '20', '--calls', '50', '--json', '--deadline-ms', '120000'], {
    encoding: 'utf8',
    timeout: 170_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1));
  const h = result.http;
  assert.equal(h.requests, 1000);
  assert.equal(h.failed, 0, h.failures.join('\n'));
  assert.equal(h.exit_code, 0);
  assert.equal(result.stdio.failed, 0);
  // Flat: the second half of the run (500 requests) may not grow the server by more than 8 MiB (a leak
  // of 20 KiB per request would show 10 MiB), nor the whole run by more than 32 MiB.
  assert.ok(h.rss_kb.end - h.rss_kb.middle < 8 * 1024, `RSS grew ${h.rss_kb.middle} -> ${h.rss_kb.end} KiB`);
  assert.ok(h.rss_kb.end - h.rss_kb.start < 32 * 1024, `RSS grew ${h.rss_kb.start} -> ${h.rss_kb.end} KiB`);
  assert.ok(Number.isFinite(h.p99_ms) && h.p99_ms > 0);
});
