// Printer.GetFormList, GetMediaList, GetQueryForm, GetQueryMedia and GetQueryField on the PTR form
// and media queries (2023-2 payloads: the 3.x form header, media and field definitions, flattened).
import type { CommandResult, JsonObject } from '../../xfs4iot/backend.ts';
import type { PtrCapabilities, PtrFormField, PtrFormHeader, PtrFormMedia, PtrStatus } from '../../legacy-xfs3/ptr-types.ts';
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
  const done = await call.getInfo('WFS_INF_PTR_QUERY_MEDIA', { mediaName: call.payload?.mediaName });
  if (!done.ok) return call.failure(done);
  const media = done.data as PtrFormMedia;
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
  for (const f of (done.data as PtrFormField[] | undefined) ?? []) fields[f.fieldName] = field(f, call);
  return success({ fields });
}
