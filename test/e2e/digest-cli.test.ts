// `npm run digest -- --campaign <id>` as a user runs it (#15): a clear message and exit code for bad usage and
// for a campaign that does not exist, against a DATA_DIR with no runtime serving it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/settings';

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-digest-cli-'));

function digest(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'infra/local/digest-cli.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run digest', () => {
  it('explains its usage and exits 2 without a campaign', async () => {
    const run = await digest();

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'usage: npm run digest -- --campaign <campaignId>   (env: DATA_DIR, default .data/)\n',
    });
  });

  it('says the campaign was not found and exits 3, sending nothing', async () => {
    const run = await digest('--campaign', 'khong-co-dot-nay');

    expect(run).toEqual({ code: 3, stdout: '', stderr: 'Campaign khong-co-dot-nay was not found\n' });
  });
});
