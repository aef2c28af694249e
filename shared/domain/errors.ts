// Errors that carry meaning: each has a stable API code; the HTTP edge maps codes to statuses once.
export const errorCodes = [
  'malformed_json',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'idempotency_key_reused',
  'possible_duplicate',
  'reason_required',
  'too_many_rows',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(details: ErrorDetail[], message = 'The request is not valid') {
    super('validation_failed', message, details);
  }
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }], `${path}: ${message}`);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} was not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You may not do this') {
    super('forbidden', message);
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body');
  }
}

/** A match of a likely duplicate, as the 409 names it: the beneficiary only to those who may see it. */
export interface DuplicateOf {
  handoverId: string;
  campaignId: string;
  beneficiaryName?: string;
}

/** The same household (name, ward, category) was already recorded: refused unless confirmed with a reason. */
export class PossibleDuplicateError extends DomainError {
  constructor(readonly duplicateOf: DuplicateOf) {
    super(
      'possible_duplicate',
      `Handover ${duplicateOf.handoverId} of campaign ${duplicateOf.campaignId} was recorded for the same household ` +
        '(name, ward and category); to record this one too, send duplicateConfirmation with a reason',
    );
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The pledge a handover was about to credit changed meanwhile (registered or withdrawn): read again. */
export class StaleCreditError extends Error {
  constructor() {
    super('The active pledge changed while the handover was being recorded');
    this.name = 'StaleCreditError';
  }
}
