// Templates rendered to text (pure), so existing files can be merged with what the template would
// write before anything is written. Same ejs as yeoman's copyTpl; includes resolve from templates/.
import ejs from 'ejs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

export function render(template: string, data: object): string {
  const filename = path.join(TEMPLATES, template);
  const text = fs.readFileSync(filename, 'utf8');
  return template.endsWith('.ejs') ? ejs.render(text, data, { filename }) : text;
}
