// The one rule of which results a test gives (shared/domain.ts), as the services, the register
// reader and the pending-results query use it.
import { describe, expect, it } from 'vitest';
import { resultsTheTestDoesNotGive, testTypesGiving, TEST_TYPES } from '../../shared/domain';

describe('which results a test gives', () => {
  it('names the results a test type does not give, and the types that give each infection', () => {
    expect(resultsTheTestDoesNotGive('rapid_hiv', { hiv: 'positive', hbv: null, hcv: 'negative' })).toEqual(['hcv']);
    expect(resultsTheTestDoesNotGive('combined', { hiv: 'positive', hbv: 'negative', hcv: 'negative' })).toEqual([]);
    expect(resultsTheTestDoesNotGive('other', { hiv: 'negative' })).toEqual(['hiv']);
    expect(testTypesGiving('hiv').sort()).toEqual(['combined', 'hiv', 'rapid_hiv']);
    expect(testTypesGiving('hcv').sort()).toEqual(['combined', 'hcv', 'hcv_rna']);
    // Every type that gives an infection's result accepts it, and no other type does.
    for (const type of TEST_TYPES) {
      for (const inf of ['hiv', 'hbv', 'hcv'] as const) {
        expect(resultsTheTestDoesNotGive(type, { [inf]: 'negative' }).length === 0).toBe(testTypesGiving(inf).includes(type));
      }
    }
  });
});
