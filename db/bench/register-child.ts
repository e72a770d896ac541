// Checks one register file (a dry run) in its own process through the core's door, so that its
// time and peak memory are the check's own: `register_1m_check_s`, `register_1m_peak_mb`.
import { Core } from '../core';
import { peakRssMiB } from './stats';

const [dbPath, user, file] = process.argv.slice(2);
const core = new Core(dbPath);
const login = await core.call('session.login', { userName: user, password: process.env.SLENKSTIS_PASSWORD ?? '' });
if (!login.ok) throw new Error(login.error.message);
// The process before the check (the key derivation's memory is already in its peak).
const idle = process.memoryUsage().rss / 2 ** 20;
const t = process.hrtime.bigint();
const r = await core.callLocal('register.check', { files: [{ name: 'register.csv', path: file }] });
const ms = Number(process.hrtime.bigint() - t) / 1e6;
core.close();
if (!r.ok) throw new Error(r.error.message);
process.stdout.write(JSON.stringify({ ms, max_rss_mb: peakRssMiB(), idle_rss_mb: idle, errors: r.value.errors.length, error_columns: [...new Set(r.value.errors.map((e) => e.column ?? 'file'))] }));
