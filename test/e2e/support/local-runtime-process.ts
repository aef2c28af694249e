// Runs `npm start` and `npm run token` as real child processes, with the commands of package.json's scripts.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** `npx tsx` without npx's start-up cost. */
const tsxCli = fileURLToPath(new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url));

/**
 * The arguments for this Node binary that run a package.json script, read from the file so the tests and
 * `npm start` cannot drift apart (the early-launch preload included); without npm's own start-up cost.
 * Only `node …` and `tsx …` scripts of plain words are understood; anything else fails here, loudly.
 */
export function scriptArguments(name: 'start' | 'token' | 'backup' | 'restore'): string[] {
  const packageJson = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = packageJson.scripts[name] ?? '';
  if (!/^[\w./@=-]+( [\w./@=-]+)*$/.test(script))
    throw new Error(`package.json scripts.${name} is not a plain command this helper can run: ${script}`);
  const [command, ...args] = script.split(' ');
  if (command === 'node') return args;
  if (command === 'tsx') return [tsxCli, ...args];
  throw new Error(`package.json scripts.${name} runs ${command}, not node or tsx: ${script}`);
}

export interface RuntimeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnStart(options: {
  dataDir: string;
  port: number;
  args?: string[];
  env?: Record<string, string>;
}): StartedProcess {
  // As `npm start -- <args>`.
  const child = spawn(process.execPath, [...scriptArguments('start'), ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...process.env, ...options.env, PORT: String(options.port), DATA_DIR: options.dataDir },
    // Its own process group, so cleanup can reach every descendant if a test fails midway.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function startRuntimeProcess(options: {
  dataDir: string;
  port: number;
  args?: string[];
}): Promise<RuntimeProcess> {
  const process_ = spawnStart(options);
  const { child, output, exited } = process_;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No Ready: line within 90 s:\n${output()}`)), 90_000);
    const check = () => {
      const ready = /Ready: (\S+)/.exec(output());
      if (!ready) return;
      clearTimeout(timer);
      resolve(ready[1] as string);
    };
    child.stdout?.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before Ready:\n${output()}`));
    });
  });
  return {
    child,
    url,
    output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Last resort in afterAll: SIGKILL whatever is left of the process group. */
export function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Command lines of running processes that mention the path (the java child carries `-dbPath <dataDir>/...`). */
export function processesMentioning(path: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(path));
}

/** Pids and command lines of every process below `pid`. */
export function descendantsOf(pid: number): { pid: number; args: string }[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] as string }));
  const found: { pid: number; args: string }[] = [];
  const walk = (parent: number) => {
    for (const row of table.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, args: row.args });
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function tokenFromCli(
  dataDir: string,
  ...args: string[]
): { status: number; stdout: string; stderr: string } {
  try {
    // As `npm run --silent token -- <args>`.
    const stdout = execFileSync(process.execPath, [...scriptArguments('token'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const failure = error as { status: number; stdout: string; stderr: string };
    return { status: failure.status, stdout: failure.stdout, stderr: failure.stderr };
  }
}
