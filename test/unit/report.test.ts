// The year-end report's wording (DESIGN.md section 4) and its CSV form.
import { describe, expect, it } from 'vitest';
import type { Category } from '../../shared/domain/categories';
import type { CampaignSnapshot } from '../../shared/domain/model';
import { computeProgress } from '../../shared/domain/progress';
import {
  byteOrderMark,
  categoryClause,
  formatCount,
  renderReportCsv,
  renderReportText,
} from '../../shared/domain/report';

describe('formatCount', () => {
  it.each([
    [0, '00'],
    [1, '01'],
    [4, '04'],
    [29, '29'],
    [100, '100'],
    [1000, '1000'],
  ])('writes %i as %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('categoryClause', () => {
  it.each<{ category: Category; pledged: number; delivered: number; vi: string; en: string }>([
    {
      category: 'great-unity-house',
      pledged: 15,
      delivered: 29,
      vi: 'bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký)',
      en: 'handed over 29 great-unity houses (14 houses more than pledged)',
    },
    {
      category: 'love-shelter',
      pledged: 1,
      delivered: 4,
      vi: 'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký)',
      en: 'handed over 04 “love shelters” (03 shelters more than pledged)',
    },
    {
      category: 'comradeship-house',
      pledged: 1,
      delivered: 2,
      vi: 'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký)',
      en: 'handed over 02 comradeship houses (01 house more than pledged)',
    },
    {
      category: 'house-support',
      pledged: 2,
      delivered: 2,
      vi: 'hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo',
      en: 'supported or renovated 02 houses of poor households',
    },
    {
      category: 'cultural-center',
      pledged: 1,
      delivered: 1,
      vi: 'bàn giao 01 điểm sinh hoạt văn hóa công nhân',
      en: "handed over 01 workers' cultural center",
    },
    {
      category: 'great-unity-house',
      pledged: 5,
      delivered: 3,
      vi: 'bàn giao 03 nhà đại đoàn kết',
      en: 'handed over 03 great-unity houses',
    },
  ])(
    'words $delivered $category of $pledged pledged as the seed report does',
    ({ category, pledged, delivered, vi, en }) => {
      const clauses = {
        vi: categoryClause({ category, pledged, delivered }, 'vi'),
        en: categoryClause({ category, pledged, delivered }, 'en'),
      };

      expect(clauses).toEqual({ vi, en });
    },
  );
});

// The Long Biên figures of DESIGN.md section 2: pledged 15/1/1/2/1, handed over 29/4/2/2/1.
const campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề', 'Cự Khối'],
  createdAt: '2018-01-01T00:00:00.000Z',
};

const seedPledges: [string, string, string, Category, number, number][] = [
  ['pledgemttq00001', 'mttq-long-bien', 'Ủy ban MTTQ quận', 'great-unity-house', 15, 29],
  ['pledgewomen0001', 'hoi-phu-nu', 'Hội Liên hiệp Phụ nữ quận', 'love-shelter', 1, 4],
  ['pledgeveteran01', 'hoi-ccb', 'Hội Cựu chiến binh quận', 'comradeship-house', 1, 2],
  ['pledgeyouth0001', 'quan-doan', 'Quận đoàn', 'house-support', 2, 2],
  ['pledgelabor0001', 'ldld', 'Liên đoàn Lao động quận', 'cultural-center', 1, 1],
];

function longBienProgress(options: { deliveredOf?: Partial<Record<Category, number>> } = {}) {
  const snapshot: CampaignSnapshot = {
    campaign,
    pledges: seedPledges.map(([id, organizationId, organizationName, category, target, delivered]) => ({
      id,
      campaignId: campaign.id,
      organizationId,
      organizationName,
      category,
      target,
      delivered: options.deliveredOf?.[category] ?? delivered,
      state: 'active',
      createdAt: '2018-01-02T00:00:00.000Z',
      updatedAt: '2018-01-02T00:00:00.000Z',
    })),
    categoryTotals: seedPledges.map(([, , , category, , delivered]) => ({
      category,
      delivered: options.deliveredOf?.[category] ?? delivered,
    })),
    wardTotals: [],
  };
  return computeProgress(snapshot, new Date('2019-01-10T02:00:00.000Z'));
}

describe('renderReportText', () => {
  it('writes the Long Biên results in Vietnamese, one clause per category in catalog order', () => {
    const progress = longBienProgress();

    const text = renderReportText(campaign, progress, 'vi');

    expect(text).toBe(
      [
        'BÁO CÁO KẾT QUẢ: Chào mừng 15 năm thành lập quận Long Biên',
        'Thời gian: 01/01/2018 – 31/12/2018',
        '',
        'Kết quả: bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
          'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký); ' +
          'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký); ' +
          'bàn giao 01 điểm sinh hoạt văn hóa công nhân; ' +
          'hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo.',
        'Trong đó 00/38 công trình đã được xác minh.',
        '',
        'Theo đơn vị đăng ký:',
        '- Ủy ban MTTQ quận: đăng ký 15 nhà đại đoàn kết, đã thực hiện 29 (vượt 14)',
        '- Hội Liên hiệp Phụ nữ quận: đăng ký 01 “mái ấm tình thương”, đã thực hiện 04 (vượt 03)',
        '- Hội Cựu chiến binh quận: đăng ký 01 nhà nghĩa tình đồng đội, đã thực hiện 02 (vượt 01)',
        '- Liên đoàn Lao động quận: đăng ký 01 điểm sinh hoạt văn hóa công nhân, đã thực hiện 01',
        '- Quận đoàn: đăng ký 02 nhà ở cho hộ nghèo, đã thực hiện 02',
        '',
        'Số liệu tính đến 10/01/2019.',
        '',
      ].join('\n'),
    );
  });

  it('contains each of the seed clauses, in catalog order', () => {
    const clauses = [
      'bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký)',
      'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký)',
      'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký)',
      'bàn giao 01 điểm sinh hoạt văn hóa công nhân',
      'hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo',
    ];

    const text = renderReportText(campaign, longBienProgress(), 'vi');

    const positions = clauses.map((clause) => text.indexOf(clause));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('writes the Long Biên results in English', () => {
    const progress = longBienProgress();

    const text = renderReportText(campaign, progress, 'en');

    expect(text).toBe(
      [
        'RESULTS REPORT: Chào mừng 15 năm thành lập quận Long Biên',
        'Period: 2018-01-01 to 2018-12-31',
        '',
        'Results: handed over 29 great-unity houses (14 houses more than pledged); ' +
          'handed over 04 “love shelters” (03 shelters more than pledged); ' +
          'handed over 02 comradeship houses (01 house more than pledged); ' +
          "handed over 01 workers' cultural center; " +
          'supported or renovated 02 houses of poor households.',
        'Of these, 00 of 38 are verified.',
        '',
        'By pledging organization:',
        '- Ủy ban MTTQ quận: pledged 15 great-unity houses, delivered 29 (14 more than pledged)',
        '- Hội Liên hiệp Phụ nữ quận: pledged 01 “love shelter”, delivered 04 (03 more than pledged)',
        '- Hội Cựu chiến binh quận: pledged 01 comradeship house, delivered 02 (01 more than pledged)',
        "- Liên đoàn Lao động quận: pledged 01 workers' cultural center, delivered 01",
        '- Quận đoàn: pledged 02 houses of poor households, delivered 02',
        '',
        'Figures as of 2019-01-10.',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the categories with no deliveries', () => {
    const progress = longBienProgress({ deliveredOf: { 'love-shelter': 0, 'cultural-center': 0 } });

    const text = renderReportText(campaign, progress, 'vi');

    expect(text.split('\n')[3]).toBe(
      'Kết quả: bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
        'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký); ' +
        'hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo.',
    );
  });

  it('says that nothing was handed over yet when no category has deliveries', () => {
    const progress = longBienProgress({
      deliveredOf: {
        'great-unity-house': 0,
        'love-shelter': 0,
        'comradeship-house': 0,
        'house-support': 0,
        'cultural-center': 0,
      },
    });

    const summaries = {
      vi: renderReportText(campaign, progress, 'vi').split('\n')[3],
      en: renderReportText(campaign, progress, 'en').split('\n')[3],
    };

    expect(summaries).toEqual({
      vi: 'Kết quả: Chưa có công trình nào được bàn giao.',
      en: 'Results: No handover has been recorded yet.',
    });
  });
});

describe('renderReportCsv', () => {
  it('writes Vietnamese rows after a byte order mark, with CRLF and the comma label quoted', () => {
    const progress = longBienProgress();

    const csv = renderReportCsv(progress, 'vi');

    expect(csv).toBe(
      '\uFEFF' +
        'Mã hạng mục,Hạng mục,Đăng ký,Đã bàn giao,Đã xác minh,Còn lại,Vượt,Tỷ lệ (%)\r\n' +
        'great-unity-house,Nhà đại đoàn kết,15,29,0,0,14,193.3\r\n' +
        'love-shelter,Mái ấm tình thương,1,4,0,0,3,400.0\r\n' +
        'comradeship-house,Nhà nghĩa tình đồng đội,1,2,0,0,1,200.0\r\n' +
        'cultural-center,Điểm sinh hoạt văn hóa công nhân,1,1,0,0,0,100.0\r\n' +
        'house-support,"Nhà ở hộ nghèo được hỗ trợ, cải tạo",2,2,0,0,0,100.0\r\n',
    );
  });

  it('writes English headers and leaves the percent empty where nothing was pledged', () => {
    const progress = computeProgress(
      {
        campaign,
        pledges: [],
        categoryTotals: [{ category: 'cultural-center', delivered: 2, verified: 1 }],
        wardTotals: [],
      },
      new Date('2018-06-01T00:00:00.000Z'),
    );

    const csv = renderReportCsv(progress, 'en');

    expect(csv).toBe(
      '\uFEFF' +
        'Category code,Category,Pledged,Delivered,Verified,Remaining,Surplus,Percent\r\n' +
        'great-unity-house,Great-unity houses,0,0,0,0,0,\r\n' +
        'love-shelter,Love shelters,0,0,0,0,0,\r\n' +
        'comradeship-house,Comradeship houses,0,0,0,0,0,\r\n' +
        "cultural-center,Workers' cultural centers,0,2,1,0,2,\r\n" +
        'house-support,Supported or renovated houses,0,0,0,0,0,\r\n',
    );
  });

  it('starts with the UTF-8 byte order mark so that Excel reads the diacritics', () => {
    const csv = renderReportCsv(longBienProgress(), 'vi');

    expect([byteOrderMark, [...Buffer.from(csv, 'utf8').subarray(0, 3)]]).toEqual([
      '\uFEFF',
      [0xef, 0xbb, 0xbf],
    ]);
  });
});
