import fs from 'node:fs';
import path from 'node:path';
import type { CloudFunction } from '../runtime/define-function';

export const CLOUDFUNCTIONS_DIR = path.resolve(__dirname, '../../cloudfunctions');

/** Every folder under cloudfunctions/ with an index.ts — the same entry esbuild deploys. */
export function listFunctionNames(dir = CLOUDFUNCTIONS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

export function loadFunction(name: string, dir = CLOUDFUNCTIONS_DIR): CloudFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(dir, name, 'index.ts')) as { main?: CloudFunction };
  if (typeof mod.main !== 'function' || typeof mod.main.invoke !== 'function') {
    throw new Error(`cloudfunctions/${name}/index.ts must export main = defineFunction(…)`);
  }
  return mod.main;
}

export function loadAllFunctions(dir = CLOUDFUNCTIONS_DIR): Map<string, CloudFunction> {
  return new Map(listFunctionNames(dir).map((name) => [name, loadFunction(name, dir)]));
}
