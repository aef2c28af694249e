// The local runtime's operator endpoint, on loopback with a secret kept in DATA_DIR: wait for the pipeline to be idle, take a backup.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { BackupError, type BackupLine } from './backup';
import { writeFileDurably } from './durable-log';
import { listenOnLoopback } from './eventbridge-standin';

/** Where `npm run backup` (and tests) find the running runtime's operator endpoint; removed on stop. */
export const adminEndpointFile = (dataDir: string) => resolve(dataDir, 'local-admin.json');

export interface AdminEndpointFile {
  url: string;
  secret: string;
  pid: number;
}

export interface AdminEndpoint {
  url: string;
  stop(): Promise<void>;
}

export async function startAdminEndpoint(options: {
  dataDir: string;
  settled(timeoutMs: number): Promise<void>;
  backup(write: (line: BackupLine) => Promise<void>): Promise<unknown>;
  logError: (message: string, error?: unknown) => void;
}): Promise<AdminEndpoint> {
  // Any local user can reach loopback; the backup holds beneficiaries' data, so callers must read this file.
  const secret = randomBytes(32).toString('base64url');
  const authorized = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const expected = Buffer.from(`Bearer ${secret}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized(req)) return json(401, { message: 'Unauthorized' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/settled') {
      const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 60_000);
      try {
        await options.settled(Number.isFinite(timeoutMs) ? timeoutMs : 60_000);
        return json(200, { settled: true });
      } catch (error) {
        return json(503, { settled: false, message: (error as Error).message });
      }
    }
    if (req.method === 'POST' && url.pathname === '/backup') {
      let started = false;
      try {
        await options.backup(async (line) => {
          if (!started) {
            started = true;
            res.writeHead(200, { 'content-type': 'application/x-ndjson' });
          }
          if (!res.write(`${JSON.stringify(line)}\n`)) {
            await new Promise<void>((done) => res.once('drain', () => done()));
          }
        });
        res.end();
      } catch (error) {
        if (started) {
          // The end line is missing, so the file is recognisably incomplete.
          options.logError('Backup failed midway:', error);
          res.destroy();
          return;
        }
        if (error instanceof BackupError) return json(503, { message: error.message });
        throw error;
      }
      return;
    }
    json(404, { message: 'Not found' });
  }

  const server: Server = createServer((req, res) => {
    req.resume();
    handle(req, res).catch((error) => {
      options.logError('Operator endpoint error:', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server, 0);
  const url = `http://127.0.0.1:${port}`;
  const file = adminEndpointFile(options.dataDir);
  writeFileDurably(
    file,
    `${JSON.stringify({ url, secret, pid: process.pid } satisfies AdminEndpointFile)}\n`,
    0o600,
  );
  return {
    url,
    async stop() {
      rmSync(file, { force: true });
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
    },
  };
}
