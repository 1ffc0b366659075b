// The docs and the code in step where they share facts: the rules page is the rule table rendered
// (`npm run docs`), every flag the commands declare has its row in a flags table and every flag
// the docs give our commands exists, the strategies page lists the strategy table, and every
// relative link leads to a file (and heading) in this repo.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { settings } from '../../src/app/settings.js';
import { strategyIds } from '../../src/core/strategies/index.js';
import { OPTIONS } from '../../src/check/options.js';
import { OPTIONS as DOCTOR_OPTIONS } from '../../src/doctor/options.js';
import { OPTIONS as RECLAIM_OPTIONS } from '../../src/reclaim/options.js';
import { OPTIONS as VERIFY_OPTIONS } from '../../src/verify/options.js';
import { rulesPage } from '../../src/check/report/rules-page.js';
import { RULES } from '../../src/check/rules/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
/** README.md and every page of docs/, as repo-relative paths. */
const DOCS = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/** A page's lines, each marked as inside a fenced code block or not. */
function lines(text: string): { text: string; fenced: boolean }[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return { text: line, fenced: true };
    }
    return { text: line, fenced };
  });
}

/** The tables of a page (outside code blocks): rows of cells, the header first, the |---| line left out. */
function tables(text: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of lines(text)) {
    if (line.fenced || !line.text.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (!current) found.push((current = []));
    if (/^\|[\s:|-]+\|$/.test(line.text)) continue;
    current.push(
      line.text
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return found;
}

/** `--flag`s named in a table's first column, for tables whose first header cell is `header`. */
function tableFlags(header: string): string[] {
  const flags = DOCS.flatMap((file) =>
    tables(read(file))
      .filter((table) => table[0][0] === header)
      .flatMap((table) => table.slice(1).flatMap((row) => [...row[0].matchAll(/`--([a-z][a-z0-9-]*)/g)].map((m) => m[1]))),
  );
  return [...new Set(flags)].sort();
}

describe('docs/rules.md', () => {
  it('is the rule table rendered', () => {
    // On a difference: run `npm run docs`, which writes the page from src/check/rules/.
    expect({ file: 'docs/rules.md', text: read('docs/rules.md') }).toEqual({ file: 'docs/rules.md', text: rulesPage(RULES) });
  });

  it('has a section for every rule, with its why and fix', () => {
    const page = rulesPage(RULES);
    for (const rule of RULES) {
      expect(page).toContain(`## ${rule.id} ${rule.name}\n`);
      expect(page).toContain(rule.why);
      expect(page).toContain(rule.fix);
    }
  });
});

describe('flags', () => {
  // The generator's flags: the settings table, and the options src/app/index.ts declares beside it (--yes).
  const declared = [...read('src/app/index.ts').matchAll(/this\.option\(\s*'([a-z][a-z0-9-]*)'/g)].map((m) => m[1]);
  const generatorFlags = [...new Set([...settings.map((s) => s.flag), ...declared])].sort();
  const checkFlags = OPTIONS.map((o) => o.flag as string).sort();
  // Yeoman's own options, which the docs mention and `yo nonroot` takes as any generator does.
  const yeomanFlags = ['force', 'dry-run', 'skip-cache', 'help'];

  it('every flag the generator declares has its row in the flags table, and the table no other', () => {
    expect(declared).toContain('yes');
    expect(tableFlags('flag')).toEqual(generatorFlags);
  });

  it('every option of check has its row in the options table, and the table no other', () => {
    expect(tableFlags('option')).toEqual(checkFlags);
  });

  it('every flag the docs give `yo nonroot`, `generator-nonroot` or its commands exists', () => {
    // In code (fenced blocks and `spans`), what follows one of our commands up to a comment, pipe,
    // redirection or the next command; a `--user` of docker's or a `--chown` of a Dockerfile's is
    // never after one of ours.
    const ours =
      'yo nonroot:(?:check|doctor|verify|reclaim)|yo nonroot|generator-nonroot (?:check|doctor|verify|reclaim)|generator-nonroot';
    const command = new RegExp(`(?:^|[\\s(\`])(${ours})(?=\\s|\`|$)([^\`]*)`, 'g');
    const commandFlags: Record<string, readonly { flag: string }[]> = {
      check: OPTIONS,
      doctor: DOCTOR_OPTIONS,
      verify: VERIFY_OPTIONS,
      reclaim: RECLAIM_OPTIONS,
    };
    const unknown: string[] = [];
    let checked = 0;
    for (const file of DOCS) {
      for (const line of lines(read(file))) {
        const code = line.fenced ? [line.text] : [...line.text.matchAll(/`([^`]+)`/g)].map((m) => `\`${m[1]}\``);
        for (const text of code) {
          for (const [, name, rest] of text.matchAll(command)) {
            const args = rest.split(/\s#|\s\|\s|\s>|&&|;|\|\|/)[0];
            const sub = /(check|doctor|verify|reclaim)$/.exec(name)?.[1];
            const known = sub ? [...commandFlags[sub].map((o) => o.flag), 'help'] : [...generatorFlags, ...yeomanFlags];
            for (const [, flag] of args.matchAll(/(?:^|\s)--([a-z][a-z0-9-]*)/g)) {
              checked += 1;
              if (!known.includes(flag)) unknown.push(`${file}: ${name} --${flag} (in ${text.trim()})`);
            }
          }
        }
      }
    }
    expect(unknown).toEqual([]);
    // The check looks at something: the README's own examples give flags to both commands.
    expect(checked).toBeGreaterThan(5);
  });
});

it('docs/strategies.md lists every strategy, in the prompt order, and no other', () => {
  const table = tables(read('docs/strategies.md')).find((t) => t[0][0] === 'strategy');
  expect(table?.slice(1).map((row) => row[0].replace(/`/g, ''))).toEqual(strategyIds);
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const line of lines(text)) {
    const heading = !line.fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line.text);
    if (!heading) continue;
    const base = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

it('every relative link in README.md and docs/ leads to a file in this repo, and to a heading there', () => {
  const dead: string[] = [];
  let links = 0;
  for (const file of DOCS) {
    const text = read(file);
    for (const line of lines(text)) {
      if (line.fenced) continue;
      const prose = line.text.replace(/`[^`]*`/g, '');
      const targets = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/g)].map(
        (m) => m[1],
      );
      for (const target of targets) {
        if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) continue; // https:, mailto:: not ours to check
        links += 1;
        const [rel, fragment] = target.split('#');
        const resolved = rel ? path.resolve(root, path.dirname(file), decodeURIComponent(rel)) : path.join(root, file);
        const inRepo = path.relative(root, resolved);
        if (inRepo.startsWith('..') || path.isAbsolute(inRepo)) dead.push(`${file}: ${target} is outside the repo`);
        else if (!fs.existsSync(resolved)) dead.push(`${file}: ${target} does not exist`);
        else if (fragment && resolved.endsWith('.md') && !anchors(fs.readFileSync(resolved, 'utf8')).has(fragment))
          dead.push(`${file}: ${target} has no heading #${fragment}`);
      }
    }
  }
  expect(dead).toEqual([]);
  expect(links).toBeGreaterThan(10);
});

it('the README stays a landing page: under 200 lines', () => {
  expect(read('README.md').split('\n').length).toBeLessThan(200);
});
