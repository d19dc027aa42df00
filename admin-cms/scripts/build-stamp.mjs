#!/usr/bin/env node
/**
 * The CMS build's identity: a sha256 over the sources a build is made of (paths and contents,
 * not mtimes — a fresh checkout or a `git pull` gives every file a new mtime but the same
 * content). `vite build` runs this afterwards to write dist/.source-hash; the local runtime
 * (server/emulator/cms-build.ts) compares it with the sources to say whether the build is stale.
 */
import crypto from 'node:crypto';
import process from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];

function files(entry) {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

export function sourceHash(dir = CMS_DIR) {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap((f) => files(path.join(dir, f)))) {
    hash.update(path.relative(dir, file).split(path.sep).join('/')).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = path.join(CMS_DIR, 'dist');
  fs.writeFileSync(path.join(dist, '.source-hash'), sourceHash() + '\n');
}
