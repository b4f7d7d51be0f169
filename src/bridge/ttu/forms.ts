// TextTerminal.GetFormList, GetQueryForm, GetQueryField, WriteForm and ReadForm on the 3.x form
// queries and commands. 2023-2 payloads are the 3.x form header and field definitions, flattened;
// 2024-03's (major 3) are structured, and hold only what a 3.x definition has: no field positions,
// sizes, scaling or styles.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { TtuCapabilities, TtuFormField, TtuFormHeader, TtuStatus } from '../../legacy-xfs3/ttu/types.ts';
import { compact, success, type CommandCall } from '../translator.ts';

type TtuCall = CommandCall<TtuCapabilities, TtuStatus>;

const WFS_TTU_ACCESSREAD = 0x0001;
const WFS_TTU_ACCESSWRITE = 0x0002;

export async function getFormList(call: TtuCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_TTU_FORM_LIST');
  return done.ok ? success({ formList: (done.data as string[] | undefined) ?? [] }) : call.failure(done);
}

function field2(f: TtuFormField, call: TtuCall): JsonObject {
  return compact({
    type: call.enums.value('fieldType', f.type) ?? undefined,
    class: call.enums.value('fieldClass', f.class) ?? undefined,
    access: { read: (f.access & WFS_TTU_ACCESSREAD) !== 0, write: (f.access & WFS_TTU_ACCESSWRITE) !== 0 },
    overflow: call.enums.value('fieldOverflow', f.overflow) ?? undefined,
    format: f.format || undefined,
  });
}

function field3(f: TtuFormField, call: TtuCall): JsonObject {
  return compact({
    fieldType: call.enums.value('fieldType', f.type) ?? undefined,
    class: call.enums.value('fieldClass', f.class) ?? undefined,
    access: call.enums.value('fieldAccess', f.access) ?? undefined,
    overflow: call.enums.value('fieldOverflow', f.overflow) ?? undefined,
    format: f.format || undefined,
  });
}

async function fieldDefinitions(call: TtuCall, formName: unknown, fieldName?: unknown): Promise<{ fields?: TtuFormField[]; failure?: CommandResult }> {
  const query: { formName: unknown; fieldName?: unknown } = { formName };
  if (fieldName !== undefined) query.fieldName = fieldName;
  const done = await call.getInfo('WFS_INF_TTU_QUERY_FIELD', query);
  return done.ok ? { fields: (done.data as TtuFormField[] | undefined) ?? [] } : { failure: call.failure(done) };
}

export async function getQueryForm(call: TtuCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_TTU_QUERY_FORM', { formName: call.payload?.formName });
  if (!done.ok) return call.failure(done);
  const form = done.data as TtuFormHeader;
  if (call.major < 3) {
    return success({
      formName: form.formName, width: form.width, height: form.height,
      versionMajor: form.versionMajor, versionMinor: form.versionMinor, fields: form.fields,
    });
  }
  // 2024-03 describes each field in the form answer: one more query, for the field definitions.
  const { fields, failure } = await fieldDefinitions(call, form.formName);
  if (failure) return failure;
  const byName: JsonObject = {};
  for (const f of fields ?? []) byName[f.fieldName] = field3(f, call);
  return success({
    form: compact({
      // 2024-03 sizes and versions start at 1: a 3.x zero says "not given".
      size: form.width > 0 && form.height > 0 ? { width: form.width, height: form.height } : undefined,
      version: form.versionMajor > 0 ? { version: `${form.versionMajor}.${form.versionMinor}` } : undefined,
      fields: byName,
    }),
  });
}

export async function getQueryField(call: TtuCall): Promise<CommandResult> {
  const { fields, failure } = await fieldDefinitions(call, call.payload?.formName, call.payload?.fieldName ?? undefined);
  if (failure) return failure;
  const shape = call.major >= 3 ? field3 : field2;
  const byName: JsonObject = {};
  for (const f of fields ?? []) byName[f.fieldName] = shape(f, call);
  return success({ fields: byName });
}

export async function writeForm(call: TtuCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries((p.fields ?? {}) as Record<string, unknown>)) fields[name] = typeof value === 'string' ? value : '';
  const done = await call.execute('WFS_CMD_TTU_WRITE_FORM', { formName: p.formName, clearScreen: p.clearScreen === true, fields });
  return done.ok ? success() : call.failure(done);
}

export async function readForm(call: TtuCall): Promise<CommandResult> {
  const p = call.payload ?? {};
  const names = Array.isArray(p.fields) && p.fields.length > 0 ? p.fields.filter((n): n is string => typeof n === 'string') : undefined;
  const done = await call.execute('WFS_CMD_TTU_READ_FORM', { formName: p.formName, ...(names ? { fieldNames: names } : {}) });
  return done.ok ? success({ fields: (done.data as Record<string, string> | undefined) ?? {} }) : call.failure(done);
}
