// Unicode normalization of request values: decomposed Vietnamese becomes NFC, keys included.
import { describe, expect, it } from 'vitest';
import { toNfc } from '../../shared/domain/text';

const composed = 'Bồ Đề';
const decomposed = composed.normalize('NFD');

describe('toNfc', () => {
  it('composes every string of nested objects and arrays, keys included', () => {
    const input = {
      ward: decomposed,
      beneficiary: { name: `Nguyễn Thị ${decomposed}`.normalize('NFD'), tags: [decomposed, 7, null, true] },
      [decomposed]: [{ [decomposed]: decomposed }],
    };

    const output = toNfc(input);

    expect(decomposed).not.toBe(composed);
    expect(JSON.stringify(output)).toBe(
      JSON.stringify({
        ward: composed,
        beneficiary: { name: `Nguyễn Thị ${composed}`, tags: [composed, 7, null, true] },
        [composed]: [{ [composed]: composed }],
      }),
    );
  });

  it.each([
    [decomposed, composed],
    [42, 42],
    [null, null],
    [undefined, undefined],
    [false, false],
  ])('turns %j into %j', (input, expected) => {
    expect(toNfc(input)).toBe(expected);
  });

  it('leaves the input untouched', () => {
    const input = { ward: decomposed, wards: [decomposed] };

    toNfc(input);

    expect(input).toEqual({ ward: decomposed, wards: [decomposed] });
  });

  it('keeps a __proto__ key from JSON.parse as an own key without changing the prototype', () => {
    const input = JSON.parse(`{"__proto__": {"isAdmin": true}, "name": "${decomposed}"}`);

    const output = toNfc(input) as Record<string, unknown>;

    expect({
      prototype: Object.getPrototypeOf(output),
      ownKeys: Object.keys(output),
      protoKey: Object.getOwnPropertyDescriptor(output, '__proto__')?.value,
      inheritedIsAdmin: (output as { isAdmin?: unknown }).isAdmin,
      name: output.name,
      polluted: ({} as { isAdmin?: unknown }).isAdmin,
    }).toEqual({
      prototype: Object.prototype,
      ownKeys: ['__proto__', 'name'],
      protoKey: { isAdmin: true },
      inheritedIsAdmin: undefined,
      name: composed,
      polluted: undefined,
    });
  });
});
