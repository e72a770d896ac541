// Runs one full-year XLSX export in its own process, so that its peak memory can be measured.
import { unlockWithPassword } from '../vault';
import { writeWorkbook } from '../reports/workbook';
import { peakRssMiB } from './stats';

const [dbPath, user, from, to, out] = process.argv.slice(2);
const { vault } = await unlockWithPassword(dbPath, user, process.env.SLENKSTIS_PASSWORD ?? '');
const t = process.hrtime.bigint();
await writeWorkbook(vault.store, { from, to, siteIds: [], template: 'full' }, out);
const ms = Number(process.hrtime.bigint() - t) / 1e6;
vault.store.close();
process.stdout.write(JSON.stringify({ ms, max_rss_mb: peakRssMiB() }));
