// Resolves `electron` to the recording stand-in (electron-stub.mjs), for loading the built main
// process under plain Node: `node --import ./tests/main/stub-loader.mjs out/main/index.js`.
import { register } from 'node:module';

const stub = new URL('./electron-stub.mjs', import.meta.url).href;
register(`data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(stub)}, shortCircuit: true };
  return next(specifier, context);
}`)}`);
