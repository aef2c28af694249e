// The condition every write to a campaign carries, in its own transaction: the campaign is not closed.
import { CampaignClosedError } from '../domain/errors';
import { keys } from '../tables';
import type { CancellationReason, TransactItem } from './dynamo-transaction';

/**
 * Checked on the campaign item in the same transaction as the write, never read first: a write that
 * commits saw the campaign open at its commit, and closing (an update of that item) cannot slip between
 * a read and the write. A campaign that does not exist passes; the callers refuse that earlier, as 404.
 */
export function campaignOpenCheck(ledgerTableName: string, campaignId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: ledgerTableName,
      Key: keys.campaign(campaignId),
      ConditionExpression: 'attribute_not_exists(closedAt)',
    },
  };
}

/** Throws CampaignClosedError when the check (the transaction's last item) is what cancelled it. */
export function throwIfClosed(reasons: CancellationReason[], campaignId: string): void {
  if (reasons[reasons.length - 1]?.conditionFailed) throw new CampaignClosedError(campaignId);
}
