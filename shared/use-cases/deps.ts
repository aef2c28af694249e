// What use cases are given: repositories and a clock, chosen by shared/container.ts or by a test.
import type { AuditTrail, Clock, HandoverRepository, LedgerRepository } from '../ports';

export interface LedgerDeps {
  ledger: LedgerRepository;
  clock: Clock;
}

export interface HandoverDeps extends LedgerDeps {
  handovers: HandoverRepository;
}

export interface AuditDeps extends LedgerDeps {
  audit: AuditTrail;
}

/** Lists answer at most this many items a page. */
export const pageSize = 100;
