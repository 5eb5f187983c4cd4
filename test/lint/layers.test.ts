import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The messages ESLint gives a file at `file` (it need not exist) holding `code`. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layers are lint rules', () => {
  it('refuses every import against the layers', async () => {
    const refused: [string, string][] = [
      ['src/main/core/library/x.ts', "import { startServer } from '../../server/server';"],
      ['src/main/core/x.ts', "import { runCli } from '../cli/main';"],
      ['src/main/core/x.ts', "import { registerIpc } from '../ipc';"],
      ['src/main/core/x.ts', "export * from '../../renderer/src/format';"],
      ['src/main/server/x.ts', "import { runCli } from '../cli/main';"],
      ['src/main/window-options.ts', "import { CSP } from './server/security';"],
      ['src/preload/x.ts', "import { dispatch } from '../main/core/dispatch';"],
      ['src/shared/x.ts', "import { openDatabase } from '../main/core/db/open';"],
      ['src/renderer/src/x.ts', "const m = await import('../../main/core/service');"],
    ];
    for (const [file, code] of refused) {
      const messages = await lint(file, `${code}\nexport const used = 1;\n`);
      expect(messages.some((m) => m.startsWith('local/layers:')), `${file}: ${code}`).toBe(true);
    }
    // Packages that belong to other layers are refused too.
    expect(await lint('src/main/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([expect.stringMatching(/^no-restricted-imports: .*electron/)]);
    expect(await lint('src/preload/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([expect.stringMatching(/^no-restricted-imports:/)]);
  });

  it('lets each layer import what it may', async () => {
    const allowed: [string, string][] = [
      ['src/main/core/library/x.ts', "import { contract } from '../../../shared/contract';\nexport const c = contract;"],
      ['src/main/server/x.ts', "import { dispatch } from '../core/dispatch';\nexport const d = dispatch;"],
      ['src/main/cli/x.ts', "import { startServer } from '../server/server';\nexport const s = startServer;"],
      ['src/main/ipc-x.ts', "import { dispatch } from './core/dispatch';\nexport const d = dispatch;"],
      ['src/preload/x.ts', "import { contextBridge } from 'electron';\nimport { METHOD_NAMES } from '../shared/contract';\nexport const x = [contextBridge, METHOD_NAMES];"],
      ['src/renderer/src/x.ts', "import { CSP } from '../../shared/csp';\nexport const c = CSP;"],
    ];
    for (const [file, code] of allowed) expect(await lint(file, `${code}\n`), file).toEqual([]);
  });
});
