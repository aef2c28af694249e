// `npm run test:each [-- folders or files]`: every test file in a vitest process of its own, one after another,
// so a file that passes only after another one (an order dependency, a shared seed) fails here by name.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const vitestCli = join(repoRoot, 'node_modules/vitest/vitest.mjs');

/** The *.test.ts files under the given folders (or the files themselves), repo-relative and sorted. */
function testFiles(targets: string[]): string[] {
  const found = new Set<string>();
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (path.endsWith('.test.ts')) {
      found.add(relative(repoRoot, path));
    }
  };
  for (const target of targets) visit(resolve(repoRoot, target));
  return [...found].sort();
}

interface Outcome {
  file: string;
  passed: boolean;
  summary: string;
  output: string;
}

/** Vitest's JSON report, as far as this script reads it. */
interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; status: string }[];
}

function runAlone(file: string, reportPath: string): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [vitestCli, 'run', file, '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('close', (code, signal) => {
      let report: Report | undefined;
      try {
        report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
      } catch {
        // No report: vitest failed before running anything; its output says why.
      }
      // The filter is a substring of paths: make sure it ran this one file and nothing else.
      const ranOnlyThis =
        report?.testResults.length === 1 && relative(repoRoot, report.testResults[0]?.name ?? '') === file;
      const summary = report
        ? `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`
        : `no report (exit ${code ?? signal})`;
      done({
        file,
        passed: code === 0 && ranOnlyThis,
        summary: ranOnlyThis || !report ? summary : `${summary}; ran ${report.testResults.length} files`,
        output,
      });
    });
  });
}

const targets = process.argv.slice(2);
const files = testFiles(targets.length > 0 ? targets : ['test']);
const workDir = mkdtempSync(join(tmpdir(), 'test-each-'));
const outcomes: Outcome[] = [];
try {
  for (const [i, file] of files.entries()) {
    const outcome = await runAlone(file, join(workDir, `${i}.json`));
    outcomes.push(outcome);
    console.log(`${outcome.passed ? 'pass' : 'FAIL'}  ${file}  (${outcome.summary})`);
    if (!outcome.passed) console.log(outcome.output.trimEnd().split('\n').slice(-80).join('\n'));
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

const failed = outcomes.filter((o) => !o.passed);
console.log(`\n${files.length - failed.length} passed, ${failed.length} failed (files, each run alone)`);
for (const outcome of failed) console.log(`  failed alone: ${outcome.file}`);
process.exitCode = failed.length > 0 || files.length === 0 ? 1 : 0;
