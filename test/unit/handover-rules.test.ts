// What makes a handover acceptable for a campaign: known organizations, a campaign ward, a date inside it.
import { describe, expect, it } from 'vitest';
import { type HandoverFacts, handoverProblems } from '../../shared/domain/handover-rules';
import type { Campaign } from '../../shared/domain/model';

const campaign: Campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề', 'Cự Khối'],
  createdAt: '2018-01-01T00:00:00.000Z',
};
const known = new Set(['mttq-long-bien', 'hoi-phu-nu']);
const today = '2018-06-01';
const valid: HandoverFacts = { organizationId: 'mttq-long-bien', ward: 'Bồ Đề', handedOverOn: '2018-05-19' };

describe('handoverProblems', () => {
  it.each<{ case: string; facts: HandoverFacts; expected: { path: string; message: string }[] }>([
    { case: 'a valid handover', facts: valid, expected: [] },
    {
      case: 'a valid co-funded handover on the first day',
      facts: { ...valid, coFunders: ['hoi-phu-nu'], handedOverOn: '2018-01-01' },
      expected: [],
    },
    {
      case: 'a handover made today',
      facts: { ...valid, handedOverOn: today },
      expected: [],
    },
    {
      case: 'an unknown organization',
      facts: { ...valid, organizationId: 'hoi-khong-co' },
      expected: [{ path: 'organizationId', message: 'unknown organization hoi-khong-co' }],
    },
    {
      case: 'a co-funder that is the recording organization',
      facts: { ...valid, coFunders: ['hoi-phu-nu', 'mttq-long-bien'] },
      expected: [{ path: 'coFunders.1', message: 'is the recording organization itself' }],
    },
    {
      case: 'an unknown co-funder',
      facts: { ...valid, coFunders: ['doanh-nghiep-x'] },
      expected: [{ path: 'coFunders.0', message: 'unknown organization doanh-nghiep-x' }],
    },
    {
      case: 'a ward not in the campaign',
      facts: { ...valid, ward: 'Ngọc Lâm' },
      expected: [{ path: 'ward', message: 'is not a ward of campaign longbien-2018' }],
    },
    {
      case: 'a date before the campaign starts',
      facts: { ...valid, handedOverOn: '2017-12-31' },
      expected: [{ path: 'handedOverOn', message: 'must be within the campaign, 2018-01-01 to 2018-12-31' }],
    },
    {
      case: 'a date after the campaign ends',
      facts: { ...valid, handedOverOn: '2019-01-01' },
      expected: [{ path: 'handedOverOn', message: 'must be within the campaign, 2018-01-01 to 2018-12-31' }],
    },
    {
      case: 'a date inside the campaign but after today',
      facts: { ...valid, handedOverOn: '2018-06-02' },
      expected: [{ path: 'handedOverOn', message: 'must not be in the future' }],
    },
    {
      case: 'several problems at once',
      facts: { organizationId: 'hoi-khong-co', ward: 'Ngọc Lâm', handedOverOn: '2018-07-01' },
      expected: [
        { path: 'organizationId', message: 'unknown organization hoi-khong-co' },
        { path: 'ward', message: 'is not a ward of campaign longbien-2018' },
        { path: 'handedOverOn', message: 'must not be in the future' },
      ],
    },
  ])('finds $expected.length problem(s) in $case', ({ facts, expected }) => {
    const problems = handoverProblems(campaign, facts, known, today);

    expect(problems).toEqual(expected);
  });
});
