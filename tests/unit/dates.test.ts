import { describe, expect, it } from 'vitest';
import { addMonths, daysInclusive, isValidDate, monthsInPeriod, monthsOf } from '../../shared/dates';

describe('dates', () => {
  it('accepts only real calendar dates written YYYY-MM-DD', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2023-02-29')).toBe(false);
    expect(isValidDate('2024-13-01')).toBe(false);
    expect(isValidDate('2024-1-01')).toBe(false);
    expect(isValidDate('01/02/2024')).toBe(false);
  });

  it('counts months as the indicators define them', () => {
    expect(monthsInPeriod('2008-11-01', '2009-10-31')).toBe(12);
    expect(monthsInPeriod('2024-02-01', '2024-02-29')).toBe(1);
    // Kėdainiai: 15 March to 15 June 2011 is 93 days.
    expect(daysInclusive('2011-03-15', '2011-06-15')).toBe(93);
    expect(monthsInPeriod('2011-03-15', '2011-06-15')).toBeCloseTo(93 / 30.4375, 10);
    expect(monthsOf('2011-03-15', '2011-06-15')).toEqual(['2011-03', '2011-04', '2011-05', '2011-06']);
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2024-01-15', -6)).toBe('2023-07-15');
  });
});
