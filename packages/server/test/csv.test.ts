// CSV cells: quoting, and neutralising what a spreadsheet would run as a formula (issue 12, point 9).
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../src/shared/csv.ts';

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    [' =1+1', "' =1+1"],
    ['   +cmd', "'   +cmd"],
    ['\u3000=1', "'\u3000=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠A1', "'＠A1"],
    ['=HYPERLINK("http://x")', '"\'=HYPERLINK(""http://x"")"'],
  ])('neutralises %j', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it.each([
    ['Welding I', 'Welding I'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['x=1', 'x=1'],
    ['e-mail', 'e-mail'],
    ['', ''],
  ])('leaves ordinary text %j as text, quoted where RFC 4180 needs it', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('writes numbers as numbers (a negative number is not a formula) and null as empty', () => {
    expect(csvLine([-5, 12.5, null, undefined, 'ok'])).toBe('-5,12.5,,,ok');
  });
});
