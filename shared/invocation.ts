// The current Lambda invocation's deadline, kept per async context so that a wait deep in an adapter can respect it.
import { AsyncLocalStorage } from 'node:async_hooks';

const deadlines = new AsyncLocalStorage<number>();

/** The part of the Lambda context this needs; a script or a test can give its own. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** Runs `fn` with the invocation's deadline (now plus the time the context says is left) in scope. */
export function runInInvocation<T>(context: InvocationContext, fn: () => T): T {
  return deadlines.run(Date.now() + context.getRemainingTimeInMillis(), fn);
}

/** Milliseconds until the current invocation's deadline; undefined outside an invocation (a script, a test). */
export function timeLeftMs(): number | undefined {
  const deadline = deadlines.getStore();
  return deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
}
