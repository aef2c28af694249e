// What leadership reads when a pledge is exceeded: the message in Vietnamese then English, and an ASCII subject.
import { describe, expect, it } from 'vitest';
import {
  type ExceededPledgeFacts,
  exceededMessage,
  exceededSubject,
} from '../../shared/domain/notification-text';

const greatUnityHouses: ExceededPledgeFacts = {
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 15,
  delivered: 29,
  surplus: 14,
};

const printableAscii = /^[\x20-\x7e]*$/;

describe('the exceeded-pledge notification', () => {
  it('tells of the Long Biên great-unity houses (29 of 15, surplus 14) in Vietnamese, then English', () => {
    const message = exceededMessage(greatUnityHouses);

    expect(message).toEqual({
      vi: 'Ủy ban MTTQ quận đã bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký 15).',
      en: 'Ủy ban MTTQ quận has handed over 29 great-unity houses (14 houses more than the 15 pledged).',
    });
  });

  it.each<{ facts: ExceededPledgeFacts; vi: string; en: string }>([
    {
      facts: {
        organizationName: 'Hội Liên hiệp Phụ nữ quận',
        category: 'love-shelter',
        target: 1,
        delivered: 4,
        surplus: 3,
      },
      vi: 'Hội Liên hiệp Phụ nữ quận đã bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký 01).',
      en: 'Hội Liên hiệp Phụ nữ quận has handed over 04 “love shelters” (03 shelters more than the 01 pledged).',
    },
    {
      facts: {
        organizationName: 'Hội Cựu chiến binh quận',
        category: 'comradeship-house',
        target: 1,
        delivered: 2,
        surplus: 1,
      },
      vi: 'Hội Cựu chiến binh quận đã bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký 01).',
      en: 'Hội Cựu chiến binh quận has handed over 02 comradeship houses (01 house more than the 01 pledged).',
    },
    {
      facts: {
        organizationName: 'Quận đoàn',
        category: 'house-support',
        target: 2,
        delivered: 3,
        surplus: 1,
      },
      vi: 'Quận đoàn đã hỗ trợ, cải tạo 03 nhà ở cho hộ nghèo (vượt 01 nhà so với đăng ký 02).',
      en: 'Quận đoàn has supported or renovated 03 houses of poor households (01 house more than the 02 pledged).',
    },
  ])('words $facts.category with its own verb, noun and unit', ({ facts, vi, en }) => {
    const message = exceededMessage(facts);

    expect(message).toEqual({ vi, en });
  });

  it('has an ASCII subject with the diacritics folded away, đ written as d', () => {
    const subject = exceededSubject(greatUnityHouses);

    expect(subject).toBe('Vuot dang ky / Pledge exceeded: Uy ban MTTQ quan');
    expect(subject).toMatch(printableAscii);
  });

  it.each<{ name: string; expected: string }>([
    { name: 'Đoàn phường Đức Giang', expected: 'Vuot dang ky / Pledge exceeded: Doan phuong Duc Giang' },
    {
      name: 'Ủy ban MTTQ quận'.normalize('NFD'),
      expected: 'Vuot dang ky / Pledge exceeded: Uy ban MTTQ quan',
    },
    {
      name: 'Công ty “Hòa Bình” chi nhánh Việt Hưng',
      expected: 'Vuot dang ky / Pledge exceeded: Cong ty Hoa Binh chi nhanh Viet Hung',
    },
  ])('folds "$name" into a printable ASCII subject', ({ name, expected }) => {
    const subject = exceededSubject({ ...greatUnityHouses, organizationName: name });

    expect([subject, printableAscii.test(subject)]).toEqual([expected, true]);
  });

  it('keeps the subject under the 100 characters SNS allows, however long the organization name', () => {
    const organizationName = `Liên đoàn Lao động quận Long Biên ${'và các công đoàn cơ sở '.repeat(8)}`;

    const subject = exceededSubject({ ...greatUnityHouses, organizationName });

    expect({
      length: subject.length,
      ascii: printableAscii.test(subject),
      start: subject.slice(0, 60),
    }).toEqual({
      length: 99,
      ascii: true,
      start: 'Vuot dang ky / Pledge exceeded: Lien doan Lao dong quan Long',
    });
  });
});
