// What `yo nonroot` stored in .yo-rc.json (yeoman keeps a generator's answers under its name): the
// strategy, and the IDs baked into the image for strategies that store them. doctor and verify
// judge the repo against it; undefined when the generator never ran here.

export interface Stored {
  idStrategy?: string;
  uid?: number;
  gid?: number;
}

export function readStored(text: string | undefined): Stored | undefined {
  if (text === undefined) return undefined;
  try {
    const answers = (JSON.parse(text) as Record<string, Record<string, unknown> | undefined>)['generator-nonroot'] ?? {};
    const id = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
    return {
      idStrategy: typeof answers.idStrategy === 'string' ? answers.idStrategy : undefined,
      uid: id(answers.uid),
      gid: id(answers.gid),
    };
  } catch {
    return {};
  }
}
