// Each strategy through yeoman, non-interactively: the files it writes, parsed and checked for
// consistency with each other (same IDs, user, workspace and service everywhere).
import { ALWAYS_WRITTEN, generate } from '../support/generate.js';
import { validateDevcontainer } from '../support/schema.js';

describe.each([
  ['build-arg', {}],
  ['fixed', { uid: '1234567890', gid: '20' }],
  ['devcontainer', {}],
])('--id-strategy %s --yes', (strategy, ids) => {
  let out: Awaited<ReturnType<typeof generate>>;
  beforeAll(async () => {
    out = await generate({ options: { yes: true, 'id-strategy': strategy, username: 'ana', ...ids }, host: { uid: 1500, gid: 20 } });
  });
  afterAll(() => out.cleanup());

  it('asks nothing', () => {
    expect(out.result.askedQuestions).toEqual([]);
  });

  it('writes the files of its strategy', () => {
    const extra = strategy === 'build-arg' ? ['.env', '.nonroot/host-ids.sh'] : [];
    expect(out.files()).toEqual([...ALWAYS_WRITTEN, ...extra].sort());
  });

  it('ends the Dockerfile as the numeric user, with the user block after FROM', () => {
    const instructions = out.dockerfile();
    const from = instructions.findIndex((i) => i.startsWith('FROM '));
    const argUid = instructions.findIndex((i) => /^ARG UID\b/.test(i));
    const run = instructions.findIndex((i) => i.startsWith('RUN ') && i.includes('nonroot-create-user.sh'));
    expect(from).toBeLessThan(argUid);
    expect(argUid).toBeLessThan(run);
    expect(instructions.filter((i) => i.startsWith('USER ')).at(-1)).toBe('USER ${UID}:${GID}');
    expect(instructions).toContain('WORKDIR /workspace');
    expect(instructions).toContain('ARG USERNAME=ana');
  });

  it('gives compose the same user, workspace mount and build args', () => {
    const service = out.compose().services.app;
    expect(service.volumes).toEqual(['.:/workspace']);
    if (strategy === 'build-arg') {
      expect(Object.keys(service.build.args)).toEqual(['UID', 'GID']);
      expect(service.user).toBe(`${service.build.args.UID}:${service.build.args.GID}`);
      expect(out.read('.env')).toBe('HOST_UID=1500\nHOST_GID=20\n');
      expect(out.dockerfile()).toEqual(expect.arrayContaining(['ARG UID', 'ARG GID']));
    } else {
      const [uid, gid] = strategy === 'fixed' ? [1234567890, 20] : [1000, 1000];
      expect(service.build.args).toBeUndefined();
      expect(service.user).toBe(`${uid}:${gid}`);
      expect(out.dockerfile()).toEqual(expect.arrayContaining([`ARG UID=${uid}`, `ARG GID=${gid}`]));
    }
  });

  it('writes a devcontainer.json that is valid against the spec and points at the same service', () => {
    const config = out.devcontainer();
    expect(validateDevcontainer(config)).toEqual([]);
    expect(config).toMatchObject({
      dockerComposeFile: '../docker-compose.yml',
      service: 'app',
      workspaceFolder: '/workspace',
      containerUser: 'ana',
      remoteUser: 'ana',
      updateRemoteUserUID: strategy === 'devcontainer',
    });
    expect('initializeCommand' in config).toBe(strategy === 'build-arg');
  });

  it('git-ignores .env and keeps it out of the build context', () => {
    expect(out.read('.gitignore')).toBe('.env\n');
    expect(out.read('.dockerignore')).toBe('.git\n.env\n');
  });

  it('stores the answers, but never per-host IDs', () => {
    const stored = JSON.parse(out.read('.yo-rc.json'))['generator-nonroot'];
    expect(stored).toMatchObject({ idStrategy: strategy, username: 'ana' });
    expect('uid' in stored).toBe(strategy === 'fixed');
  });
});

describe('shell-less base images', () => {
  it("creates the user in a builder stage from the base image's own account files, with no RUN in the final stage", async () => {
    const out = await generate({
      options: { yes: true, 'base-image': 'gcr.io/distroless/static-debian12', 'builder-image': 'busybox:1.37', username: 'ana' },
    });
    const instructions = out.dockerfile();
    expect(instructions.filter((i) => i.startsWith('FROM '))).toEqual([
      'FROM busybox:1.37 AS nonroot-user',
      'FROM gcr.io/distroless/static-debian12',
    ]);
    const builder = instructions.slice(0, instructions.indexOf('FROM gcr.io/distroless/static-debian12'));
    expect(builder).toContain('COPY --from=gcr.io/distroless/static-debian12 /etc/passwd /etc/group /etc/');
    const finalStage = instructions.slice(builder.length);
    expect(finalStage.some((i) => i.startsWith('RUN '))).toBe(false);
    expect(finalStage).toEqual(
      expect.arrayContaining([
        'COPY --from=nonroot-user /etc/passwd /etc/group /etc/',
        'COPY --from=nonroot-user --chown=${UID}:${GID} /home/${USERNAME} /home/${USERNAME}',
        'COPY --from=nonroot-user --chown=${UID}:${GID} /workspace /workspace',
      ]),
    );
    // The block ends as the user; the skeleton's WORKDIR follows it.
    expect(finalStage.filter((i) => i.startsWith('USER '))).toEqual(['USER ${UID}:${GID}']);
    expect(finalStage.at(-1)).toBe('WORKDIR /workspace');
    out.cleanup();
  });

  it('supports scratch: the builder writes minimal account files (root and the user), copied with the home and workspace', async () => {
    const out = await generate({ options: { yes: true, 'base-image': 'scratch', username: 'ana' } });
    const instructions = out.dockerfile();
    expect(instructions.filter((i) => i.startsWith('FROM '))).toEqual(['FROM busybox:1.37 AS nonroot-user', 'FROM scratch']);
    expect(instructions).toContain("RUN echo 'root:x:0:0:root:/root:/sbin/nologin' >/etc/passwd && echo 'root:x:0:' >/etc/group");
    expect(instructions.slice(instructions.indexOf('FROM scratch'))).toEqual(
      expect.arrayContaining([
        'COPY --from=nonroot-user /etc/passwd /etc/group /etc/',
        'COPY --from=nonroot-user --chown=${UID}:${GID} /workspace /workspace',
        'USER ${UID}:${GID}',
      ]),
    );
    out.cleanup();
  });
});
