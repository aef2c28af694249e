// npx tsx bench/profile.ts [requests] [connections] [--no-profile]: CPU time per handover, and a CPU profile of the local runtime's Node process
// (gateway, JWT check, handler) while it records handovers; prints where its time goes, by package and
// by function, and leaves the .cpuprofile (open it in Chrome's DevTools) in a temporary folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { issueToken, loadSigningKey } from '../infra/local/tokens';

const requests = Number(process.argv[2] ?? 2000);
const connections = Number(process.argv[3] ?? 1);
// Without the profiler, the CPU per handover is what the runtime spends when nothing watches it.
const profiling = !process.argv.includes('--no-profile');
const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'pledge-profile-'));
const profileDir = join(dataDir, 'profile');
const today = new Date().toISOString().slice(0, 10);
const year = today.slice(0, 4);

const child = spawn(
  process.execPath,
  [
    ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    join(root, 'bench/serve.ts'),
    dataDir,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// Should setup fail, the runtime (and its java) stops with us.
process.once('exit', () => child.kill());
const { url } = await new Promise<{ url: string }>((resolve, reject) => {
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve(JSON.parse(line));
  });
  child.once('exit', (code) => reject(new Error(`serve.ts exited with ${code}`)));
});

const token = await issueToken(await loadSigningKey(dataDir), { role: 'front-committee' });
const post = async (path: string, body: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
};
const campaignId = `profile-${year}`;
await post('/v1/organizations', { id: 'profile-org', name: 'Đơn vị', kind: 'other' });
await post('/v1/campaigns', {
  id: campaignId,
  name: 'Hồ sơ',
  startsOn: `${year}-01-01`,
  endsOn: `${year}-12-31`,
  wards: ['Bồ Đề', 'Gia Thụy'],
});
await post(`/v1/campaigns/${campaignId}/pledges`, {
  organizationId: 'profile-org',
  category: 'great-unity-house',
  target: 15,
});

// CPU seconds of the runtime's Node process and of its DynamoDB Local (java) child, from /proc: unlike
// wall time, CPU per request depends much less on what else the machine runs, and one core's worth of it is the
// most a single Node process can serve.
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const childPids = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
const javaPid = childPids(child.pid ?? 0).find(
  (pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'java',
);
const cpuBefore = { node: cpuSeconds(child.pid ?? 0), java: javaPid ? cpuSeconds(javaPid) : 0 };

let i = 0;
const result = await autocannon({
  url: `${url}/v1/campaigns/${campaignId}/handovers`,
  method: 'POST',
  connections,
  amount: requests,
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, 'idempotency-key': `profile-${i++}` },
        body: JSON.stringify({
          organizationId: 'profile-org',
          category: 'great-unity-house',
          ward: i % 2 ? 'Bồ Đề' : 'Gia Thụy',
          handedOverOn: today,
        }),
      }),
    },
  ],
});
console.log(
  `${result['2xx']} handovers, ${result.non2xx} non-2xx; p50 ${result.latency.p50} ms, ${result.requests.average} per second`,
);
const perRequestMs = (before: number, after: number) => (((after - before) * 1000) / requests).toFixed(2);
console.log(
  `CPU per handover: runtime (node) ${perRequestMs(cpuBefore.node, cpuSeconds(child.pid ?? 0))} ms, ` +
    `DynamoDB Local (java) ${javaPid ? perRequestMs(cpuBefore.java, cpuSeconds(javaPid)) : '?'} ms; ` +
    `runtime peak RSS ${readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1]} kB`,
);
await new Promise<void>((resolve) => {
  child.once('exit', () => resolve());
  child.kill('SIGTERM');
});

// ---- summary ----
if (!profiling) process.exit(0);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
// The main thread's profile: tsx's module hooks run in a second thread, with a profile of their own.
const file = join(
  profileDir,
  readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()[0] as string,
);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const [k, id] of profile.samples.entries()) {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000);
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const where = (u: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1] as string;
  if (u.startsWith('node:')) return u;
  if (u.includes(root)) return u.slice(u.indexOf(root) + root.length).replace(/\/[^/]+$/, '/');
  return u || '(native/gc/idle)';
};
const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const packages = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, ms] of self) {
  const node = byId.get(id) as ProfileNode;
  const { functionName, url: u, lineNumber } = node.callFrame;
  add(packages, where(u), ms);
  add(
    functions,
    `${functionName || '(anonymous)'} ${u.replace(root, '').replace(/^file:\/\//, '')}:${lineNumber + 1}`,
    ms,
  );
}
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, ms]) => `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`,
    )
    .join('\n');
console.log(
  `\nSelf time by package (${total.toFixed(0)} ms sampled, ${requests} requests):\n${top(packages, 25)}`,
);
console.log(`\nSelf time by function:\n${top(functions, 40)}`);
console.log(`\nprofile: ${file}`);
