#!/usr/bin/env node
// The gateway runs as plain JavaScript compiled from src/ into dist/ (by `npm install` and
// `npm run build`), with no TypeScript loader at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(`xfs4iot-gateway: ${fileURLToPath(entry)} is missing: run \`npm run build\`\n`);
  process.exitCode = 1;
} else {
  await import(entry.href);
}
