/**
 * The bench's RSS sampler on a process tree spawned here: a shell whose Node child allocates
 * 200 MiB (touched, so resident) when told to. The tree's RSS counts the grandchild, and the
 * sampler's peak sees the allocation even after it is freed again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { processTree, RssSampler, rssAvailable, treeRssBytes } from '../bench/rss.js';

const MiB = 1 << 20;
const CHILD = `
let held;
process.stdin.on('data', (d) => {
  const cmd = d.toString().trim();
  if (cmd === 'alloc') { held = Buffer.alloc(200 * 1024 * 1024, 1); process.stdout.write('allocated\\n'); }
  if (cmd === 'free') { held = undefined; globalThis.gc?.(); process.stdout.write('freed\\n'); }
});
process.stdout.write('ready\\n');
`;

let shell: ChildProcess;

async function line(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  while (!seen.includes(text)) seen += String((await once(child.stdout!, 'data'))[0]);
}

test.before(async () => {
  shell = spawn('sh', ['-c', `exec 3<&0; node --expose-gc -e "${CHILD.replace(/"/g, '\\"')}" <&3`], { stdio: ['pipe', 'pipe', 'inherit'] });
  await line(shell, 'ready');
});
test.after(() => {
  shell?.kill('SIGKILL');
});

test('the tree holds the shell and its Node child', () => {
  if (!rssAvailable()) return;
  const tree = processTree(shell.pid!);
  assert.is(tree[0], shell.pid);
  assert.ok(tree.length >= 2, `tree ${tree.join(',')}`);
});

test('the sampler sees a 200 MiB allocation in a descendant as peak RSS growth', async () => {
  if (!rssAvailable()) return;
  const before = treeRssBytes(shell.pid!);
  const sampler = new RssSampler(shell.pid!, 10);
  shell.stdin!.write('alloc\n');
  await line(shell, 'allocated');
  const during = treeRssBytes(shell.pid!);
  shell.stdin!.write('free\n');
  await line(shell, 'freed');
  const figure = sampler.stop();
  assert.ok(during - before >= 190 * MiB, `tree grew ${(during - before) / MiB} MiB`);
  assert.ok(figure.growthBytes >= 190 * MiB, `peak growth ${figure.growthBytes / MiB} MiB`);
  assert.ok(figure.growthBytes < 260 * MiB, `peak growth ${figure.growthBytes / MiB} MiB`);
  assert.is(figure.baselineBytes, sampler.baselineBytes);
});

test('a process that is gone counts as nothing', () => {
  assert.is(treeRssBytes(2 ** 22 + 12345), 0);
});

test.run();
