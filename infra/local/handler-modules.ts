// Imports `functions/<name>.ts` on first use and keeps its handler, like a warm Lambda container.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './settings';

// biome-ignore lint/suspicious/noExplicitAny: each caller narrows the handler to its event type.
export type AnyLambdaHandler = (event: any, context: any) => unknown;

/** The module is missing or does not load: callers wait for it rather than count a failed invocation. */
export class HandlerUnavailableError extends Error {
  readonly code = 'local.handlerUnavailable';
}

const handlerCache = new Map<string, Promise<AnyLambdaHandler>>();

/** A failed import is forgotten, so it is retried on the next call (a handler being written, say). */
export function loadHandler(name: string): Promise<AnyLambdaHandler> {
  let loading = handlerCache.get(name);
  if (!loading) {
    loading = (async () => {
      const file = join(repoRoot, 'functions', `${name}.ts`);
      if (!existsSync(file)) throw new HandlerUnavailableError(`functions/${name}.ts does not exist (yet)`);
      let module: { handler?: unknown };
      try {
        module = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      } catch (error) {
        throw new HandlerUnavailableError(`functions/${name}.ts does not load: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (typeof module.handler !== 'function') {
        throw new HandlerUnavailableError(`functions/${name}.ts does not export a handler function`);
      }
      return module.handler as AnyLambdaHandler;
    })();
    handlerCache.set(name, loading);
    loading.catch(() => handlerCache.delete(name));
  }
  return loading;
}
