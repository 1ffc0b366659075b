// Writes docs/rules.md from the rule table (src/check/rules/), through the build: `npm run docs`
// compiles src/ to generators/ first. test/unit/docs.test.ts fails when the page and the table differ.
import fs from 'node:fs';
import { rulesPage } from '../../generators/check/report/rules-page.js';
import { RULES } from '../../generators/check/rules/index.js';

const target = new URL('../../docs/rules.md', import.meta.url);
const text = rulesPage(RULES);
const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
if (before !== text) {
  fs.mkdirSync(new URL('.', target), { recursive: true });
  fs.writeFileSync(target, text);
}
console.log(`docs/rules.md: ${before === text ? 'unchanged' : 'written'}, ${RULES.length} rules`);
