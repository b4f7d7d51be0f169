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
  await import(entry.href);
}
