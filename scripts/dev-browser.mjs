// Builds the renderer with plain vite and serves it through the test bridge (development only).
import { execSync } from 'node:child_process';
execSync('npx vite build --config renderer/vite.config.ts', { stdio: 'inherit' });
execSync('node --import tsx tests/bridge/run.ts', { stdio: 'inherit' });
