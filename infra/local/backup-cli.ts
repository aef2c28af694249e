// `npm run backup -- [file]`: asks the running local runtime for a consistent export of every table and the pipeline's records.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type AdminEndpointFile, adminEndpointFile } from './admin-endpoint';
import { resolveDataDir } from './settings';

const usage = 'usage: npm run backup -- [file]   (default pledge-tracker-backup-<time>.jsonl; env: DATA_DIR)';

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args[0]?.startsWith('-')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const dataDir = resolveDataDir();
  const file = resolve(
    args[0] ?? `pledge-tracker-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`,
  );
  let admin: AdminEndpointFile;
  try {
    admin = JSON.parse(readFileSync(adminEndpointFile(dataDir), 'utf8')) as AdminEndpointFile;
  } catch {
    process.stderr.write(
      `The local runtime is not running on DATA_DIR ${dataDir}: start it (npm start); a backup is taken while it runs.\n`,
    );
    return 1;
  }
  let response: Response;
  try {
    response = await fetch(`${admin.url}/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.secret}` },
    });
  } catch (error) {
    process.stderr.write(`Cannot reach the local runtime at ${admin.url}: ${(error as Error).message}\n`);
    return 1;
  }
  if (!response.ok || !response.body) {
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    process.stderr.write(`Backup refused: ${answer.message ?? `HTTP ${response.status}`}\n`);
    return 1;
  }
  const partial = `${file}.partial`;
  const out = await open(partial, 'w', 0o600);
  let tail = '';
  try {
    for await (const chunk of response.body) {
      const bytes = Buffer.from(chunk as Uint8Array);
      await out.write(bytes);
      tail = (tail + bytes.toString('utf8')).slice(-4096);
    }
    await out.sync();
  } catch (error) {
    await out.close();
    rmSync(partial, { force: true });
    process.stderr.write(`The backup was cut short: ${(error as Error).message}\n`);
    return 1;
  }
  await out.close();
  const last = tail.trimEnd().split('\n').at(-1) ?? '';
  let end: { end?: boolean; counts?: Record<string, number> } = {};
  try {
    end = JSON.parse(last);
  } catch {}
  if (end.end !== true) {
    rmSync(partial, { force: true });
    process.stderr.write('The backup was cut short (no end line); nothing was written.\n');
    return 1;
  }
  renameSync(partial, file);
  const counts = Object.entries(end.counts ?? {})
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  process.stdout.write(`Backup written to ${file} (${counts})\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
