// The status a backend reports. The engine renders Common.Status from it and turns every update
// into a Common.StatusChangedEvent carrying only the properties that changed.
import type { JsonObject, JsonValue } from './backend.ts';
import { interfacesForMajor, type ContentKind } from './release-shapes.ts';

export type StatusListener = (changed: JsonObject) => void;
export type StatusRenderer = (content: JsonObject, major: number) => JsonObject;

// Properties the 2024-03 release (3.x messages) added; a 2.x rendering leaves them out.
const COMMON_3X_ONLY = ['persistentDataStore'];
const INTERFACES_3X_ONLY = ['deposit', 'german', 'banknoteNeutralization', 'powerManagement'];

/** Default per-major rendering: 2.x drops what only exists in 3.x. */
export function renderForMajor(content: JsonObject, major: number, kind: ContentKind = 'status'): JsonObject {
  const shaped = interfacesForMajor(content, major, kind);
  if (major >= 3) return shaped;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(shaped)) {
    if (INTERFACES_3X_ONLY.includes(key)) continue;
    if (key === 'common' && isObject(value)) {
      const common: JsonObject = {};
      for (const [k, v] of Object.entries(value)) if (!COMMON_3X_ONLY.includes(k)) common[k] = v;
      out.common = common;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!sameValue(ao[k], bo[k])) return false;
  return true;
}

/** Deep-merges `patch` into `target` in place; returns only what changed (null = removed). */
function mergeChanges(target: JsonObject, patch: JsonObject): JsonObject | undefined {
  let changed: JsonObject | undefined;
  for (const [key, next] of Object.entries(patch)) {
    const prev = target[key];
    if (isObject(prev) && isObject(next)) {
      const inner = mergeChanges(prev, next);
      if (inner) (changed ??= {})[key] = inner;
    } else if (!sameValue(prev, next)) {
      target[key] = isObject(next) ? structuredClone(next) : next;
      (changed ??= {})[key] = next;
    }
  }
  return changed;
}

export class StatusStore {
  private readonly content: JsonObject;
  private readonly listeners = new Set<StatusListener>();
  private readonly rendered = new Map<number, JsonObject>();
  private readonly renderedJson = new Map<number, string>();
  private readonly renderer: StatusRenderer;

  constructor(initial: JsonObject, renderer: StatusRenderer = renderForMajor) {
    this.content = structuredClone(initial);
    this.renderer = renderer;
  }

  /** The whole status as a Common.Status payload of the given major (cached until the next change). */
  render(major: number): JsonObject {
    let out = this.rendered.get(major);
    if (!out) {
      out = this.renderer(this.content, major);
      this.rendered.set(major, out);
    }
    return out;
  }

  /** `render(major)` serialised, cached until the next change (the Common.Status hot path). */
  renderJson(major: number): string {
    let out = this.renderedJson.get(major);
    if (out === undefined) {
      out = JSON.stringify(this.render(major));
      this.renderedJson.set(major, out);
    }
    return out;
  }

  /** Renders only changed properties for one major (used for StatusChangedEvent). */
  renderChange(changed: JsonObject, major: number): JsonObject | undefined {
    const out = this.renderer(changed, major);
    // A change only to properties this major does not have (2023-2 has no auxiliaries.cabinetDoor) is no change for it.
    for (const [key, value] of Object.entries(out)) if (isObject(value) && Object.keys(value).length === 0) delete out[key];
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** The status content as kept (not rendered for a major); read-only for composing services. */
  view(): Readonly<JsonObject> {
    return this.content;
  }

  get deviceState(): string | undefined {
    const common = this.content.common;
    return isObject(common) && typeof common.device === 'string' ? common.device : undefined;
  }

  /** Merges a partial status; listeners get only the changed properties, nothing if nothing changed. */
  update(patch: JsonObject): JsonObject | undefined {
    const changed = mergeChanges(this.content, patch);
    if (!changed) return undefined;
    this.rendered.clear();
    this.renderedJson.clear();
    for (const listener of this.listeners) listener(changed);
    return changed;
  }

  onChange(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
