// Reads the specification's table of contents (seed 000) into the list of interfaces and the
// commands, events and unsolicited events each defines. Pure: text in, structure out.

export type MessageKind = 'command' | 'event' | 'unsolicited';

export interface TocMessage {
  name: string;
  kind: MessageKind;
}

export interface TocInterface {
  name: string;
  messages: TocMessage[];
}

const sectionKinds: Array<[RegExp, MessageKind]> = [
  [/^Command Messages/, 'command'],
  [/^Event Messages/, 'event'],
  [/^Unsolicited Messages/, 'unsolicited'],
];

// Lines look like "5.2.3\tCardReader.ReadRawData\t158" or "7.3\tEvent Messages.....\t282".
const numbered = /^(\d+(?:\.\d+)*)\.?\s+(.+?)[\s.]*\d*$/;

export function parseToc(text: string): TocInterface[] {
  const interfaces = new Map<string, TocInterface>();
  let kind: MessageKind | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const match = numbered.exec(raw.trim());
    if (!match) continue;
    const [, number, rawTitle] = match;
    const title = rawTitle.replace(/\.{2,}.*$/, '').trim();
    const depth = number.split('.').length;
    if (depth === 2) {
      kind = sectionKinds.find(([pattern]) => pattern.test(title))?.[1];
      continue;
    }
    if (depth !== 3 || !kind) continue;
    const message = /^([A-Z][A-Za-z]*)\.([A-Z][A-Za-z0-9]*)$/.exec(title);
    if (!message) continue;
    const [, interfaceName] = message;
    let entry = interfaces.get(interfaceName);
    if (!entry) {
      entry = { name: interfaceName, messages: [] };
      interfaces.set(interfaceName, entry);
    }
    if (!entry.messages.some((m) => m.name === title)) entry.messages.push({ name: title, kind });
  }
  return [...interfaces.values()];
}
