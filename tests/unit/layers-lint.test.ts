import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layers of STYLE.md are kept apart by lint rules (eslint.config.js). These tests lint
// snippets as if they stood in each folder.
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('db/ may not import electron or react', async () => {
    expect(await errorsFor('db/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/db\/ runs under plain Node/),
    ]);
    expect(await errorsFor('db/x.ts', "import { useState } from 'react';\nexport const a = useState;\n")).toHaveLength(1);
  });

  it('shared/ may not import node:*, electron, react or db/', async () => {
    expect(await errorsFor('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await errorsFor('shared/x.ts', "import { Store } from '../db/store';\nexport type A = Store;\n")).toHaveLength(1);
    expect(await errorsFor('shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n")).toEqual([]);
  });

  it('renderer/ may import shared/ but not db/, electron or node:*', async () => {
    expect(await errorsFor('renderer/src/x.ts', "import { Core } from '../../db/core';\nexport const a = Core;\n")).toHaveLength(1);
    expect(await errorsFor('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await errorsFor('renderer/src/x.ts', "import { join } from 'node:path';\nexport const a = join;\n")).toHaveLength(1);
    expect(await errorsFor('renderer/src/x.ts', "import { normalizeCode } from '../../shared/codes';\nexport const a = normalizeCode;\n")).toEqual([]);
  });
});
