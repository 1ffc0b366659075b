// Kubernetes manifests for the tests: the fixtures as in-memory repos, the schema check every
// manifest written must pass (kubernetes-models: the API's OpenAPI schemas as ajv validators), and
// fast-check arbitraries of manifests in the styles people write, with an independent model of
// what mergeManifest must make of them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { memoryRepo } from '../../../src/core/layout/repo.js';
import { memoryFiles, withFiles, type ListingRepo } from '../../../src/core/kube/listing.js';

// ---------------------------------------------------------------- fixtures and the schema

const FIXTURES = fileURLToPath(new URL('../../fixtures/kube', import.meta.url));

/** The files under a folder, by path relative to it. */
function readTree(root: string, dir = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, readTree(root, rel));
    else out[rel] = fs.readFileSync(path.join(root, rel), 'utf8');
  }
  return out;
}

/** test/fixtures/kube/<name>/ as an in-memory repo that can list its files, and the files themselves. */
export function fixtureRepo(name: string): { repo: ListingRepo; files: Record<string, string> } {
  const files = readTree(path.join(FIXTURES, name));
  return { repo: withFiles(memoryRepo(files), memoryFiles(files)), files };
}

type Validating = new (data: never) => { validate(): void };
const MODELS: Record<string, Validating> = {
  'apps/v1 Deployment': Deployment,
  'apps/v1 DaemonSet': DaemonSet,
  'apps/v1 ReplicaSet': ReplicaSet,
  'apps/v1 StatefulSet': StatefulSet,
  'batch/v1 CronJob': CronJob,
  'batch/v1 Job': Job,
  'v1 ConfigMap': ConfigMap,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'v1 Pod': Pod,
  'v1 Service': Service,
  'v1 ServiceAccount': ServiceAccount,
};

/**
 * The schema errors of one Kubernetes object ([] when it is valid). A kind the table does not know
 * is an error too, so that a test never passes by validating nothing.
 */
export function validateKube(object: unknown): string[] {
  const o = (object ?? {}) as { apiVersion?: string; kind?: string };
  const Model = MODELS[`${o.apiVersion} ${o.kind}`];
  if (!Model) return [`no schema for ${o.apiVersion} ${o.kind}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
