import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The browser benchmark (`npm run bench:ui`): not part of `npm test` — speed targets belong in
// benchmarks, not in timed unit tests.
export default defineConfig({ ...base, testDir: 'tests/bench', timeout: 300_000 });
