// Property-based tests (fast-check) of mergeDockerfile's line edits (issue 7, point 7):
// multi-stage Dockerfiles in the styles people write them, the stages compose builds, and what
// must hold every time (the rules of src/app/merge/dockerfile-place.ts).
import fc from 'fast-check';
import { DockerfileParser } from 'dockerfile-ast';
import { mergeDockerfile } from '../../src/app/merge/dockerfile.js';
import {
  blocks,
  builtOrFrom,
  CHOWN,
  contextFor,
  ctxParamsArb,
  dockerfileArb,
  KEYWORDS,
  OWNER,
  stages,
  targetIndexes,
  targetsArb,
  withoutBlocks,
  type CtxParams,
  type DockerfileCase,
} from '../support/arbitraries/dockerfile.js';

// A merge parses the file once per pass (two or three): these numbers keep the file near 10 s.
const RUNS = Number(process.env.PROP_RUNS ?? 80);

interface Case {
  c: DockerfileCase;
  targets: (string | undefined)[];
  p: CtxParams;
}

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(dockerfileArb, ctxParamsArb)
  .chain(([c, p]) => targetsArb(c).map((targets) => ({ c, targets, p })));

const merge = (text: string, p: CtxParams, targets: (string | undefined)[]) => mergeDockerfile(text, contextFor(p), 'Dockerfile', targets);

const show = ({ c, targets, p }: Case, out?: string) =>
  `\n--- input ---\n${c.text}\n--- targets ${JSON.stringify(targets)}, answers ${JSON.stringify(p)} ---\n` +
  `${out === undefined ? '' : `--- output ---\n${out}\n`}`;

const fail = (problems: string[], k: Case, out?: string) => {
  if (problems.length > 0) throw new Error(`${problems.join('\n')}${show(k, out)}`);
};

const isCopy = (line: string) => /^\s*(copy|add)\s/i.test(line);
const isUser = (line: string) => /^\s*user\s/i.test(line);
const isRoot = (user: string) => /^(root|0)(:.*)?$/.test(user);
const userOf = (line: string) =>
  line
    .trim()
    .replace(/^user\s+/i, '')
    .trim();
const withoutChown = (line: string) => line.replace(/\s--chown=\S+/g, '');

/** Steps that name a user they give files to or run as (the references a rename rewrites). */
const NAMES_USER = /\b(chown|chgrp|su|gosu|su-exec|runuser)\b/;

/**
 * An original line and the line that stands in its place: the same, or one of the changes the
 * placement rules allow below the user block of a built stage (COPY/ADD gets --chown=UID:GID,
 * a USER naming a user becomes numeric, a step naming a renamed user names the new one).
 */
function allowedChange(before: string, after: string, username: string): boolean {
  if (before === after) return true;
  // In a stage built FROM an adopted one the block's ID args are not in scope: the user by name.
  if (isCopy(before) && (after.includes(CHOWN) || after.includes(`--chown=${username}`)) && withoutChown(before) === withoutChown(after))
    return true;
  if (
    NAMES_USER.test(before) &&
    before.replace(/\b[a-z_][a-z0-9_-]*\b/g, 'W') === after.replace(/\b[a-z_][a-z0-9_-]*\b/g, 'W') &&
    after.includes(username)
  )
    return true;
  return (
    isUser(before) &&
    !isRoot(userOf(before)) &&
    (after.trim() === OWNER || new RegExp(`^user ${username}(:${username})?$`, 'i').test(after.trim()))
  );
}

/** The user each line runs as (its stage's USER so far; a stage FROM an earlier one starts as that one ended). */
function effectiveUsers(text: string): Map<number, string> {
  const lines = text.split('\n');
  const at = new Map<number, string>();
  const ended = new Map<string, string>();
  let user = 'root';
  let name: string | undefined;
  for (const i of DockerfileParser.parse(text).getInstructions()) {
    const n = i.getRange().start.line;
    if (i.getKeyword() === 'FROM') {
      if (name !== undefined) ended.set(name, user);
      const from = i as unknown as { getImage(): string | null; getBuildStage(): string | null };
      user = ended.get((from.getImage() ?? '').toLowerCase()) ?? 'root';
      name = from.getBuildStage()?.toLowerCase() ?? `#${n}`;
    } else if (i.getKeyword() === 'USER') user = userOf(lines[n]);
    at.set(n, user);
  }
  return at;
}

/** For each line of the original, the line that stands in its place in the output (blocks left out). */
function placesOf(out: string): number[] {
  const inBlock = blocks(out);
  const lines = out.split('\n');
  const kept = withoutBlocks(out);
  const map: number[] = [];
  let j = 0;
  lines.forEach((line, n) => {
    if (inBlock.some((b) => n >= b.start && n <= b.end)) return;
    if (inBlock.some((b) => b.name === 'final-user' && b.start === n + 1 && line.trim() === '')) return;
    if (j < kept.length) map[j++] = n;
  });
  return map;
}

describe('mergeDockerfile properties', () => {
  it('1. the result parses: every line is an instruction, its continuation, a comment or blank', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const out = merge(k.c.text, k.p, k.targets);
        const df = DockerfileParser.parse(out);
        const covered = new Set<number>();
        for (const i of df.getInstructions()) for (let l = i.getRange().start.line; l <= i.getRange().end.line; l += 1) covered.add(l);
        const problems = df
          .getInstructions()
          .filter((i) => !KEYWORDS.has(i.getKeyword()))
          .map((i) => `unknown instruction ${i.getKeyword()} at line ${i.getRange().start.line + 1}`);
        out.split('\n').forEach((line, n) => {
          if (line.trim() !== '' && !line.trim().startsWith('#') && !covered.has(n))
            problems.push(`line ${n + 1} belongs to no instruction: ${line}`);
        });
        fail(problems, k, out);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    "2/7. removing the generator's blocks gives back the original, but for " +
      "--chown on COPY/ADD, named USERs made numeric and a renamed user's " +
      'steps (in built stages and those built FROM them only)',
    () => {
      fc.assert(
        fc.property(caseArb, (k) => {
          const out = merge(k.c.text, k.p, k.targets);
          const original = k.c.text.split('\n');
          const back = withoutBlocks(out);
          const problems: string[] = [];
          if (back.length !== original.length)
            problems.push(`${original.length} lines in, ${back.length} lines out once the blocks are removed`);
          // A stage built FROM a built one inherits its user: a rename's steps follow there too.
          const built = builtOrFrom(k.c.text, k.targets);
          const spans = stages(k.c.text);
          // A file the generator wrote follows --base-image in its last FROM (dockerfile.ts, followBaseImage).
          const lastFrom = spans.at(-1)!.start;
          const followsBase = k.c.text.startsWith('# Generated by generator-nonroot');
          original.forEach((line, n) => {
            if (n >= back.length || line === back[n]) return;
            if (followsBase && n === lastFrom && back[n].includes(contextFor(k.p).baseImage)) return;
            const stage = spans.find((s) => n >= s.start && n <= s.end);
            if (!allowedChange(line, back[n], k.p.username))
              problems.push(`line ${n + 1} changed: ${JSON.stringify(line)} -> ${JSON.stringify(back[n])}`);
            else if (!stage || !built.has(stage.index))
              problems.push(`line ${n + 1} changed in a stage that is not built: ${JSON.stringify(line)} -> ${JSON.stringify(back[n])}`);
          });
          fail(problems, k, out);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('3. the user block is in each built stage, once, and in no other', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const out = merge(k.c.text, k.p, k.targets);
        const spans = stages(out);
        const withBlock = blocks(out)
          .filter((b) => b.name === 'user')
          .map((b) => spans.find((s) => b.start > s.start && b.end <= s.end)?.index);
        const want = [...targetIndexes(k.c.text, k.targets)].sort();
        const got = [...withBlock].sort();
        if (JSON.stringify(got) !== JSON.stringify(want))
          fail([`user blocks in stages ${JSON.stringify(got)}, built stages ${JSON.stringify(want)}`], k, out);
      }),
      { numRuns: RUNS },
    );
  });

  it('4. `COPY --from=x / /` and copies into /usr or /etc never get --chown; `COPY . <workspace>` below the block always does', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const out = merge(k.c.text, k.p, k.targets);
        const originalLines = new Set(k.c.text.split('\n'));
        const problems: string[] = [];
        const inBlock = blocks(out);
        const df = DockerfileParser.parse(out);
        const spans = stages(out);
        const built = targetIndexes(k.c.text, k.targets);
        for (const i of df.getInstructions()) {
          const n = i.getRange().start.line;
          if (inBlock.some((b) => n >= b.start && n <= b.end) || !['COPY', 'ADD'].includes(i.getKeyword())) continue;
          const line = out.split('\n')[n];
          const args = i.getArguments().map((a) => a.getValue());
          const dest = args.at(-1) ?? '';
          const system =
            (args.some((a) => a.startsWith('--from=')) && args.slice(-2).join(' ') === '/ /') || /^\/(usr|etc)(\/|$)/.test(dest);
          if (system && line.includes(CHOWN) && !originalLines.has(line)) problems.push(`--chown on a copy into a system path: ${line}`);
          const stage = spans.find((s) => n > s.start && n <= s.end);
          const block = inBlock.find((b) => b.name === 'user' && stage && b.start > stage.start && b.end <= stage.end);
          if (
            stage &&
            built.has(stage.index) &&
            block &&
            n > block.end &&
            dest === k.p.workspace &&
            args.includes('.') &&
            !line.includes(CHOWN)
          ) {
            problems.push(`COPY into the workspace below the user block without ${CHOWN}: ${line}`);
          }
        }
        fail(problems, k, out);
      }),
      { numRuns: RUNS },
    );
  });

  it('5. every built stage ends as the user: its last USER is the numeric one, no USER naming a user below the block', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const out = merge(k.c.text, k.p, k.targets);
        const lines = out.split('\n');
        const spans = stages(out);
        const inBlock = blocks(out);
        const problems: string[] = [];
        for (const index of targetIndexes(k.c.text, k.targets)) {
          const s = spans[index];
          const users = DockerfileParser.parse(out)
            .getInstructions()
            .filter((i) => i.getKeyword() === 'USER' && i.getRange().start.line > s.start && i.getRange().start.line <= s.end);
          const last = users.at(-1);
          if (!last || lines[last.getRange().start.line].trim() !== OWNER)
            problems.push(`stage ${index} ends as ${last ? lines[last.getRange().start.line] : 'root (no USER)'}`);
          const block = inBlock.find((b) => b.name === 'user' && b.start > s.start && b.end <= s.end);
          for (const u of users) {
            const n = u.getRange().start.line;
            const user = userOf(lines[n]);
            if (block && n > block.end && !inBlock.some((b) => n >= b.start && n <= b.end) && !isRoot(user) && lines[n].trim() !== OWNER)
              problems.push(`USER naming a user below the block: ${lines[n]}`);
          }
        }
        fail(problems, k, out);
      }),
      { numRuns: RUNS },
    );
  });

  it('6. a rerun with the same answers and targets changes nothing (idempotence)', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const once = merge(k.c.text, k.p, k.targets);
        const twice = merge(once, k.p, k.targets);
        if (twice !== once) fail([`rerun changed the text:\n${twice}`], k, once);
      }),
      { numRuns: RUNS },
    );
  });

  it('8. RUN steps that ran as root (apt-get, useradd, chown) still run as root', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const out = merge(k.c.text, k.p, k.targets);
        const before = effectiveUsers(k.c.text);
        const after = effectiveUsers(out);
        const places = placesOf(out);
        const problems: string[] = [];
        k.c.text.split('\n').forEach((line, n) => {
          if (!/^\s*run\s/i.test(line) || !/apt-get|useradd|adduser|chown/.test(line) || !isRoot(before.get(n) ?? 'root')) return;
          const user = after.get(places[n]) ?? 'root';
          if (!isRoot(user)) problems.push(`line ${n + 1} ran as root and now runs as ${user}: ${line}`);
        });
        fail(problems, k, out);
      }),
      { numRuns: RUNS },
    );
  });

  it(
    '11. in a built stage, USER and --chown below the block name its user ' +
      '(or root), as do steps that named the taken-over user; above it, what ' +
      'was given to that user is re-owned',
    () => {
      fc.assert(
        fc.property(caseArb, (k) => {
          const out = merge(k.c.text, k.p, k.targets);
          const lines = out.split('\n');
          const spans = stages(out);
          const inBlock = blocks(out);
          const problems: string[] = [];
          for (const index of targetIndexes(k.c.text, k.targets)) {
            const s = spans[index];
            const block = inBlock.find((b) => b.name === 'user' && b.start > s.start && b.end <= s.end);
            if (!block) continue;
            const text = lines.slice(block.start, block.end + 1).join('\n');
            const mine = /^ARG USERNAME=(\S+)/m.exec(text)?.[1];
            const taken = /NONROOT_TAKEOVER=(\S+)/.exec(text)?.[1];
            const reown = (/NONROOT_REOWN="([^"]*)"/.exec(text)?.[1] ?? '').split(' ').filter(Boolean);
            for (let n = s.start + 1; n <= s.end; n += 1) {
              if (inBlock.some((b) => n >= b.start && n <= b.end) || lines[n].trim().startsWith('#')) continue;
              // The user in `chown X`, `--chown=X`, `USER X`, `su X`, `gosu X` (quoted in the exec form).
              for (const m of lines[n].matchAll(
                /(?:\bchown"?,?\s+(?:"?-R"?,?\s+)?"?|--chown=|^\s*user\s+|\b(?:su|gosu)\s+)([a-z_$][\w${}-]*|\d+)/gi,
              )) {
                const user = m[1];
                if (isRoot(user) || user.startsWith('$') || user === mine) continue;
                // Below the block: USER and --chown always name the block's user; a RUN step, when it named the taken-over one.
                const owned = !/^\s*run\s/i.test(lines[n]) || user === taken || new RegExp(`\\b${user}\\b`).test(k.c.text) === false;
                if (n > block.end && owned) problems.push(`line ${n + 1} names ${user}, not the block's user ${mine}: ${lines[n]}`);
                else if (n > block.end) continue;
                // Above it, what was given to the taken-over user is re-owned by the block. (A second
                // user a file names besides it cannot be both: `check` reports that, NR109.)
                else if (user === taken && /chown/.test(lines[n])) {
                  const target = lines[n].match(/(\/[\w/.-]*)"?\]?\s*$/)?.[1];
                  if (target && !reown.some((d) => target === d || target.startsWith(`${d}/`)))
                    problems.push(`line ${n + 1} gives ${target} to ${user} above the block, which re-owns only ${reown.join(' ')}`);
                }
              }
            }
          }
          fail(problems, k, out);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('9. other answers (user name, strategy, sudo), then the first answers again, give the first result', () => {
    fc.assert(
      fc.property(caseArb, ctxParamsArb, (k, changed) => {
        // A --chown added for another workspace or volume cannot be told from the user's own: those stay the same.
        const other = { ...changed, workspace: k.p.workspace, volumes: k.p.volumes };
        const first = merge(k.c.text, k.p, k.targets);
        const back = merge(merge(first, other, k.targets), k.p, k.targets);
        if (back !== first) fail([`with ${JSON.stringify(other)} and back:\n${back}`], k, first);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('10. building other stages moves the user blocks: after a rerun with new targets they are in exactly those stages', () => {
    fc.assert(
      fc.property(
        caseArb.chain((k) => targetsArb(k.c).map((next) => ({ k, next }))),
        ({ k, next }) => {
          const first = merge(k.c.text, k.p, k.targets);
          const out = merge(first, k.p, next);
          const spans = stages(out);
          const got = blocks(out)
            .filter((b) => b.name === 'user')
            .map((b) => spans.find((s) => b.start > s.start && b.end <= s.end)?.index)
            .sort();
          const want = [...targetIndexes(k.c.text, next)].sort();
          if (JSON.stringify(got) !== JSON.stringify(want))
            fail(
              [`after retargeting to ${JSON.stringify(next)}: user blocks in ${JSON.stringify(got)}, want ${JSON.stringify(want)}`],
              k,
              out,
            );
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});

describe('mergeDockerfile: one property per bug found (regression tests)', () => {
  it(
    '[bug DF1] a CRLF Dockerfile stays CRLF: the blocks and the lines it ' +
      'changes end in CRLF too (was: LF blocks, and `USER node\\r\\n` becomes ' +
      '`USER ${UID}:${GID}\\n`)',
    () => {
      fc.assert(
        fc.property(caseArb, (k) => {
          const crlf = { ...k, c: { ...k.c, text: k.c.text.replace(/\n/g, '\r\n') } };
          const out = merge(crlf.c.text, k.p, k.targets);
          const bare = out
            .split('\n')
            .slice(0, -1)
            .findIndex((line) => !line.endsWith('\r'));
          if (bare !== -1) fail([`line ${bare + 1} ends in LF only: ${JSON.stringify(out.split('\n')[bare])}`], crlf, out);
        }),
        { numRuns: 20 },
      );
    },
  );
});
