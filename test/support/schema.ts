// The Dev Container spec's JSON schema (devcontainers/spec, draft 2019-09), kept in the repo so
// tests do not depend on anything outside it.
import { Ajv2019 } from 'ajv/dist/2019.js';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const schema = JSON.parse(
  fs.readFileSync(fileURLToPath(new URL('../fixtures/schemas/devContainer.base.schema.json', import.meta.url)), 'utf8'),
);
// strict: false for the schema's own allowComments/allowTrailingCommas keywords; formats (uri)
// are not what these tests are about.
const validate = new Ajv2019({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

/** The schema errors as readable lines; [] when valid. */
export function validateDevcontainer(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}
