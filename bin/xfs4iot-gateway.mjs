#!/usr/bin/env node
// The gateway runs from its TypeScript sources; tsx compiles them on load so the same files run in
// development, in tests and on the ATM.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
