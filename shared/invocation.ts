// The current Lambda invocation's deadline and request ids, kept per async context so that a wait deep in an
// adapter can respect the deadline and every log line names its request, even when the local runtime runs
// several invocations at once in one process.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What identifies one request: Lambda's request id and, for an HTTP route, API Gateway's. */
export interface RequestIds {
  /** `context.awsRequestId`: Lambda's REPORT line and its own log lines carry it too. */
  functionRequestId?: string;
  /** `requestContext.requestId` of an HTTP API event: the access log's `requestId`, sent back as `x-request-id`. */
  apiRequestId?: string;
}

interface Invocation extends RequestIds {
  deadline: number;
}

const invocations = new AsyncLocalStorage<Invocation>();

/** The part of the Lambda context this needs; a script or a test can give its own. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

/**
 * Runs `fn` with the invocation's deadline (now plus the time the context says is left) and its request ids
 * in scope: Lambda's from the context, API Gateway's when the caller passes it.
 */
export function runInInvocation<T>(
  context: InvocationContext,
  fn: () => T,
  ids: Pick<RequestIds, 'apiRequestId'> = {},
): T {
  return invocations.run(
    {
      deadline: Date.now() + context.getRemainingTimeInMillis(),
      ...(context.awsRequestId ? { functionRequestId: context.awsRequestId } : {}),
      ...(ids.apiRequestId ? { apiRequestId: ids.apiRequestId } : {}),
    },
    fn,
  );
}

/** Milliseconds until the current invocation's deadline; undefined outside an invocation (a script, a test). */
export function timeLeftMs(): number | undefined {
  const invocation = invocations.getStore();
  return invocation === undefined ? undefined : Math.max(0, invocation.deadline - Date.now());
}

/** The current invocation's request ids; empty outside an invocation. */
export function currentRequestIds(): RequestIds {
  const invocation = invocations.getStore();
  if (!invocation) return {};
  const { deadline: _deadline, ...ids } = invocation;
  return ids;
}
