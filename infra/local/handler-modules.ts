// Imports `functions/<name>.ts` on first use and builds its handler with the runtime's deps, like a warm Lambda
// container: `makeHandler(deps)` instead of the module's own `handler`, which would read process.env.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Deps } from '../../shared/container';
import type { IdentityConfig } from '../../shared/dashboard/identity-config';
import type { SheetReader } from '../../shared/domain/sheet';
import type { OfficialDocumentWriter, WorkbookWriter } from '../../shared/ports';
import { repoRoot } from './settings';

// biome-ignore lint/suspicious/noExplicitAny: each caller narrows the handler to its event type.
export type AnyLambdaHandler = (event: any, context: any) => unknown;

/** What the local runtime gives every handler module: all adapters, as one process holds them. */
export type LocalDeps = Deps & {
  workbook: WorkbookWriter;
  officialDocument: OfficialDocumentWriter;
  sheets: SheetReader;
  identity?: IdentityConfig;
  claimLeaseMs?: number;
};

/** The module is missing or does not load: callers wait for it rather than count a failed invocation. */
export class HandlerUnavailableError extends Error {
  readonly code = 'local.handlerUnavailable';
}

export type HandlerLoader = (name: string) => Promise<AnyLambdaHandler>;

/** One per runtime: each handler is built once from `deps`. A failed import is retried on the next call. */
export function createHandlerLoader(deps: LocalDeps): HandlerLoader {
  const handlers = new Map<string, Promise<AnyLambdaHandler>>();
  return (name) => {
    let loading = handlers.get(name);
    if (!loading) {
      loading = buildHandler(name, deps);
      handlers.set(name, loading);
      loading.catch(() => handlers.delete(name));
    }
    return loading;
  };
}

async function buildHandler(name: string, deps: LocalDeps): Promise<AnyLambdaHandler> {
  const file = join(repoRoot, 'functions', `${name}.ts`);
  if (!existsSync(file)) throw new HandlerUnavailableError(`functions/${name}.ts does not exist (yet)`);
  let module: { makeHandler?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { makeHandler?: unknown };
  } catch (error) {
    throw new HandlerUnavailableError(`functions/${name}.ts does not load: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof module.makeHandler !== 'function') {
    throw new HandlerUnavailableError(`functions/${name}.ts does not export makeHandler(deps)`);
  }
  return module.makeHandler(deps) as AnyLambdaHandler;
}
