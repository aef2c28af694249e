// Server-given ids: handover ids derived from the Idempotency-Key, and request fingerprints.
import { describe, expect, it } from 'vitest';
import { fingerprint, handoverIdFor, newPledgeId } from '../../shared/domain/identity';

describe('handoverIdFor', () => {
  it('gives the same 32-character id for the same campaign and key', () => {
    const ids = [handoverIdFor('longbien-2018', 'key-0001'), handoverIdFor('longbien-2018', 'key-0001')];

    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it.each([
    ['another campaign', 'longbien-2019', 'key-0001'],
    ['another key', 'longbien-2018', 'key-0002'],
    ['a key that moves the separator', 'longbien-201', '8\nkey-0001'],
  ])('gives a different id for %s', (_, campaignId, key) => {
    expect(handoverIdFor(campaignId, key)).not.toBe(handoverIdFor('longbien-2018', 'key-0001'));
  });
});

describe('fingerprint', () => {
  const request = {
    campaignId: 'longbien-2018',
    organizationId: 'mttq-long-bien',
    category: 'great-unity-house',
    ward: 'Bồ Đề',
    beneficiary: { name: 'Nguyễn Thị A', address: 'Tổ 5' },
    coFunders: ['hoi-phu-nu', 'quan-doan'],
  };

  it('ignores key order at every depth', () => {
    const reordered = {
      coFunders: ['hoi-phu-nu', 'quan-doan'],
      beneficiary: { address: 'Tổ 5', name: 'Nguyễn Thị A' },
      ward: 'Bồ Đề',
      category: 'great-unity-house',
      organizationId: 'mttq-long-bien',
      campaignId: 'longbien-2018',
    };

    expect(fingerprint(reordered)).toBe(fingerprint(request));
  });

  it('ignores undefined values', () => {
    expect(fingerprint({ ...request, note: undefined, valueVnd: undefined })).toBe(fingerprint(request));
  });

  it.each([
    ['a changed ward', { ...request, ward: 'Cự Khối' }],
    ['a changed nested value', { ...request, beneficiary: { name: 'Nguyễn Thị B', address: 'Tổ 5' } }],
    ['a reordered array', { ...request, coFunders: ['quan-doan', 'hoi-phu-nu'] }],
    ['an added field', { ...request, note: 'ghi chú' }],
    ['a number instead of a string', { ...request, ward: 1 }],
    ['a null value', { ...request, note: null }],
  ])('changes with %s', (_, changed) => {
    expect(fingerprint(changed)).not.toBe(fingerprint(request));
  });
});

describe('newPledgeId', () => {
  it('gives 32 lower-case hex characters, different each time', () => {
    const ids = [newPledgeId(), newPledgeId()];

    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
