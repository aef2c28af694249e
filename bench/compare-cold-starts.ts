// npx tsx bench/compare-cold-starts.ts [--rounds=25] name...: the cold starts of a few bundles side by side,
// built as `npm run bench` builds them, each round in a new random order. For the question the bench's few
// rounds per function cannot settle: does this function cost more than the libraries-only reference?
// Names: a function (record-handover), a reference (libraries-only, libraries-only-no-sdk) or a baseline
// (baseline-dynamodb, baseline-none, ...).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleColdStartTargets, median, timeOnce } from './cold-start';

const rounds = Number(
  process.argv.find((arg) => arg.startsWith('--rounds='))?.slice('--rounds='.length) ?? 25,
);
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (names.length === 0 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: npx tsx bench/compare-cold-starts.ts [--rounds=25] name...');
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), 'pledge-cold-compare-'));
try {
  const targets = await bundleColdStartTargets(workDir);
  const bundles = new Map<string, { file: string; event: unknown }>();
  for (const target of targets) {
    bundles.set(target.handler, { file: target.ours.file, event: target.event });
    bundles.set(`baseline-${target.clients}`, { file: target.baseline.file, event: target.event });
  }
  const unknown = names.filter((name) => !bundles.has(name));
  if (unknown.length > 0)
    throw new Error(`no bundle named ${unknown.join(', ')}; try one of ${[...bundles.keys()].join(', ')}`);
  const samples = new Map(names.map((name) => [name, [] as number[]]));
  const answers = new Map(names.map((name) => [name, new Set<string>()]));
  for (let round = 0; round < rounds; round++) {
    const order = names.map((name) => ({ name, key: Math.random() })).sort((a, b) => a.key - b.key);
    for (const { name } of order) {
      const bundle = bundles.get(name) as { file: string; event: unknown };
      const { ms, answered } = timeOnce(bundle.file, bundle.event);
      samples.get(name)?.push(ms);
      answers.get(name)?.add(answered);
    }
  }
  console.log(`${rounds} rounds, medians in ms (25th percentile to 75th):`);
  for (const name of names) {
    const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
    const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN).toFixed(1);
    console.log(
      `  ${name.padEnd(24)} ${median(sorted).toFixed(1).padStart(6)}  (${at(0.25)} to ${at(0.75)}), answered ${[...(answers.get(name) ?? [])].join(', ')}`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
