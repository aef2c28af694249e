// The response header that names a request, declared once: the handlers set it, CORS exposes it, the stack reads it.

/**
 * Carries API Gateway's request id (the access log's `requestId`, the logs' `api_request_id`), so that a
 * caller reporting a problem can name the request. API Gateway adds its own `apigw-requestid` as well; this
 * one is under our control and exposed to pages on allowed origins (shared/http/cors.ts).
 */
export const requestIdHeader = 'x-request-id';
