// HTTP responses in the API's one error shape and JSON bodies; the only place codes become statuses.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, type ErrorCode, type ErrorDetail, PossibleDuplicateError } from '../domain/errors';

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export const statusOf: Record<ErrorCode, number> = {
  malformed_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  possible_duplicate: 409,
  reason_required: 422,
  too_many_rows: 422,
  internal: 500,
};

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...jsonHeaders, ...headers }, body: JSON.stringify(body) };
}

/** 204: done, nothing to say (a DELETE). */
export function noContent(): HttpResult {
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
}

export function text(
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
) {
  return { statusCode, headers: { 'content-type': contentType, ...headers }, body } satisfies HttpResult;
}

export function errorResponse(code: ErrorCode, message: string, details?: ErrorDetail[]): HttpResult {
  return json(statusOf[code], { error: { code, message, ...(details?.length ? { details } : {}) } });
}

/** Unknown errors become a generic 500: their message may hold internals or personal data. */
export function responseForError(error: unknown): HttpResult {
  if (error instanceof PossibleDuplicateError) {
    return json(statusOf[error.code], {
      error: { code: error.code, message: error.message, duplicateOf: error.duplicateOf },
    });
  }
  if (error instanceof DomainError) return errorResponse(error.code, error.message, error.details);
  return errorResponse('internal', 'Internal error');
}

/** HTTP API passes a binary body only base64-encoded, flagged with `isBase64Encoded`. */
export function binary(
  statusCode: number,
  body: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': contentType, ...headers },
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}
