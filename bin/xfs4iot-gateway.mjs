#!/usr/bin/env node
// The gateway runs as plain JavaScript compiled from src/ into dist/ (by `npm install` and
// `npm run build`), with no TypeScript loader at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  // node:sqlite (the journals) is unflagged from 22.13; older Node fails later and less clearly.
  process.stderr.write(`xfs4iot-gateway: Node.js 22.13 or later is required (this is ${process.version})\n`);
  process.exitCode = 2;
} else if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`xfs4iot-gateway: ${fileURLToPath(entry)} is missing: run \`npm run build\`\n`);
  process.exitCode = 1;
} else {
  try {
    await import(entry.href);
  } catch (error) {
    // koffi's native binary must match this node.exe (platform and architecture): say so, instead of
    // a stack trace or a configuration error blaming some other key.
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    if (code !== 'ERR_DLOPEN_FAILED' && !/koffi/i.test(message)) throw error;
    process.stderr.write(`xfs4iot-gateway: the native FFI module (koffi) could not be loaded for ${process.platform}-${process.arch} (node ${process.version}): ${message.split('\n')[0]}\n`
      + `Install the gateway on this machine with 'npm ci --omit=dev' (it fetches the koffi binary for this platform), or copy node_modules from an install made for ${process.platform}-${process.arch}.\n`);
    process.exitCode = 3;
  }
}
