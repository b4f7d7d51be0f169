// Printer.GetFormList, GetMediaList, GetQueryForm, GetQueryMedia and GetQueryField on the PTR form
// and media queries: 2023-2 payloads are the 3.x form header, media and field definitions,
// flattened; 2024-03 ones (major 3) are built at the end of this file.
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrFormField, PtrFormHeader, PtrFormMedia, PtrStatus } from '../../legacy-xfs3/ptr/types.ts';
import { compact, success, type CommandCall } from '../translator.ts';

type PtrCall = CommandCall<PtrCapabilities, PtrStatus>;

export async function getFormList(call: PtrCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_PTR_FORM_LIST');
  return done.ok ? success({ formList: (done.data as string[] | undefined) ?? [] }) : call.failure(done);
}

export async function getMediaList(call: PtrCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_PTR_MEDIA_LIST');
  return done.ok ? success({ mediaList: (done.data as string[] | undefined) ?? [] }) : call.failure(done);
}

export async function getQueryForm(call: PtrCall): Promise<CommandResult> {
  const done = await call.getInfo('WFS_INF_PTR_QUERY_FORM', { formName: call.payload?.formName });
  if (!done.ok) return call.failure(done);
  const form = done.data as PtrFormHeader;
  if (call.major >= 3) return queryForm3(call, form);
  return success(compact({
    formName: form.formName,
    base: call.enums.value('formBase', form.base),
    unitX: form.unitX, unitY: form.unitY, width: form.width, height: form.height,
    alignment: call.enums.value('formAlignment', form.alignment),
    orientation: call.enums.value('formOrientation', form.orientation),
    offsetX: form.offsetX, offsetY: form.offsetY,
    versionMajor: form.versionMajor, versionMinor: form.versionMinor,
    userPrompt: form.userPrompt || undefined,
    fields: form.fields,
  }));
}

export async function getQueryMedia(call: PtrCall): Promise<CommandResult> {
  // 2024-03 renamed the command's mediaName to name.
  const mediaName = call.major >= 3 ? call.payload?.name : call.payload?.mediaName;
  const done = await call.getInfo('WFS_INF_PTR_QUERY_MEDIA', { mediaName });
  if (!done.ok) return call.failure(done);
  const media = done.data as PtrFormMedia;
  if (call.major >= 3) return queryMedia3(call, media);
  const { any: _any, ...paperSources } = call.enums.flagsToObject('paperSource', media.paperSources);
  return success(compact({
    mediaType: call.enums.value('fwMediaType', media.mediaType),
    base: call.enums.value('mediaBase', media.base),
    unitX: media.unitX, unitY: media.unitY, sizeWidth: media.sizeWidth, sizeHeight: media.sizeHeight,
    pageCount: media.pageCount, lineCount: media.lineCount,
    printAreaX: media.printAreaX, printAreaY: media.printAreaY, printAreaWidth: media.printAreaWidth, printAreaHeight: media.printAreaHeight,
    restrictedAreaX: media.restrictedAreaX, restrictedAreaY: media.restrictedAreaY,
    restrictedAreaWidth: media.restrictedAreaWidth, restrictedAreaHeight: media.restrictedAreaHeight,
    stagger: media.stagger,
    foldType: call.enums.value('wFoldType', media.foldType),
    paperSources,
  }));
}

function field(f: PtrFormField, call: PtrCall): JsonObject {
  return compact({
    indexCount: f.indexCount,
    type: call.enums.value('fieldType', f.type),
    class: call.enums.value('fieldClass', f.class),
    access: call.enums.value('fieldAccess', f.access),
    overflow: call.enums.value('fieldOverflow', f.overflow),
    initialValue: f.initialValue || undefined,
    format: f.format || undefined,
    coercivity: f.coercivity === undefined ? undefined : call.enums.value('fieldCoercivity', f.coercivity),
  });
}

export async function getQueryField(call: PtrCall): Promise<CommandResult> {
  const query: { formName: unknown; fieldName?: unknown } = { formName: call.payload?.formName };
  if (call.payload?.fieldName !== undefined) query.fieldName = call.payload.fieldName;
  const done = await call.getInfo('WFS_INF_PTR_QUERY_FIELD', query);
  if (!done.ok) return call.failure(done);
  const fields: JsonObject = {};
  const shape = call.major >= 3 ? field3 : field;
  for (const f of (done.data as PtrFormField[] | undefined) ?? []) fields[f.fieldName] = shape(f, call);
  return success({ fields });
}

// 2024-03 (major 3) describes forms and media as structured definitions (unit, size, alignment,
// printArea objects; fields keyed by name with their whole definition). The 3.x form header, media
// and field structures carry part of that: what they have is filled in, the rest (field positions,
// fonts, frames, subforms) is left out, which the definitions allow (every property is optional).

/** 0 means "not given" in 3.x where 2024-03's minimum is 1. */
function positive(value: number): number | undefined {
  return value > 0 ? value : undefined;
}

function area(x: number, y: number, width: number, height: number): JsonObject | undefined {
  if (x === 0 && y === 0 && width === 0 && height === 0) return undefined;
  return compact({ x, y, width: positive(width), height: positive(height) });
}

function field3(f: PtrFormField, call: PtrCall): JsonObject {
  return compact({
    index: f.indexCount > 0 ? { repeatCount: f.indexCount } : undefined,
    fieldType: call.enums.value('fieldType', f.type),
    class: call.enums.value('fieldClass', f.class),
    access: call.enums.value('fieldAccess', f.access),
    overflow: call.enums.value('fieldOverflow', f.overflow),
    coercivity: f.coercivity === undefined ? undefined : call.enums.value('fieldCoercivity', f.coercivity),
    format: f.format || undefined,
    initialValue: f.initialValue || undefined,
  });
}

/** The form's fields with their definitions; a field the printer does not describe is null. */
async function formFields3(call: PtrCall, form: PtrFormHeader): Promise<JsonObject> {
  const fields: JsonObject = Object.fromEntries(form.fields.map((name) => [name, null]));
  if (form.fields.length === 0) return fields;
  const done = await call.getInfo('WFS_INF_PTR_QUERY_FIELD', { formName: form.formName });
  if (done.ok) for (const f of (done.data as PtrFormField[] | undefined) ?? []) if (f.fieldName in fields) fields[f.fieldName] = field3(f, call);
  return fields;
}

async function queryForm3(call: PtrCall, form: PtrFormHeader): Promise<CommandResult> {
  return success({
    form: compact({
      unit: compact({ base: call.enums.value('formBase', form.base), x: positive(form.unitX), y: positive(form.unitY) }),
      size: compact({ width: positive(form.width), height: positive(form.height) }),
      alignment: compact({ relative: call.enums.value('formAlignment', form.alignment), x: form.offsetX, y: form.offsetY }),
      orientation: call.enums.value('formOrientation', form.orientation),
      version: form.versionMajor > 0 ? { version: `${form.versionMajor}.${form.versionMinor}` } : undefined,
      userPrompt: form.userPrompt || undefined,
      fields: await formFields3(call, form),
    }),
  });
}

/** WFS_PTR_PAPER* bits -> the one source 2024-03 names: the single source given, else any. */
function mediaSource(call: PtrCall, bits: number): string | undefined {
  if (bits === 0) return undefined;
  const named = Object.entries(call.enums.flagsToObject('paperSource', bits)).filter(([name, on]) => on && name !== 'any');
  return named.length === 1 ? named[0][0] : 'any';
}

function queryMedia3(call: PtrCall, media: PtrFormMedia): CommandResult {
  const fold = call.enums.value('wFoldType', media.foldType);
  return success({
    media: compact({
      mediaType: call.enums.value('fwMediaType', media.mediaType),
      source: mediaSource(call, media.paperSources),
      // WFSFRMMEDIA.wBase has the same codes as the form header's, whose table spells 2024-03's rowColumn.
      unit: compact({ base: call.enums.value('formBase', media.base), x: positive(media.unitX), y: positive(media.unitY) }),
      size: compact({ width: positive(media.sizeWidth), height: positive(media.sizeHeight) }),
      printArea: area(media.printAreaX, media.printAreaY, media.printAreaWidth, media.printAreaHeight),
      restricted: area(media.restrictedAreaX, media.restrictedAreaY, media.restrictedAreaWidth, media.restrictedAreaHeight),
      fold: fold === 'none' ? undefined : fold,
      staggering: media.stagger,
      page: positive(media.pageCount),
      lines: positive(media.lineCount),
    }),
  });
}
