// Pledges against DynamoDB Local: one active pledge per organization and category, revisions, withdrawals.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, graceClock, organizationBody } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi, organizationUser } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;

beforeAll(async () => {
  api = handlerApi((await freshTables()).deps(graceClock()));
});

async function campaignAndOrganization() {
  const campaign = campaignBody();
  const organization = organizationBody();
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  await api('CreateOrganization', { body: organization, as: frontCommittee });
  return { campaignId: campaign.id, organizationId: organization.id };
}

const register = (campaignId: string, body: Record<string, unknown>, as = frontCommittee as object) =>
  api('RegisterPledge', { pathParameters: { campaignId }, body, as: as as typeof frontCommittee });

describe('registering pledges', () => {
  it('answers the new pledge with its derived figures', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();

    const answer = await register(campaignId, {
      organizationId,
      category: 'love-shelter',
      target: 1,
      note: 'Năm 2018',
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[a-f0-9]{32}$/),
      campaignId,
      organizationId,
      organizationName: 'Hội Liên hiệp Phụ nữ quận',
      category: 'love-shelter',
      target: 1,
      delivered: 0,
      verified: 0,
      remaining: 1,
      surplus: 0,
      percent: 0,
      status: 'overdue',
      note: 'Năm 2018',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('lets exactly one of five concurrent registrations for the same organization and category win', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();

    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((target) =>
        register(campaignId, { organizationId, category: 'great-unity-house', target }),
      ),
    );

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(answers.find((a) => a.status === 409)?.body.error.code).toBe('conflict');
    const list = await api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee });
    expect(list.body.items).toHaveLength(1);
  });

  it('allows a new pledge in the category once the old one is withdrawn', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();
    const first = await register(campaignId, { organizationId, category: 'house-support', target: 2 });
    await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId: first.body.id },
      body: { status: 'withdrawn', reason: 'Đăng ký lại với chỉ tiêu mới' },
      as: frontCommittee,
    });

    const second = await register(campaignId, { organizationId, category: 'house-support', target: 3 });

    expect(second.status).toBe(201);
    const progress = await api('GetProgress', { pathParameters: { campaignId } });
    expect(
      progress.body.totals.find((t: { category: string }) => t.category === 'house-support').pledged,
    ).toBe(3);
    expect(progress.body.pledges.map((p: { status: string }) => p.status)).toEqual(['overdue']);
    const all = await api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee });
    expect(all.body.items.map((p: { status: string }) => p.status).sort()).toEqual(['overdue', 'withdrawn']);
  });

  it('lets an organization user pledge for its own organization only', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();
    const other = organizationBody();
    await api('CreateOrganization', { body: other, as: frontCommittee });

    const own = await register(
      campaignId,
      { organizationId, category: 'love-shelter', target: 1 },
      organizationUser(organizationId),
    );
    const foreign = await register(
      campaignId,
      { organizationId: other.id, category: 'love-shelter', target: 1 },
      organizationUser(organizationId),
    );

    expect(own.status).toBe(201);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
  });
});

describe('revising pledges', () => {
  it('changes the target and the derived status', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();
    const pledge = await register(campaignId, { organizationId, category: 'love-shelter', target: 4 });

    const revised = await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId: pledge.body.id },
      body: { target: 2, reason: 'Điều chỉnh theo khả năng vận động' },
      as: organizationUser(organizationId),
    });

    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ id: pledge.body.id, target: 2, remaining: 2, percent: 0 });
  });

  it('refuses an organization user revising another organization’s pledge, and changes nothing', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();
    const pledge = await register(campaignId, { organizationId, category: 'love-shelter', target: 4 });

    const answer = await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId: pledge.body.id },
      body: { target: 1, reason: 'thử' },
      as: organizationUser('some-other-org'),
    });

    expect(answer.status).toBe(403);
    const list = await api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee });
    expect(list.body.items[0].target).toBe(4);
  });

  it('refuses to revise a withdrawn pledge with 409 and an unknown one with 404', async () => {
    const { campaignId, organizationId } = await campaignAndOrganization();
    const pledge = await register(campaignId, { organizationId, category: 'love-shelter', target: 4 });
    const withdraw = () =>
      api('RevisePledge', {
        pathParameters: { campaignId, pledgeId: pledge.body.id },
        body: { status: 'withdrawn', reason: 'rút' },
        as: frontCommittee,
      });
    expect((await withdraw()).status).toBe(200);

    const again = await withdraw();
    const retarget = await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId: pledge.body.id },
      body: { target: 9, reason: 'x' },
      as: frontCommittee,
    });
    const unknown = await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId: '00000000000000000000000000000000' },
      body: { target: 9, reason: 'x' },
      as: frontCommittee,
    });

    expect([again.status, retarget.status, unknown.status]).toEqual([409, 409, 404]);
  });
});
