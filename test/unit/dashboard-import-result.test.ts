// The console's import helpers: a result sheet that no spreadsheet runs as formulas, and bounded batching.
import { describe, expect, it } from 'vitest';
import { chunksOf, csvCell, csvOf, inPool } from '../../shared/dashboard/import-result';

describe('the import result sheet', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+84912345678', "'+84912345678"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['Nguyễn Thị A, tổ 5', '"Nguyễn Thị A, tổ 5"'],
    ['plain', 'plain'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('starts with a byte order mark and ends every line with CRLF', () => {
    expect(csvOf(['Dòng', 'Kết quả'], [[2, 'đã ghi']])).toBe('\uFEFFDòng,Kết quả\r\n2,đã ghi\r\n');
  });
});

describe('batching', () => {
  it('cuts 250 rows into chunks of 100, 100 and 50', () => {
    expect(
      chunksOf(
        Array.from({ length: 250 }, (_, i) => i),
        100,
      ).map((c) => c.length),
    ).toEqual([100, 100, 50]);
  });

  it('keeps at most the given number in flight and returns results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await inPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await Promise.resolve();
      await Promise.resolve();
      inFlight--;
      return n * 10;
    });

    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });
});
