// Printer.LoadDefinition on WFS_CMD_PTR_LOAD_DEFINITION. XFS4IoT carries the definition text; a 3.x
// provider reads it from a file it is given the name of. The text goes into a fresh private
// directory (0700, file 0600) of the machine's temporary directory, the provider loads it, and the
// directory is removed whatever the outcome, so nothing a client sent stays on the ATM's disk.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import { invalidData, success, unsupportedCommand, type CommandCall } from '../translator.ts';

type PtrCall = CommandCall<PtrCapabilities, PtrStatus>;

export async function loadDefinition(call: PtrCall): Promise<CommandResult> {
  const { major, minor } = call.device.version;
  if (major === 3 && minor < 10) return unsupportedCommand(`LoadDefinition: WFS_CMD_PTR_LOAD_DEFINITION arrived with XFS 3.10; this service speaks ${major}.${String(minor).padStart(2, '0')}`);
  const definition = call.payload?.definition;
  if (typeof definition !== 'string' || definition.includes('\0')) return invalidData('LoadDefinition: the definition must be text without NUL');
  // 3.x providers read the file as ANSI text: refuse what latin1 would silently change.
  if (!/^[\t\n\r\x20-\x7e\xa0-\xff]*$/.test(definition)) return invalidData('LoadDefinition: the definition holds characters a 3.x form file cannot carry');
  const dir = await mkdtemp(join(tmpdir(), 'xfs4iot-ptr-def-'));
  try {
    const file = join(dir, 'definition.txt');
    await writeFile(file, definition, { encoding: 'latin1', mode: 0o600 });
    const done = await call.execute('WFS_CMD_PTR_LOAD_DEFINITION', { fileName: file, overwrite: call.payload?.overwrite === true });
    return done.ok ? success() : call.failure(done);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
