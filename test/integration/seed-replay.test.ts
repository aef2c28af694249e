// The Long Biên 2018 year-end numbers, replayed through the real handlers onto DynamoDB Local.
import { beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../infra/local/demo/load-demo';
import { type Api, frontCommittee, handlerApi } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;
const demo = readDemoData();
const campaignId = demo.campaign.id;

beforeAll(async () => {
  api = handlerApi((await freshTables()).deps());
  for (const organization of demo.organizations) {
    expect((await api('CreateOrganization', { body: organization, as: frontCommittee })).status).toBe(201);
  }
  expect((await api('CreateCampaign', { body: demo.campaign, as: frontCommittee })).status).toBe(201);
  for (const pledge of demo.pledges) {
    const answer = await api('RegisterPledge', {
      pathParameters: { campaignId },
      body: pledge,
      as: frontCommittee,
    });
    expect(answer.status).toBe(201);
  }
  for (const { idempotencyKey, ...handover } of demo.handovers) {
    const answer = await api('RecordHandover', {
      pathParameters: { campaignId },
      body: handover,
      headers: { 'idempotency-key': idempotencyKey },
      as: frontCommittee,
    });
    expect(answer.status).toBe(201);
  }
});

describe('the Long Biên 2018 seed', () => {
  it('gives the year-end report’s totals by category', async () => {
    const { status, body } = await api('GetProgress', { pathParameters: { campaignId } });

    expect(status).toBe(200);
    expect(body.totals).toEqual([
      {
        category: 'great-unity-house',
        pledged: 15,
        delivered: 29,
        verified: 0,
        remaining: 0,
        surplus: 14,
        percent: 193.3,
      },
      {
        category: 'love-shelter',
        pledged: 1,
        delivered: 4,
        verified: 0,
        remaining: 0,
        surplus: 3,
        percent: 400,
      },
      {
        category: 'comradeship-house',
        pledged: 1,
        delivered: 2,
        verified: 0,
        remaining: 0,
        surplus: 1,
        percent: 200,
      },
      {
        category: 'cultural-center',
        pledged: 1,
        delivered: 1,
        verified: 0,
        remaining: 0,
        surplus: 0,
        percent: 100,
      },
      {
        category: 'house-support',
        pledged: 2,
        delivered: 2,
        verified: 0,
        remaining: 0,
        surplus: 0,
        percent: 100,
      },
    ]);
    expect(body.pledges.map((p: { status: string }) => p.status)).toEqual([
      'exceeded',
      'exceeded',
      'exceeded',
      'fulfilled',
      'fulfilled',
    ]);
    expect(new Set(body.wards.map((w: { ward: string }) => w.ward))).toEqual(new Set(demo.campaign.wards));
    expect(body.wards.reduce((sum: number, w: { delivered: number }) => sum + w.delivered, 0)).toBe(38);
  });

  it('writes the Vietnamese report with the seed’s clauses', async () => {
    const { status, headers, text } = await api('GetReport', {
      pathParameters: { campaignId },
      query: { lang: 'vi', format: 'text' },
    });

    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text).toContain(
      'Kết quả: bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
        'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký); ' +
        'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký); ' +
        'bàn giao 01 điểm sinh hoạt văn hóa công nhân; ' +
        'hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo.',
    );
    expect(text).toContain(
      '- Hội Liên hiệp Phụ nữ quận: đăng ký 01 “mái ấm tình thương”, đã thực hiện 04 (vượt 03)',
    );
  });

  it('lists the campaign, name and dates only, for anyone', async () => {
    const { status, body } = await api('ListCampaigns');

    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        {
          id: 'longbien-2018',
          name: 'Chào mừng 15 năm thành lập quận Long Biên',
          startsOn: '2018-01-01',
          endsOn: '2018-12-31',
        },
      ],
    });
  });

  it('writes the English report and a CSV that Excel reads with diacritics', async () => {
    const english = await api('GetReport', { pathParameters: { campaignId }, query: { lang: 'en' } });
    const csv = await api('GetReport', { pathParameters: { campaignId }, query: { format: 'csv' } });

    expect(english.text).toContain('handed over 29 great-unity houses (14 houses more than pledged)');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFMã hạng mục,Hạng mục,Đăng ký,Đã bàn giao,Đã xác minh,Còn lại,Vượt,Tỷ lệ (%)',
      'great-unity-house,Nhà đại đoàn kết,15,29,0,0,14,193.3',
      'love-shelter,Mái ấm tình thương,1,4,0,0,3,400.0',
    ]);
  });
});
