// What use cases are given: repositories and a clock, chosen by shared/container.ts or by a test.
import type {
  AuditTrail,
  Clock,
  HandoverRepository,
  LedgerRepository,
  NotificationRepository,
  StaffDirectory,
} from '../ports';

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

/** The feed needs the ledger too: an unknown campaign is a 404, as on every campaign route. */
export interface FeedDeps extends LedgerDeps {
  notifications: NotificationRepository;
}

/** User administration: accounts in the identity provider, and the trail that records who changed them. */
export interface StaffDeps {
  staff: StaffDirectory;
  audit: AuditTrail;
  clock: Clock;
}

/** Lists answer at most this many items a page. */
export const pageSize = 100;
