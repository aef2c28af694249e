// Item keys read back: a campaign partition's key gives its campaign id, anything else gives none.
import { describe, expect, it } from 'vitest';
import { keys } from '../../shared/tables';

describe('keys.campaignIdOf', () => {
  it('reads the campaign id back from every key built in a campaign partition', () => {
    const built = [
      keys.campaign('longbien-2018'),
      keys.pledge('longbien-2018', 'pledgemttq00001'),
      keys.categoryTotal('longbien-2018', 'great-unity-house'),
      keys.wardTotal('longbien-2018', 'Bồ Đề', 'love-shelter'),
    ];

    expect(built.map((key) => keys.campaignIdOf(key.pk))).toEqual(Array(4).fill('longbien-2018'));
  });

  it.each([
    { what: 'the organizations partition', pk: keys.organization('hoi-phu-nu').pk },
    { what: 'the campaign directory', pk: keys.campaignEntry('longbien-2018').pk },
    { what: 'a notification partition', pk: keys.notificationsPartition('longbien-2018') },
    { what: 'a bare prefix', pk: 'CAMPAIGN#' },
    { what: 'a number', pk: 42 },
    { what: 'nothing', pk: undefined },
  ])('gives no campaign id for $what', ({ pk }) => {
    expect(keys.campaignIdOf(pk)).toBeUndefined();
  });
});
