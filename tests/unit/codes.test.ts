import { describe, expect, it } from 'vitest';
import { buildDefaultCode, isLikelyDuplicate, isOneTypoApart, isYearDigitSwap, normalizeCode, parseDefaultCode } from '../../shared/codes';

describe('client codes', () => {
  it('normalises: trims, upper-cases and folds Lithuanian letters', () => {
    expect(normalizeCode('  šajo11985 ')).toBe('SAJO11985');
    expect(normalizeCode('ąčęėįšųūž')).toBe('ACEEISUUZ');
    expect(normalizeCode('Ona Jo 1 1985')).toBe('ONAJO11985');
  });

  it('builds the default code from parents\' names, sex and birth year; an unknown parent gives XX', () => {
    expect(buildDefaultCode({ motherFirstName: 'Ona', fatherFirstName: 'Jonas', sex: 'male', birthYear: 1985 })).toBe('ONJO11985');
    expect(buildDefaultCode({ motherFirstName: 'Živilė', fatherFirstName: 'Šarūnas', sex: 'female', birthYear: 1990 })).toBe('ZISA21990');
    expect(buildDefaultCode({ motherFirstName: '', fatherFirstName: 'Petras', sex: 'other', birthYear: 2001 })).toBe('XXPE32001');
    expect(parseDefaultCode('ONJO11985')).toEqual({ sex: 'male', birthYear: 1985 });
    expect(parseDefaultCode('ONJO41985')).toBeNull();
  });

  it('finds codes one edit or one neighbour swap apart, and nothing further', () => {
    expect(isOneTypoApart('ONJO11985', 'ONJA11985')).toBe(true); // substitution
    expect(isOneTypoApart('ONJO11985', 'NOJO11985')).toBe(true); // swap of neighbours
    expect(isOneTypoApart('ONJO11985', 'ONJO1985')).toBe(true); // deletion
    expect(isOneTypoApart('ONJO11985', 'ONJOO11985')).toBe(true); // insertion
    expect(isOneTypoApart('ONJO11985', 'ONJO11985')).toBe(false); // the same code
    expect(isOneTypoApart('ONJO11985', 'JOON11985')).toBe(false); // two swaps
    expect(isOneTypoApart('ONJO11985', 'OJNO11958')).toBe(false);
    expect(isOneTypoApart('ONJO11985', 'ONJO1')).toBe(false);
  });

  it('a swap of the year\'s digits is a typo of the same year', () => {
    expect(isOneTypoApart('JOAN11958', 'JOAN11985')).toBe(true); // the last two digits are neighbours
    expect(isYearDigitSwap(1958, 1985)).toBe(true);
    expect(isYearDigitSwap(1895, 1985)).toBe(true);
    expect(isYearDigitSwap(1589, 1985)).toBe(true); // two digits apart
    expect(isYearDigitSwap(1985, 1985)).toBe(false);
    expect(isYearDigitSwap(1986, 1985)).toBe(false); // one digit changed
    expect(isYearDigitSwap(1895, 1958)).toBe(false); // two swaps
    expect(isYearDigitSwap(2001, 201)).toBe(false);
  });

  it('a likely duplicate: one typo apart, the same sex and birth year where known, a year with swapped digits the same', () => {
    const existing = { code: 'JOAN11985', sex: 'male', birthYear: 1985 } as const;
    const typed = (code: string, sex: 'male' | 'female' | 'other' | 'unknown' | null, birthYear: number | null) => isLikelyDuplicate({ code, sex, birthYear }, existing);
    // each kind of typo
    expect(typed('JOAM11985', 'male', 1985)).toBe(true); // substitution
    expect(typed('JOAN111985', 'male', 1985)).toBe(true); // insertion
    expect(typed('JOA11985', 'male', 1985)).toBe(true); // deletion
    expect(typed('OJAN11985', 'male', 1985)).toBe(true); // swap of neighbouring letters
    expect(typed('JOAN11958', 'male', 1958)).toBe(true); // swap of the year's digits (issue 15: it went straight to registration)
    // what is not one
    expect(typed('JOAN11985', 'male', 1985)).toBe(false); // the same code: refused as taken, not a duplicate
    expect(typed('OJNA11985', 'male', 1985)).toBe(false); // two swaps
    expect(typed('JOAN21985', 'female', 1985)).toBe(false); // another sex
    expect(typed('JOAN11986', 'male', 1986)).toBe(false); // another birth year (spec/domain.md: the same year)
    expect(typed('JOAM11985', 'male', 1990)).toBe(false); // a birth year stated apart from the code
    // unknown facts do not rule a client out
    expect(typed('JOAM11985', null, null)).toBe(true);
    expect(typed('JOAM11985', 'unknown', 1985)).toBe(true);
    expect(isLikelyDuplicate({ code: 'JOAM11985', sex: 'male', birthYear: 1985 }, { code: 'JOAN11985', sex: 'unknown', birthYear: null })).toBe(true);
  });
});
