// The compose property tests' cases: a compose file in the styles people write, and the service a
// run wants. Shared by the unit properties and the integration test that asks `docker compose config`.
import fc from 'fast-check';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { mergeCompose, type WantedService } from '../../../src/app/merge/compose.js';
import { composeArb, wantedFor, wantedParamsArb, type ComposeCase } from './compose.js';

/** Input, wanted and output, for a failing case's message. */
export const show = (c: ComposeCase, wanted: WantedService[], out?: string) =>
  `\n--- input (dir ${c.dir}) ---\n${c.text}\n--- wanted ---\n${JSON.stringify(wanted)}\n--- output ---\n${out ?? '(threw)'}\n`;

export const merge = (c: ComposeCase, wanted: WantedService[]) => mergeCompose(c.text, 'compose.yaml', c.dir, wanted);

/**
 * PROP_SKIP=A,B,… leaves out inputs of the known bug classes (the `[bug X]` tests at the end) so a
 * run can look past them for new ones. Unset (the default, CI), every input is tried.
 */
export const SKIP = new Set((process.env.PROP_SKIP ?? '').split(',').filter(Boolean));
function tags(c: ComposeCase, wanted: WantedService[]): string[] {
  const doc = parseDocument(c.text, { merge: true });
  const data = doc.toJS({ maxAliasCount: -1 }) as { services?: Record<string, Record<string, unknown>> };
  const out: string[] = [];
  for (const w of wanted) {
    const service = doc.getIn(['services', w.name], true);
    if (!isMap(service)) continue;
    const merged = data.services?.[w.name] ?? {};
    const build = service.get('build', true);
    const args = isMap(build) ? build.get('args', true) : undefined;
    const flowArgs = service.flow || (isMap(build) && build.flow) || ((isMap(args) || isSeq(args)) && args.flow);
    if (flowArgs && JSON.stringify(merged.build ?? null).includes('HOST_') && Object.keys(w.args).length === 0) out.push('A');
    if (service.flow && isScalar(build) && Object.keys(w.args).length > 0) out.push('B');
    if (
      Array.isArray(merged.volumes) &&
      merged.volumes.some((v) => /^\.\.?\/(:|$)/.test(typeof v === 'string' ? v : String((v as { source?: string }).source)))
    )
      out.push('C');
    const last = service.items.at(-1);
    if (
      !service.flow &&
      isSeq(last?.value) &&
      !last.value.flow &&
      c.text.slice(0, last.value.range![0]).split('\n').at(-1)!.length ===
        c.text
          .slice(0, (last.key as { range: number[] }).range[0])
          .split('\n')
          .at(-1)!.length
    )
      out.push('D');
    const lastNode = last?.value as { range?: number[] } | null | undefined;
    if (lastNode?.range && /\n[ \t]+$/.test(c.text.slice(lastNode.range[0], lastNode.range[1]))) out.push('J');
    const inheritedArgs = service.has('build') ? undefined : (merged.build as { args?: unknown } | undefined)?.args;
    if (Array.isArray(inheritedArgs)) out.push('E');
    if (JSON.stringify(inheritedArgs ?? null).includes('HOST_')) out.push('L');
    if (!service.has('volumes') && Array.isArray(merged.volumes)) out.push('M');
    if (inheritedArgs && typeof inheritedArgs === 'object' && Object.values(inheritedArgs).some((v) => typeof v !== 'string'))
      out.push('F');
    if (Array.isArray((merged.build as { args?: unknown } | undefined)?.args) && JSON.stringify(merged.build).includes('HOST_'))
      out.push('I');
  }
  if (!c.text.endsWith('\n')) out.push('G');
  return out;
}
export const skipped = (c: ComposeCase, wanted: WantedService[]) => SKIP.size > 0 && tags(c, wanted).some((t) => SKIP.has(t));
export const caseArb = fc
  .tuple(composeArb, wantedParamsArb)
  .map(([c, p]) => ({ c, p, wanted: [wantedFor(c, p)] }))
  .filter(({ c, wanted }) => !skipped(c, wanted));
