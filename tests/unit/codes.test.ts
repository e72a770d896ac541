import { describe, expect, it } from 'vitest';
import { buildDefaultCode, isOneTypoApart, normalizeCode, parseDefaultCode } from '../../shared/codes';

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
});
