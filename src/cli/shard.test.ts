// Shards and merge: every stage run as N tasks with --shard I/N, merged, equals the single-process run; a complete
// part makes a repeated task a no-op; an incomplete set is refused with the tasks to run again. And `plan`: the sbatch
// array and the Kubernetes Indexed Job, the latter checked against the Job schema (kubernetes-models' validator).

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli } from './testing.ts';

const read = (f: string) => readFileSync(f, 'utf8');
/** A folder's files (relative names) with their bytes, manifest.json left out (it records times and the parts). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'manifest.json') out[path.relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

async function sharded(stage: string[], input: string, out: string, n: number) {
  for (let i = 0; i < n; i++) {
    const r = await runCli([...stage, input, '--shard', `${i}/${n}`, '--out', out]);
    expect(r.code, r.err).toBe(0);
  }
}

describe('--shard I/N and merge', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-shard-'));
  const demo = path.join(dir, 'demo');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('score in 3 shards, merged, equals the single-process output byte for byte', async () => {
    expect((await runCli(['demo', '--out', demo, '--seed', '9', '--count', '60'])).code).toBe(0);
    expect((await runCli(['score', demo, '--out', path.join(dir, 'single')])).code).toBe(0);
    await sharded(['score'], demo, path.join(dir, 'parts'), 3);
    expect(readdirSync(path.join(dir, 'parts')).sort()).toEqual(['part-00000-of-00003', 'part-00001-of-00003', 'part-00002-of-00003']);
    const part1 = JSON.parse(read(path.join(dir, 'parts/part-00001-of-00003/manifest.json')));
    expect(part1.shard).toEqual({ index: 1, count: 3, inputItems: 60, items: 20 });
    const merged = await runCli(['merge', path.join(dir, 'parts'), '--out', path.join(dir, 'merged'), '--json']);
    expect(merged.code, merged.err).toBe(0);
    expect(JSON.parse(merged.out)).toMatchObject({ parts: 3, rows: 60 });
    expect(files(path.join(dir, 'merged'))).toEqual(files(path.join(dir, 'single')));
    const manifest = JSON.parse(read(path.join(dir, 'merged/manifest.json')));
    expect(manifest).toMatchObject({ stage: 'score', rows: 60, merged: { parts: 3 } });
    expect(manifest.shard).toBeUndefined();
  });

  it('a task whose part is complete does nothing; a killed run’s partial folder is cleared; --force makes it again', async () => {
    const parts = path.join(dir, 'parts');
    const part = path.join(parts, 'part-00001-of-00003');
    const before = read(path.join(part, 'manifest.json'));
    mkdirSync(path.join(parts, '.part-00001-of-00003.partial-99999'));
    const again = await runCli(['score', demo, '--shard', '1/3', '--out', parts]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/complete already — nothing to do/);
    expect(again.out).toBe('');
    expect(read(path.join(part, 'manifest.json'))).toBe(before);
    expect(existsSync(path.join(parts, '.part-00001-of-00003.partial-99999'))).toBe(false);
    const forced = await runCli(['score', demo, '--shard', '1/3', '--out', parts, '--force']);
    expect(forced.code).toBe(0);
    expect(read(path.join(part, 'metadata.jsonl'))).toBe(read(path.join(parts, 'part-00001-of-00003/metadata.jsonl')));
  });

  it('refuses a set with a part missing, naming the task to run again, and writes nothing', async () => {
    const some = path.join(dir, 'some');
    mkdirSync(some);
    for (const i of [0, 2]) {
      const r = await runCli(['score', demo, '--shard', `${i}/3`, '--out', some]);
      expect(r.code).toBe(0);
    }
    const r = await runCli(['merge', some, '--out', path.join(dir, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/1 of 3 parts are missing \(part-00001-of-00003\) — run tasks 1 again \(sbatch --array=1/);
    expect(existsSync(path.join(dir, 'nope'))).toBe(false);
    // Parts of different runs do not mix.
    await sharded(['score'], demo, path.join(dir, 'two'), 2);
    const mixed = await runCli(['merge', path.join(some, 'part-00000-of-00003'), path.join(dir, 'two/part-00001-of-00002'), '--out', path.join(dir, 'nope')]);
    expect(mixed.err).toMatch(/is a part of 2 shards, .* of 3 — merge the parts of one run only/);
  });

  it('refuses a part whose rows do not match its shard (a truncated or edited part)', async () => {
    const cut = path.join(dir, 'cut');
    await sharded(['score'], demo, cut, 2);
    const meta = path.join(cut, 'part-00001-of-00002/metadata.jsonl');
    writeFileSync(meta, read(meta).split('\n').slice(0, 5).join('\n'));
    const r = await runCli(['merge', cut, '--out', path.join(dir, 'nope')]);
    expect(r.err).toMatch(/part-00001-of-00002: 5 rows where its shard of 60 input items has 30 — run its task again with --force/);
  });

  it('negatives with image edits in 4 shards merge to the single run: rows, negatives.jsonl (whole-set filter), images', async () => {
    const input = path.join(dir, 'demo200');
    expect((await runCli(['demo', '--out', input, '--seed', '11', '--count', '200'])).code).toBe(0);
    expect((await runCli(['negatives', input, '--image-edits', '--out', path.join(dir, 'nsingle')])).code).toBe(0);
    await sharded(['negatives', '--image-edits'], input, path.join(dir, 'nparts'), 4);
    expect((await runCli(['merge', path.join(dir, 'nparts'), '--out', path.join(dir, 'nmerged')])).code).toBe(0);
    const single = read(path.join(dir, 'nsingle/negatives.jsonl'));
    // The "far easier" filter is a whole-set rule: some are set aside, and merge sets aside the same ones.
    expect(single.match(/far easier/g)?.length ?? 0).toBeGreaterThan(0);
    expect(files(path.join(dir, 'nmerged'))).toEqual(files(path.join(dir, 'nsingle')));
    const manifest = JSON.parse(read(path.join(dir, 'nmerged/manifest.json')));
    expect(manifest.negatives).toBe(single.trim().split('\n').length);
  }, 120_000);

  it('the repair route in 2 shards merges to the single run (up to its run times and job ids)', async () => {
    const input = path.join(dir, 'demo200');
    expect((await runCli(['repair', input, '--provider', 'offline', '--out', path.join(dir, 'rsingle')])).code).toBe(0);
    await sharded(['repair', '--provider', 'offline'], input, path.join(dir, 'rparts'), 2);
    expect((await runCli(['merge', path.join(dir, 'rparts'), '--out', path.join(dir, 'rmerged')])).code).toBe(0);
    const norm = (f: string) =>
      read(f)
        .replace(/"at":"[^"]*"/g, '"at":…')
        .replace(/"jobId":"[^"]*"/g, '"jobId":…');
    const single = norm(path.join(dir, 'rsingle/metadata.jsonl'));
    expect(single).toMatch(/"origin":"repaired"|"origin":"vlm"|"jobId"/);
    expect(norm(path.join(dir, 'rmerged/metadata.jsonl'))).toBe(single);
  }, 120_000);

  it('score --embeddings in 3 shards: the merged vectors/ equal the single run; dedup and score reuse them', async () => {
    const single = path.join(dir, 'esingle');
    expect((await runCli(['score', demo, '--embeddings', '--out', single])).code).toBe(0);
    await sharded(['score', '--embeddings'], demo, path.join(dir, 'eparts'), 3);
    expect((await runCli(['merge', path.join(dir, 'eparts'), '--out', path.join(dir, 'emerged')])).code).toBe(0);
    const merged = files(path.join(dir, 'emerged'));
    expect(
      Object.keys(merged)
        .filter((f) => f.startsWith('vectors/'))
        .sort(),
    ).toEqual([
      'vectors/tiny-clip-cnn/keys.txt',
      'vectors/tiny-clip-cnn/model.json',
      'vectors/tiny-clip-cnn/vectors.npy',
      'vectors/tiny-clip-vit/keys.txt',
      'vectors/tiny-clip-vit/model.json',
      'vectors/tiny-clip-vit/vectors.npy',
    ]);
    const want = files(single);
    expect(Object.keys(merged).filter((k) => merged[k] !== want[k])).toEqual([]);
    expect(merged).toEqual(want);
    const manifest = JSON.parse(read(path.join(dir, 'emerged/manifest.json')));
    expect(Object.keys(manifest.vectors)).toEqual(['tiny-clip-vit', 'tiny-clip-cnn']);
    // dedup's embedding pass as shard tasks gives the same parts as score --embeddings.
    await sharded(['dedup'], demo, path.join(dir, 'dparts'), 3);
    expect((await runCli(['merge', path.join(dir, 'dparts'), '--out', path.join(dir, 'dmerged')])).code).toBe(0);
    expect(files(path.join(dir, 'dmerged'))).toEqual(files(single));
    // dedup on the merged folder encodes no image again.
    const dedup = await runCli(['dedup', path.join(dir, 'emerged')]);
    // Every pair's image has stored embeddings (lone images have none: score embeds pairs).
    const imageKeys = ['tiny-clip-vit', 'tiny-clip-cnn'].map(
      (m) =>
        read(path.join(dir, `emerged/vectors/${m}/keys.txt`))
          .split('\n')
          .filter((k) => k.startsWith('image:')).length,
    );
    expect(imageKeys[0]).toBeGreaterThan(40);
    expect(dedup.err).toContain(`${imageKeys[0] + imageKeys[1]} stored image embedding(s) reused`);
    // The same rankings as from scratch.
    expect(dedup.out).toBe((await runCli(['dedup', demo])).out);
    // Scoring the merged folder again uses them too: the same scores.
    const again = await runCli(['score', path.join(dir, 'emerged'), '--json']);
    const fresh = await runCli(['score', demo, '--json']);
    expect(again.out).toBe(fresh.out);
    // A damaged store is named, not used, and nothing else is lost.
    writeFileSync(path.join(dir, 'emerged/vectors/tiny-clip-vit/keys.txt'), 'image:x\n');
    const damaged = await runCli(['dedup', path.join(dir, 'emerged')]);
    expect(damaged.err).toMatch(/vectors\/tiny-clip-vit: stored embeddings not used \(keys.txt has 1 keys for \d+ vectors\) — they will be computed again/);
    expect(damaged.out).toBe(dedup.out);
  });

  it('export --format webdataset in 3 shards: each task writes its tars (k mod 3); merged, the set equals the single run byte for byte', async () => {
    const input = path.join(dir, 'nsingle');
    const args = ['--format', 'webdataset', '--shard-size', '20'];
    expect((await runCli(['export', input, ...args, '--out', path.join(dir, 'wsingle')])).code).toBe(0);
    await sharded(['export', ...args], input, path.join(dir, 'wparts'), 3);
    expect(readdirSync(path.join(dir, 'wparts/part-00001-of-00003')).sort()).toEqual([
      'manifest.json',
      'shard-000001.tar',
      'shard-000004.tar',
      'shard-000007.tar',
    ]);
    const merged = await runCli(['merge', path.join(dir, 'wparts'), '--out', path.join(dir, 'wmerged'), '--json']);
    expect(merged.code, merged.err).toBe(0);
    expect(JSON.parse(merged.out)).toMatchObject({ parts: 3, format: 'webdataset', shards: 9 });
    const single = files(path.join(dir, 'wsingle'));
    expect(Object.keys(single)).toHaveLength(9);
    expect(files(path.join(dir, 'wmerged'))).toEqual(single);
    expect(read(path.join(dir, 'wmerged/manifest.json'))).toBe(read(path.join(dir, 'wsingle/manifest.json')));
    // One table cannot be split by tar.
    const jsonl = await runCli(['export', input, '--format', 'jsonl', '--shard', '0/2', '--out', path.join(dir, 'wx')]);
    expect(jsonl.err).toMatch(/export --shard writes WebDataset tar shards \(--format webdataset\); jsonl is one table/);
  });

  it('checks --shard', async () => {
    for (const bad of ['3/3', '1', 'a/b', '0/0', '1/100000']) {
      const r = await runCli(['score', 'x', '--shard', bad, '--out', '/tmp/x']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/give I\/N with 0 ≤ I < N/);
    }
    expect((await runCli(['score', 'x', '--shard', '0/2'])).err).toMatch(/--shard needs --out DIR/);
  });
});

describe('the approved cut travels back: export --cut FILE', () => {
  it("obeys the threshold in an app export's manifest.json, and refuses an unapproved cut or a model without scores", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-cut-'));
    const demo = path.join(dir, 'demo');
    expect((await runCli(['demo', '--out', demo, '--seed', '9', '--count', '60'])).code).toBe(0);
    expect((await runCli(['score', demo, '--out', path.join(dir, 'scored')])).code).toBe(0);
    const rows = read(path.join(dir, 'scored/metadata.jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const want = rows.filter((r) => r.kind === 'pair' && r.status !== 'rejected' && r.scores?.['tiny-clip-vit'] >= 0.4).map((r) => r.text);
    expect(want.length).toBeGreaterThan(5);
    expect(want.length).toBeLessThan(rows.filter((r) => r.kind === 'pair').length);
    // What the app's export writes into manifest.json (worker/data/trainingExport.ts).
    const manifest = path.join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ format: 'jsonl', threshold: { model: 'tiny-clip-vit', value: 0.4, approved: true } }));
    const r = await runCli(['export', path.join(dir, 'scored'), '--format', 'jsonl', '--cut', manifest, '--out', path.join(dir, 'train')]);
    expect(r.code, r.err).toBe(0);
    const exported = read(path.join(dir, 'train/data.jsonl'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).text);
    expect(exported.sort()).toEqual(want.sort());
    expect(JSON.parse(read(path.join(dir, 'train/manifest.json'))).threshold).toEqual({
      model: 'tiny-clip-vit',
      value: 0.4,
      from: 'manifest.json',
      approved: true,
    });
    writeFileSync(manifest, JSON.stringify({ threshold: { model: 'tiny-clip-vit', value: 0.4, approved: false } }));
    const refused = await runCli(['export', path.join(dir, 'scored'), '--format', 'jsonl', '--cut', manifest, '--out', path.join(dir, 'x')]);
    expect(refused.err).toMatch(/was not approved — approve it on the threshold panel/);
    writeFileSync(manifest, JSON.stringify({ model: 'other-model', value: 0.2 }));
    const noScores = await runCli(['export', path.join(dir, 'scored'), '--format', 'jsonl', '--cut', manifest, '--out', path.join(dir, 'x')]);
    expect(noScores.err).toMatch(/is on "other-model", which no pair here has a score for \(they have tiny-clip-vit, tiny-clip-cnn, ensemble\)/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('clip-curator plan', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-plan-'));

  it('writes an sbatch array (one task per shard, requeue, retries), merge.sbatch after every task, submit.sh', async () => {
    const to = path.join(dir, 'slurm');
    const r = await runCli([
      'plan',
      '--engine',
      'slurm',
      '--stage',
      'negatives',
      '--shards',
      '16',
      '--out',
      '/shared/neg',
      '/shared/my data',
      '--to',
      to,
      '--cpus',
      '4',
    ]);
    expect(r.code, r.err).toBe(0);
    const array = read(path.join(to, 'negatives.sbatch'));
    expect(array).toMatch(/^#SBATCH --array=0-15$/m);
    expect(array).toMatch(/^#SBATCH --requeue$/m);
    expect(array).toMatch(/^#SBATCH --cpus-per-task=4$/m);
    expect(array).toContain(`negatives '/shared/my data' --shard "\${SLURM_ARRAY_TASK_ID}/16" --out /shared/neg`);
    expect(read(path.join(to, 'merge.sbatch'))).toMatch(/merge \/shared\/neg --out \/shared\/neg\.merged$/m);
    expect(read(path.join(to, 'submit.sh'))).toContain('--dependency=afterok:$array merge.sbatch');
    // Stage options after --, passed to every task.
    const withArgs = await runCli([
      'plan',
      '--engine',
      'slurm',
      '--stage',
      'negatives',
      '--shards',
      '2',
      '--out',
      'o',
      'in',
      '--to',
      to,
      '--force',
      '--',
      '--types',
      'color,count',
      '--threshold',
      '0.2',
    ]);
    expect(withArgs.code).toBe(0);
    expect(read(path.join(to, 'negatives.sbatch'))).toContain('--out o --types color,count --threshold 0.2');
    const refused = await runCli(['plan', '--engine', 'slurm', '--stage', 'score', '--shards', '2', '--out', 'o', 'in', '--to', to]);
    expect(refused.err).toMatch(/already holds a plan/);
    expect((await runCli(['plan', '--engine', 'nomad', '--stage', 'score', '--shards', '2', '--out', 'o', 'in'])).err).toMatch(
      /--engine must be slurm or kubernetes/,
    );
    expect((await runCli(['plan', '--engine', 'slurm', '--stage', 'search', '--shards', '2', '--out', 'o', 'in'])).err).toMatch(/--stage must be one of/);
    expect((await runCli(['plan', '--engine', 'slurm', '--stage', 'export', '--shards', '2', '--out', 'o', 'in', '--', '--format', 'jsonl'])).err).toMatch(
      /pass -- --format webdataset/,
    );
  });

  it('writes a Kubernetes Indexed Job and a merge Job that the Job schema accepts', async () => {
    const to = path.join(dir, 'k8s');
    const r = await runCli([
      'plan',
      '--engine',
      'kubernetes',
      '--stage',
      'score',
      '--shards',
      '8',
      '--parallel',
      '4',
      '--out',
      '/data/scored',
      '/data/raw',
      '--to',
      to,
      '--image',
      'registry.example/clip-curator:0.1',
      '--claim',
      'curation-data',
      '--cpus',
      '4',
      '--mem',
      '6Gi',
      '--',
      '--models',
      'tiny-clip-vit@q8',
    ]);
    expect(r.code, r.err).toBe(0);
    const job = parseYaml(read(path.join(to, 'score-job.yaml')));
    const merge = parseYaml(read(path.join(to, 'merge-job.yaml')));
    // The kept validator: kubernetes-models' JSON schema for batch/v1 Job (throws on a schema violation).
    expect(() => new Job(job).validate()).not.toThrow();
    expect(() => new Job(merge).validate()).not.toThrow();
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 8, parallelism: 4, backoffLimitPerIndex: 2 });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'curation-data' } }]);
    expect(pod.containers[0].args[0]).toBe(
      'exec clip-curator score /data/raw --shard "${JOB_COMPLETION_INDEX}/8" --out /data/scored --threads 4 --models tiny-clip-vit@q8',
    );
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '4', memory: '6Gi' }, limits: { memory: '6Gi' } });
    expect(merge.spec.template.spec.containers[0].args[0]).toBe('exec clip-curator merge /data/scored --out /data/scored.merged');
    expect(read(path.join(to, 'run.sh'))).toContain('kubectl wait --for=condition=complete --timeout=-1s job/clip-curator-score\n');
    // The validator does fail on a broken Job.
    expect(() => new Job({ ...job, spec: { ...job.spec, completions: 'eight' } }).validate()).toThrow(/completions must be integer/);
    rmSync(dir, { recursive: true, force: true });
  });
});
